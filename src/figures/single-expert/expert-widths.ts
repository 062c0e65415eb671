/** Expert widths side by side: MiniSeek's from its config, DeepSeek-V2's and V3's from their published sizes. */
import type { MiniSeekConfig } from '../../model/config';
import { PUBLISHED, type PublishedConfig } from '../../model/published-configs';

export interface ExpertWidths {
  readonly name: string;
  /** D, the width of the residual stream. */
  readonly hidden: number;
  /** F, the dense layers' width, where a source we cite gives it. */
  readonly dense?: number;
  /** F_e, one expert's hidden width. */
  readonly expert: number;
  readonly shared: number;
  readonly routed: number;
  readonly active: number;
  /** (N_s + K_r)·F_e: the hidden units one token goes through in one MoE layer. */
  readonly perToken: number;
  /** Group-limited routing, where the config gives it: K_r experts picked inside the best `kept` of `groups` groups. */
  readonly groups?: { readonly groups: number; readonly kept: number };
  readonly source: string;
}

type WidthKeys = 'hidden_size' | 'intermediate_size' | 'moe_intermediate_size' | 'n_shared_experts' | 'n_routed_experts' | 'num_experts_per_tok' | 'n_group' | 'topk_group';

function widths(name: string, c: Pick<PublishedConfig, WidthKeys>, source: string): ExpertWidths {
  const expert = c.moe_intermediate_size;
  const shared = c.n_shared_experts;
  const routed = c.n_routed_experts;
  const active = c.num_experts_per_tok;
  if (expert === undefined || shared === undefined || routed === undefined || active === undefined) throw new Error(`expert widths: ${name} has no expert sizes`);
  const groups = c.n_group !== undefined && c.topk_group !== undefined ? { groups: c.n_group, kept: c.topk_group } : undefined;
  return { name, hidden: c.hidden_size, dense: c.intermediate_size, expert, shared, routed, active, perToken: (shared + active) * expert, groups, source };
}

/**
 * @example expertWidths(config).map((w) => w.expert) // [32, 1536, 2048]
 */
export function expertWidths(config: MiniSeekConfig): ExpertWidths[] {
  const v2 = PUBLISHED['deepseek-v2'];
  const v3 = PUBLISHED['deepseek-v3'];
  return [
    widths('MiniSeek', config, 'public/models/miniseek/config.json'),
    widths(v2.name, v2, v2.moe_source!),
    widths(v3.name, v3, v3.moe_source!),
  ];
}

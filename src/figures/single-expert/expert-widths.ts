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
  readonly source: string;
}

function widths(name: string, c: Pick<PublishedConfig, 'hidden_size' | 'intermediate_size' | 'moe_intermediate_size' | 'n_shared_experts' | 'n_routed_experts' | 'num_experts_per_tok'>, source: string): ExpertWidths {
  const expert = c.moe_intermediate_size;
  const shared = c.n_shared_experts;
  const routed = c.n_routed_experts;
  const active = c.num_experts_per_tok;
  if (expert === undefined || shared === undefined || routed === undefined || active === undefined) throw new Error(`expert widths: ${name} has no expert sizes`);
  return { name, hidden: c.hidden_size, dense: c.intermediate_size, expert, shared, routed, active, perToken: (shared + active) * expert, source };
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

/**
 * Every DeepSeek model the course's reference files list, from DeepSeek LLM (January 2024) to DeepSeek-V4 (April 2026),
 * as data: date, published sizes, context, the change it brought, its source, and which facts the reference marks
 * unverified (deepseek-after-r1.md §6, deepseek-facts.md). Parameter counts are not here: timeline-counts.ts computes
 * them from the configs in src/model/published-configs.ts.
 */

export type EraId = 'dense' | 'experts' | 'latent' | 'v3' | 'reasoning' | 'updates' | 'sparse' | 'v4';

export interface Era {
  readonly id: EraId;
  readonly title: string;
}

export const ERAS: readonly Era[] = [
  { id: 'dense', title: 'A dense start' },
  { id: 'experts', title: 'Experts and GRPO' },
  { id: 'latent', title: 'Latent attention' },
  { id: 'v3', title: 'DeepSeek-V3' },
  { id: 'reasoning', title: 'Reasoning by RL' },
  { id: 'updates', title: 'Same weights’ shape, new training' },
  { id: 'sparse', title: 'Sparse attention' },
  { id: 'v4', title: 'DeepSeek-V4' },
];

/** Which computed count a model shares (timeline-counts.ts); absent where no config in our sources describes it. */
export type CountId = 'deepseek-v2' | 'deepseek-v2-lite' | 'deepseek-v3' | 'deepseek-v3.2' | 'deepseek-v4-flash' | 'deepseek-v4-pro';

export interface TimelineModel {
  readonly id: string;
  readonly name: string;
  readonly era: EraId;
  /** ISO date, to the day where the source gives the day, else to the month ('2024-01'). */
  readonly date: string;
  /** The date as the page prints it, with what it is (release, paper). */
  readonly dateText: string;
  /** The published sizes as the source writes them. */
  readonly sizeText: string;
  /** The table's total and active cells, as published (or why none is). */
  readonly totalText: string;
  readonly activeText: string;
  /** Published total and active parameters, for sorting; active = total for a dense model. */
  readonly total: number;
  readonly active: number;
  /** Context length in tokens, where a source gives it. */
  readonly context?: number;
  /** The architectural or training change it introduced, in the course's words. */
  readonly change: string;
  /** Where the facts were read. */
  readonly source: string;
  /** Why a fact of this row is marked unverified in the reference files; each such fact carries a visible marker. */
  readonly unverified?: { readonly date?: string; readonly size?: string; readonly change?: string };
  /** A fact read only in a secondary source (tracker, blog) that the reference nonetheless lists. */
  readonly secondary?: string;
  readonly count?: CountId;
  /** Why there is no computed count. */
  readonly noCount?: string;
}

const B = 1e9;
const K128 = 128 * 1024;

export const MODELS: readonly TimelineModel[] = [
  {
    id: 'deepseek-llm',
    name: 'DeepSeek LLM 7B / 67B',
    era: 'dense',
    date: '2024-01',
    dateText: 'paper Jan 2024; weights Nov 2023',
    sizeText: '67B dense (also 7B)',
    totalText: '67B (also 7B)',
    activeText: 'all (dense)',
    total: 67 * B,
    active: 67 * B,
    context: 4096,
    change: 'A dense LLaMA-style decoder trained on 2T tokens; the 67B uses grouped-query attention (8 key–value heads), the 7B plain multi-head attention.',
    source: 'arXiv 2401.02954; deepseek-ai/DeepSeek-LLM README @1b79a65 §1, §4',
    unverified: { date: 'The weights’ release month (November 2023) is not confirmed in a primary source; the paper’s month comes from its arXiv id.' },
    noCount: 'Our sources give its layers, width and heads but not its feed-forward width.',
  },
  {
    id: 'deepseekmoe',
    name: 'DeepSeekMoE 16B',
    era: 'experts',
    date: '2024-01',
    dateText: 'Jan 2024',
    sizeText: '16.4B / 2.8B',
    totalText: '16.4B',
    activeText: '2.8B',
    total: 16.4 * B,
    active: 2.8 * B,
    change: 'Fine-grained experts (each a quarter of a standard FFN) plus shared experts that every token uses: 2 shared + 64 routed, 6 routed per token.',
    source: 'arXiv 2401.06066 §3.1–3.2, §5; DeepSeek-MoE README @4b411c7',
    unverified: { date: 'The day of release is not confirmed; the month comes from the arXiv id.' },
    noCount: 'Our sources give its layers, width and experts but not its attention or vocabulary sizes.',
  },
  {
    id: 'deepseekmath',
    name: 'DeepSeekMath 7B',
    era: 'experts',
    date: '2024-02',
    dateText: 'Feb 2024 (arXiv)',
    sizeText: '7B',
    totalText: '7B',
    activeText: 'all (dense)',
    total: 7 * B,
    active: 7 * B,
    change: 'Introduces GRPO: PPO without a value network, each answer’s advantage measured against a group of G = 64 answers to the same question.',
    source: 'arXiv 2402.03300 §4.1.1, §4.2',
    noCount: 'Not a new architecture; our sources give no config for it.',
  },
  {
    id: 'deepseek-v2',
    name: 'DeepSeek-V2',
    era: 'latent',
    date: '2024-05-06',
    dateText: '6 May 2024',
    sizeText: '236B / 21B',
    totalText: '236B',
    activeText: '21B',
    total: 236 * B,
    active: 21 * B,
    context: K128,
    change: 'Multi-head latent attention (MLA): a 512-wide latent plus a 64-wide RoPE key cached per token; DeepSeekMoE at scale (2 shared + 160 routed, 6 per token) with expert-, device- and communication-balance losses; GRPO for its chat model.',
    source: 'arXiv 2405.04434 abstract, §2.1–2.2, §3.1.2, §4.2; date: HF DeepSeek-V2-Lite-Chat README news (commit 935c70a)',
    count: 'deepseek-v2',
  },
  {
    id: 'deepseek-v2-lite',
    name: 'DeepSeek-V2-Lite',
    era: 'latent',
    date: '2024-05-16',
    dateText: '16 May 2024',
    sizeText: '15.7B / 2.4B',
    totalText: '15.7B',
    activeText: '2.4B',
    total: 15.7 * B,
    active: 2.4 * B,
    change: 'MLA without query compression; 2 shared + 64 routed experts, 6 per token.',
    source: 'arXiv 2405.04434 Appendix B; date: HF DeepSeek-V2-Lite-Chat README news (commit 935c70a)',
    count: 'deepseek-v2-lite',
  },
  {
    id: 'deepseek-coder-v2',
    name: 'DeepSeek-Coder-V2 (+ Lite)',
    era: 'latent',
    date: '2024-06',
    dateText: 'Jun 2024',
    sizeText: '236B / 21B; Lite 16B / 2.4B',
    totalText: '236B (Lite 16B)',
    activeText: '21B (Lite 2.4B)',
    total: 236 * B,
    active: 21 * B,
    context: K128,
    change: 'V2’s architecture, pre-training continued from a V2 checkpoint on 6T more tokens, mostly code and math.',
    source: 'arXiv 2406.11931; DeepSeek-Coder-V2 README @09209c4',
    unverified: { date: 'The day of release is not confirmed; the month comes from the arXiv id.' },
    noCount: 'Our sources give no config of its own (its architecture is V2’s).',
  },
  {
    id: 'deepseek-v2.5',
    name: 'DeepSeek-V2.5',
    era: 'latent',
    date: '2024-09',
    dateText: 'Sep 2024',
    sizeText: '236B / 21B',
    totalText: '236B',
    activeText: '21B',
    total: 236 * B,
    active: 21 * B,
    change: 'No architectural change: the chat and coder models merged into one.',
    source: 'none read: the reference lists it without a primary source',
    unverified: {
      date: 'No primary source for the date.',
      size: 'No primary source for the sizes.',
      change: 'No primary source for what changed.',
    },
    noCount: 'No config in our sources.',
  },
  {
    id: 'deepseek-v3',
    name: 'DeepSeek-V3',
    era: 'v3',
    date: '2024-12',
    dateText: 'Dec 2024',
    sizeText: '671B / 37B (+14B MTP = 685B)',
    totalText: '671B (685B with the MTP module)',
    activeText: '37B',
    total: 671 * B,
    active: 37 * B,
    context: K128,
    change: 'Sigmoid affinities, balanced mainly by an auxiliary-loss-free bias b_i that only chooses (a tiny sequence-wise loss remains); V2’s device-limited routing moved to whole nodes (at most 4); multi-token prediction; FP8 training; 14.8T tokens on 2,048 H800 GPUs.',
    source: 'arXiv 2412.19437 §2.1.2 (eqs. 15–16), §2.2, §3.1, §3.3, §4.2; README (685B) and README_WEIGHTS.md as corrected on Hugging Face (36.6B active with the output head, without the embedding)',
    count: 'deepseek-v3',
  },
  {
    id: 'deepseek-r1',
    name: 'DeepSeek-R1-Zero / R1',
    era: 'reasoning',
    date: '2025-01',
    dateText: 'Jan 2025 (arXiv v1); Nature 2025',
    sizeText: 'built on V3-Base (671B / 37B)',
    totalText: '671B (V3-Base)',
    activeText: '37B',
    total: 671 * B,
    active: 37 * B,
    change: 'No architectural change. R1-Zero: GRPO applied directly to V3-Base with rule-based accuracy and format rewards, no supervised stage first. R1: cold-start SFT, RL, rejection sampling with 800k-sample SFT, RL again. The R1-Distill models are plain SFT of Qwen2.5 and Llama checkpoints on those 800k samples.',
    source: 'arXiv 2501.12948 §2 (v1); Nature 645, 633–638 (2025)',
    count: 'deepseek-v3',
  },
  {
    id: 'deepseek-v3-0324',
    name: 'DeepSeek-V3-0324',
    era: 'updates',
    date: '2025-03-24',
    dateText: '24 Mar 2025 (date in the name)',
    sizeText: '671B / 37B (685B on HF)',
    totalText: '671B (685B on HF)',
    activeText: '37B',
    total: 671 * B,
    active: 37 * B,
    change: 'No architectural change: a post-training update. From this model on, RL keeps each sampled token’s expert routing during training (“Keep Routing”).',
    source: 'HF collection; arXiv 2512.02556 §3.1 (Keep Routing “since DeepSeek-V3-0324”)',
    secondary: 'Sizes from the Hugging Face collection page.',
    count: 'deepseek-v3',
  },
  {
    id: 'deepseek-r1-0528',
    name: 'DeepSeek-R1-0528',
    era: 'updates',
    date: '2025-05-28',
    dateText: '28 May 2025 (date in the name)',
    sizeText: '671B / 37B',
    totalText: '671B',
    activeText: '37B',
    total: 671 * B,
    active: 37 * B,
    change: 'No architectural change.',
    source: 'DeepSeek-V3.1 model card, benchmark table (the name only)',
    count: 'deepseek-v3',
  },
  {
    id: 'deepseek-v3.1',
    name: 'DeepSeek-V3.1',
    era: 'updates',
    date: '2025-08-21',
    dateText: '21 Aug 2025',
    sizeText: '671B / 37B',
    totalText: '671B',
    activeText: '37B',
    total: 671 * B,
    active: 37 * B,
    context: K128,
    change: 'No architectural change. Hybrid thinking: one model, thinking or not chosen by the chat template (<think> or </think>); long-context extension on 630B + 209B tokens; FP8 scales in UE8M0 (powers of two).',
    source: 'DeepSeek API change log (api-docs.deepseek.com/updates); HF deepseek-ai/DeepSeek-V3.1 model card',
    count: 'deepseek-v3',
  },
  {
    id: 'deepseek-v3.1-terminus',
    name: 'DeepSeek-V3.1-Terminus',
    era: 'updates',
    date: '2025-09-22',
    dateText: '22 Sep 2025',
    sizeText: '671B / 37B',
    totalText: '671B',
    activeText: '37B',
    total: 671 * B,
    active: 37 * B,
    context: K128,
    change: 'No architectural change: fewer mixed Chinese–English answers, better code and search agents.',
    source: 'DeepSeek API change log; V3.2-Exp paper §1–2 (its base “extended to 128K”)',
    count: 'deepseek-v3',
  },
  {
    id: 'deepseek-v3.2-exp',
    name: 'DeepSeek-V3.2-Exp',
    era: 'sparse',
    date: '2025-09-29',
    dateText: '29 Sep 2025',
    sizeText: 'none (V3.1-Terminus: 671B / 37B)',
    totalText: 'none published (V3.1-Terminus: 671B)',
    activeText: 'none published (37B)',
    total: 671 * B,
    active: 37 * B,
    context: K128,
    change: 'DeepSeek Sparse Attention (DSA): a lightning indexer (64 heads × 128, FP8) scores the earlier tokens and each query attends to its top 2,048, on MLA’s MQA mode; continued training from V3.1-Terminus.',
    source: 'V3.2-Exp paper (DeepSeek_V3_2.pdf, github deepseek-ai/DeepSeek-V3.2-Exp @ 3b99a53) §1–2; inference/config_671B_v3.2.json',
    count: 'deepseek-v3.2',
  },
  {
    id: 'deepseek-v3.2',
    name: 'DeepSeek-V3.2 / V3.2-Speciale',
    era: 'sparse',
    date: '2025-12-01',
    dateText: '1 Dec 2025',
    sizeText: 'none (V3.1-Terminus: 671B / 37B)',
    totalText: 'none published',
    activeText: 'none published',
    total: 671 * B,
    active: 37 * B,
    context: K128,
    change: 'The same architecture as V3.2-Exp; GRPO scaled up: an unbiased KL estimate, off-policy sequence masking, Keep Routing, Keep Sampling Mask.',
    source: 'arXiv 2512.02556 §2.1, §3.1; DeepSeek API change log',
    count: 'deepseek-v3.2',
  },
  {
    id: 'deepseek-v4-flash',
    name: 'DeepSeek-V4-Flash (preview)',
    era: 'v4',
    date: '2026-04-24',
    dateText: '24 Apr 2026',
    sizeText: '284B / 13B',
    totalText: '284B',
    activeText: '13B',
    total: 284 * B,
    active: 13 * B,
    context: 1_048_576,
    change: 'Hybrid compressed attention: a 128-token sliding window in every layer, plus CSA (entries pooled over 4 tokens, an indexer keeps the top 512) or HCA (pooled over 128); one shared 512-wide key = value; manifold-constrained hyper-connections (4 residual streams); √softplus routing without groups; hash routing in the first 3 layers; FP4 experts; Muon.',
    source: 'V4-Flash README, config.json, inference/model.py (HF deepseek-ai/DeepSeek-V4-Flash, mirror github yafengge/DeepSeek-V4-Flash @ 60d8d70)',
    count: 'deepseek-v4-flash',
  },
  {
    id: 'deepseek-v4-pro',
    name: 'DeepSeek-V4-Pro (preview)',
    era: 'v4',
    date: '2026-04-24',
    dateText: '24 Apr 2026',
    sizeText: '1.6T / 49B',
    totalText: '1.6T',
    activeText: '49B',
    total: 1600 * B,
    active: 49 * B,
    context: 1_048_576,
    change: 'V4-Flash’s design at larger size: 61 layers, 384 routed experts, the indexer keeps the top 1,024.',
    source: 'V4-Flash README (Model Downloads); V4-Pro config.json (third-party copy, github Nicooo-Wang/DeepSeek-V4-Pro-code @ 0ec3a03)',
    count: 'deepseek-v4-pro',
  },
  {
    id: 'deepseek-v4-flash-0731',
    name: 'DeepSeek-V4-Flash-0731',
    era: 'v4',
    date: '2026-07-31',
    dateText: '31 Jul 2026',
    sizeText: 'as V4-Flash',
    totalText: '284B (as V4-Flash)',
    activeText: '13B (as V4-Flash)',
    total: 284 * B,
    active: 13 * B,
    change: 'Retrained, same structure and size as the preview.',
    source: 'one GitHub issue (anomalyco/opencode#39823), a secondary source',
    unverified: {
      date: 'Only a secondary source (one GitHub issue) gives the date.',
      size: 'Only a secondary source says the size is unchanged.',
      change: 'Only a secondary source describes the change.',
    },
    noCount: 'No config in our sources.',
  },
];

/** True if any fact of the model is marked unverified. */
export const hasUnverified = (m: TimelineModel): boolean => m.unverified !== undefined && Object.values(m.unverified).some(Boolean);

/** A context length in words: 4K, 128K, 1M. */
export function contextText(tokens: number | undefined): string {
  if (tokens === undefined) return '—';
  if (tokens >= 1 << 20 && tokens % (1 << 20) === 0) return `${tokens / (1 << 20)}M`;
  return `${tokens / 1024}K`;
}

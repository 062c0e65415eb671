/**
 * "How to read headlines about DeepSeek": the claims of the course's timeline seed (file 002, lecture notes dated
 * 2025-02-28) beside what the sources say (deepseek-after-r1.md §7). The seed's words are quoted, never taught.
 */

/** V3 Table 1: 2.788M H800 GPU-hours at $2 per GPU-hour. */
export const V3_COST = { gpuHours: 2.788e6, dollarsPerHour: 2, gpus: 2048 } as const;
export const v3Dollars = (): number => V3_COST.gpuHours * V3_COST.dollarsPerHour;

export interface Headline {
  readonly id: string;
  /** The seed's claim, as it wrote it. */
  readonly claim: string;
  /** What the sources say instead. */
  readonly sources: string;
  readonly cite: string;
  /** A part of the answer the reference marks unverified, and why. */
  readonly unverified?: string;
}

const millions = (n: number) => `$${(n / 1e6).toFixed(3)}M`;

export const HEADLINES: readonly Headline[] = [
  {
    id: 'v1',
    claim: '“DeepSeek V1 (Jan 2024) 67 billion parameters. Traditional transformer model.”',
    sources: 'No model was released as “V1”. DeepSeek LLM 7B and 67B are dense LLaMA-style decoders, and the 67B uses grouped-query attention, not plain multi-head attention; their paper is from January 2024.',
    cite: 'arXiv 2401.02954; DeepSeek-LLM README §4',
    unverified: 'The weights’ release in late 2023 is not confirmed in a primary source.',
  },
  {
    id: 'v2',
    claim: '“DeepSeek V2 (June 2024) 236 billion parameters. Featured multi-headed attention and DeepSeek mixture of experts.”',
    sources: 'V2 was released on 6 May 2024 (June 2024 is Coder-V2) and introduced multi-head latent attention, which caches a 512-wide latent and a 64-wide RoPE key per token and layer instead of full keys and values. 236B is its total; 21B are active per token.',
    cite: 'arXiv 2405.04434 abstract, §2.1',
  },
  {
    id: 'rl',
    claim: '“DeepSeek V3 (Dec 2024) 671 billion parameters. Introduced reinforcement learning and load balancing across GPUs.”',
    sources: 'GRPO came with DeepSeekMath (February 2024), and V2’s chat model was already trained with it. V2 balanced its experts with expert-, device- and communication-level losses. What V3 added is balancing mainly without a loss (a bias that only chooses experts; a tiny sequence-wise loss remains), and it moved V2’s device limit to whole nodes.',
    cite: 'arXiv 2402.03300 §4.1; arXiv 2405.04434 §2.2, §4.2; arXiv 2412.19437 §2.1.2, eq. 16',
  },
  {
    id: 'r1-zero',
    claim: '“R1-Zero: first reasoning model using exclusively reinforcement learning.”',
    sources: 'R1-Zero is GRPO applied directly to V3-Base with rule-based accuracy and format rewards and no supervised stage before it. “First” is the notes’ own gloss; what the paper shows is RL without supervised fine-tuning first.',
    cite: 'arXiv 2501.12948 §2',
  },
  {
    id: 'distill',
    claim: '“Distilled models … model compression or translation between architectures.”',
    sources: 'The R1-Distill models are plain supervised fine-tuning of Qwen2.5 and Llama checkpoints on 800k samples written by R1, with no RL.',
    cite: 'arXiv 2501.12948 §2.4',
  },
  {
    id: 'gpus',
    claim: '“Only 2,000 GPUs for DeepSeek V3 while Meta used over 100,000 for Llama 4.”',
    sources: `V3’s paper reports a cluster of ${V3_COST.gpus.toLocaleString('en-US')} H800 GPUs and ${V3_COST.gpuHours / 1e6}M GPU-hours for the official run: ${millions(v3Dollars())} at $${V3_COST.dollarsPerHour} per GPU-hour, which leaves out earlier research and ablations. We read no primary source for the “100,000”: it is reportedly a cluster size Meta’s CEO mentioned, not a count of GPUs in one training run, and Llama 4 had not been released when the notes were written.`,
    cite: 'arXiv 2412.19437 §1, §3.1, Table 1',
    unverified: 'Everything said here about Meta’s figure (its origin, and that Llama 4 was not yet out) is unconfirmed in a primary source.',
  },
  {
    id: 'price',
    claim: '“Approximately 96% cheaper to run compared to O1.” (of R1)',
    sources: 'A comparison of API list prices, not a measured cost of serving either model.',
    cite: 'no primary source read',
    unverified: 'No primary source for the comparison.',
  },
];

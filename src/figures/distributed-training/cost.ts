/**
 * DeepSeek-V3's scale and cost (arXiv 2412.19437 §1 and Table 1, §3.1, §3.2): each figure the paper states as it
 * states it, and every product or sum computed here from its parts, with the paper's rounded figure beside it.
 */

/** What the paper states, with where. */
export const V3_STATED = {
  /** §3.1: "a cluster equipped with 2048 NVIDIA H800 GPUs"; "Each node … contains 8 GPUs". */
  gpus: 2048,
  gpusPerNode: 8,
  /** §3.2: 16-way PP, 64-way EP spanning 8 nodes, ZeRO-1 DP. */
  pipeline: 16,
  expertParallel: 64,
  expertNodes: 8,
  /** Table 1, H800 GPU hours by stage, and the total it prints. */
  hours: { pretraining: 2664e3, contextExtension: 119e3, postTraining: 5e3 },
  totalHours: 2.788e6,
  /** Table 1 and §1: "Assuming the rental price of the H800 GPU is $2 per GPU hour". */
  pricePerHour: 2,
  totalUsd: 5.576e6,
  usd: { pretraining: 5.328e6, contextExtension: 0.238e6, postTraining: 0.01e6 },
  /** Abstract and §4: 14.8T pre-training tokens. */
  tokens: 14.8e12,
  /** §1: "each trillion tokens requires only 180K H800 GPU hours, i.e., 3.7 days on our cluster with 2048 H800 GPUs". */
  hoursPerTrillion: 180e3,
  daysPerTrillion: 3.7,
} as const;

export interface V3Cost {
  readonly totalHours: number;
  readonly totalUsd: number;
  readonly usd: { readonly pretraining: number; readonly contextExtension: number; readonly postTraining: number };
  /** 180K GPU hours per trillion tokens × 14.8 trillion: the pre-training hours again, from the rate. */
  readonly pretrainingFromRate: number;
  /** 180K GPU hours spread over 2,048 GPUs, in days of 24 hours. */
  readonly daysPerTrillion: number;
  /** The whole pre-training on 2,048 GPUs, in days. */
  readonly pretrainingDays: number;
  /** 64-way EP over 8 nodes: devices per node; and the 256 routed experts per EP rank. */
  readonly epPerNode: number;
  readonly expertsPerGpu: number;
  /** Nodes in the cluster. */
  readonly nodes: number;
}

/** @example v3Cost(256).totalUsd // 5,576,000 */
export function v3Cost(routedExperts: number, s = V3_STATED): V3Cost {
  const totalHours = s.hours.pretraining + s.hours.contextExtension + s.hours.postTraining;
  const usd = {
    pretraining: s.hours.pretraining * s.pricePerHour,
    contextExtension: s.hours.contextExtension * s.pricePerHour,
    postTraining: s.hours.postTraining * s.pricePerHour,
  };
  return {
    totalHours,
    totalUsd: totalHours * s.pricePerHour,
    usd,
    pretrainingFromRate: s.hoursPerTrillion * (s.tokens / 1e12),
    daysPerTrillion: s.hoursPerTrillion / s.gpus / 24,
    pretrainingDays: s.hours.pretraining / s.gpus / 24,
    epPerNode: s.expertParallel / s.expertNodes,
    expertsPerGpu: routedExperts / s.expertParallel,
    nodes: s.gpus / s.gpusPerNode,
  };
}

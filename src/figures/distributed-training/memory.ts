/**
 * Memory and traffic of plain data parallelism and ZeRO-1, in bytes, from a parameter count. The bytes per
 * parameter are DeepSeek-V3's own choices (arXiv 2412.19437 §3.3.3): master weights and gradients in FP32, AdamW's
 * two moments in BF16. The BF16 working copy of the weights is our assumption (a common mixed-precision layout; V3's
 * FP8 products quantise weights on the fly and the paper does not list such a copy), and the chapter says so.
 */

/** One kind of per-parameter state, its bytes per parameter, and whether ZeRO-1 shards it. */
export interface StatePart {
  readonly id: 'weights' | 'master' | 'gradients' | 'moment1' | 'moment2';
  readonly label: string;
  readonly bytes: number;
  /** ZeRO-1 (Rajbhandari et al., arXiv 1910.02054 §5.1, P_os) shards the optimizer's state: master copy and moments. */
  readonly sharded: boolean;
}

export const BF16 = 2;
export const FP32 = 4;
export const FP8 = 1;

/** V3 §3.3.3: "master weights … and gradients … retained in FP32"; "BF16 … to track the first and second moments". */
export const TRAINING_STATE: readonly StatePart[] = [
  { id: 'weights', label: 'weights, BF16 (assumed working copy)', bytes: BF16, sharded: false },
  { id: 'master', label: 'master weights, FP32', bytes: FP32, sharded: true },
  { id: 'gradients', label: 'gradients, FP32', bytes: FP32, sharded: false },
  { id: 'moment1', label: 'AdamW first moment, BF16', bytes: BF16, sharded: true },
  { id: 'moment2', label: 'AdamW second moment, BF16', bytes: BF16, sharded: true },
];

/** Bytes of training state per parameter, all parts together (14: V3's stated 12 and the assumed BF16 copy). */
export const bytesPerParam = (parts: readonly StatePart[] = TRAINING_STATE): number => parts.reduce((s, p) => s + p.bytes, 0);

/**
 * The H800's memory, 80 GB (10⁹ bytes): NVIDIA's specification, not a figure from DeepSeek's papers. The one number
 * of the chapter that is not DeepSeek's; the page says so.
 */
export const GPU_MEMORY_BYTES = 80e9;

export interface OneGpu {
  readonly params: number;
  /** The weights alone in BF16. */
  readonly weights: number;
  /** Every part of TRAINING_STATE, bytes for the whole model. */
  readonly parts: readonly { readonly id: StatePart['id']; readonly label: string; readonly bytes: number }[];
  readonly total: number;
  /** GPUs of GPU_MEMORY_BYTES needed just to hold the weights, and the training state (before any activation). */
  readonly gpusForWeights: number;
  readonly gpusForState: number;
}

/** @example oneGpu(671e9).total // 9.394e12 bytes: 14 bytes for each parameter */
export function oneGpu(params: number, memory = GPU_MEMORY_BYTES): OneGpu {
  const parts = TRAINING_STATE.map((p) => ({ id: p.id, label: p.label, bytes: params * p.bytes }));
  const total = parts.reduce((s, p) => s + p.bytes, 0);
  const weights = params * BF16;
  return { params, weights, parts, total, gpusForWeights: Math.ceil(weights / memory), gpusForState: Math.ceil(total / memory) };
}

/**
 * The bytes each of N data-parallel devices sends per step to all-reduce the gradients with a ring (reduce-scatter,
 * then all-gather): 2 (N − 1) / N of the gradient. The ZeRO paper counts the same 2Ψ per device (§7.1).
 * @example allReduceBytes(1000, 4, 4) // 6000: 2 · 3/4 · 1000 parameters · 4 bytes
 */
export function allReduceBytes(params: number, devices: number, bytesPerValue: number): number {
  if (!Number.isInteger(devices) || devices < 1) throw new Error(`allReduceBytes: devices must be a whole number ≥ 1, not ${devices}`);
  return (2 * (devices - 1) * params * bytesPerValue) / devices;
}

export interface Zero1 {
  readonly devices: number;
  /** Bytes per device of the replicated parts (weights, gradients) and of the device's shard of the rest. */
  readonly replicated: number;
  readonly shard: number;
  readonly perDevice: number;
  /** Plain data parallelism: every device holds everything. */
  readonly plain: number;
}

/**
 * Per-device memory under ZeRO-1 with N data-parallel devices: weights and gradients whole on each device, the
 * optimizer's state (FP32 master weights, the two moments) split N ways.
 * @example zero1(1000, 4).perDevice // 1000·(2 + 4) + 1000·(4 + 2 + 2)/4 = 8000
 */
export function zero1(params: number, devices: number, parts: readonly StatePart[] = TRAINING_STATE): Zero1 {
  if (!Number.isInteger(devices) || devices < 1) throw new Error(`zero1: devices must be a whole number ≥ 1, not ${devices}`);
  const replicated = params * parts.filter((p) => !p.sharded).reduce((s, p) => s + p.bytes, 0);
  const shard = (params * parts.filter((p) => p.sharded).reduce((s, p) => s + p.bytes, 0)) / devices;
  return { devices, replicated, shard, perDevice: replicated + shard, plain: params * bytesPerParam(parts) };
}

/**
 * Bytes in decimal units (1 KB = 1,000 bytes, as GPU memory is sold), three significant figures.
 * @example formatBytes(9.394e12) // '9.39 TB'
 */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB', 'PB'];
  let u = 0;
  let x = bytes;
  while (Math.abs(x) >= 1000 && u < units.length - 1) {
    x /= 1000;
    u++;
  }
  if (u === 0) return `${Math.round(x).toLocaleString('en-US')} bytes`;
  return `${Number(x.toPrecision(3)).toLocaleString('en-US')} ${units[u]}`;
}

/**
 * MiniSeek's forward pass with FP8 linears, as DeepSeek-V3 runs its GEMMs (arXiv 2412.19437, §3.3.1–3.3.2): every
 * linear of the attention and feed-forward/expert blocks takes its weight quantised per block × block block and its
 * input per 1 × block tile (E4M3, scale = amax/448), dequantised and multiplied in float32. The embedding, the router,
 * the attention scores and softmax, the norms and lm_head are left in full precision. The CLI's --fp8 and the FP8
 * chapter's figures both run this.
 */
import { forward, type ForwardOptions, type ForwardResult, type MiniSeek } from './forward';
import { quantiseActivation, quantiseWeight } from './fp8';
import { withLinearTransform, type LinearTransform } from './nn-ops';
import { matrixDims } from './tensor';

/** What a linear layer does under the FP8 recipe, with the reason the chapter and the CLI's tests give. */
export interface Fp8Role {
  readonly precision: 'fp8' | 'full';
  /** The block the linear belongs to, in words. */
  readonly part: string;
}

// The names forward.ts gives its linears (trace-catalog.ts): attention's five projections, the dense SwiGLU's three,
// each expert's three (shared, routed, and the routed experts run on every token for the dense-mixture trace).
const FP8_LINEAR = /^layers\.\d+\.(attn\.(q_a|q_b|kv_a|kv_b|out)|mlp\.(gate|up|out)|moe\.(shared|experts?\.\d+)\.(gate|up|out))$/;
const ROUTER = /^layers\.\d+\.moe\.router_logits$/;

/**
 * The FP8 policy, by the linear's name; a name it does not know is an error (a renamed linear must be classified, not
 * silently left in full precision).
 * @example fp8Role('layers.1.attn.q_a').precision // 'fp8'
 */
export function fp8Role(name: string): Fp8Role {
  if (FP8_LINEAR.test(name)) {
    return { precision: 'fp8', part: name.includes('.attn.') ? 'attention projection' : name.includes('.mlp.') ? 'dense feed-forward' : name.includes('.shared.') ? 'shared expert' : 'routed expert' };
  }
  if (ROUTER.test(name)) return { precision: 'full', part: 'router (MoE gating)' };
  if (name === 'logits') return { precision: 'full', part: 'output head (lm_head)' };
  throw new Error(`FP8 policy: no rule for the linear "${name}" (src/model/fp8-linear.ts)`);
}

/** Checks a block size the way the CLI and the figure take it. */
export function checkFp8Block(block: number): void {
  if (!Number.isInteger(block) || block < 1) throw new Error(`the FP8 block size must be a whole number ≥ 1, got ${block}`);
}

/** Quantised weights, per weight array and block size: the weights never change while a page or the CLI runs. */
const weightCache = new WeakMap<Float32Array, Map<number, Float32Array>>();

function quantisedWeight(w: Float32Array, out: number, inDim: number, block: number): Float32Array {
  let byBlock = weightCache.get(w);
  if (!byBlock) weightCache.set(w, (byBlock = new Map()));
  let q = byBlock.get(block);
  if (!q) byBlock.set(block, (q = quantiseWeight(w, out, inDim, block).values));
  return q;
}

/**
 * The linear transform of the FP8 recipe with a block × block weight block and 1 × block activation tiles.
 * @example withLinearTransform(fp8Linears(16), () => forward(model, ids))
 */
export function fp8Linears(block: number): LinearTransform {
  checkFp8Block(block);
  return (name, x, w) => {
    if (fp8Role(name).precision === 'full') return undefined;
    const [T, n] = matrixDims(x);
    const [m] = matrixDims(w);
    return { x: quantiseActivation(x.data, T, n, block).values, w: quantisedWeight(w.data, m, n, block) };
  };
}

/**
 * MiniSeek's forward pass with the FP8 linears.
 * @example forwardFp8(model, ids, 16).logits
 */
export function forwardFp8(model: MiniSeek, ids: readonly number[], block: number, options: ForwardOptions = {}): ForwardResult {
  return withLinearTransform(fp8Linears(block), () => forward(model, ids, options));
}

/** One linear as a forward pass met it: its name and the input and weight it multiplied (copies). */
export interface LinearCall {
  readonly name: string;
  readonly x: Float32Array;
  readonly w: Float32Array;
  /** x: [T, in]; w: [out, in]. */
  readonly T: number;
  readonly out: number;
  readonly in: number;
}

/**
 * Runs `fn` and records every linear it calls, in order, with the input it received (the figures quantise these).
 * @example const calls = recordLinears(() => forward(model, ids))
 */
export function recordLinears(fn: () => unknown): LinearCall[] {
  const calls: LinearCall[] = [];
  withLinearTransform((name, x, w) => {
    const [T, n] = matrixDims(x);
    calls.push({ name, x: x.data.slice(), w: w.data, T, out: matrixDims(w)[0], in: n });
    return undefined;
  }, fn);
  return calls;
}

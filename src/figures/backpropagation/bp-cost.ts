/**
 * Why backpropagation is cheap, counted: the multiply–adds of one forward pass, of one backward pass, and the forward
 * passes a central finite difference needs (two per parameter; a one-sided one needs P + 1), for a layered network and for MiniSeek's checkpoint.
 */
import { parameterSpecs } from '../../model/weights';
import type { MiniSeekConfig } from '../../model/config';

/** The work of one gradient for a fully connected network with the given layer sizes, on one point. */
export interface CostCount {
  /** Weights and biases. */
  readonly params: number;
  /** Σ out·in: the multiply–adds of the forward's matrix products. */
  readonly forward: number;
  /** Σ out·in for the weight gradients δ aᵀ, plus Σ out·in for Wᵀδ in every layer but the first. */
  readonly backward: number;
  /** The first layer's out·in: its share of the forward, the one product the backward does only once. */
  readonly firstLayer: number;
  /** Forward passes a central difference needs for the whole gradient: two per parameter. */
  readonly fdPasses: number;
  /** fdPasses × forward. */
  readonly fdWork: number;
  /** forward + backward. */
  readonly bpWork: number;
}

/**
 * @example layerCost([2, 3, 1]) // { params: 13, forward: 9, backward: 12, firstLayer: 6, fdPasses: 26, fdWork: 234, bpWork: 21 }
 */
export function layerCost(sizes: readonly number[]): CostCount {
  let params = 0;
  let forward = 0;
  let backward = 0;
  for (let l = 0; l + 1 < sizes.length; l++) {
    const macs = sizes[l]! * sizes[l + 1]!;
    params += macs + sizes[l + 1]!;
    forward += macs;
    // δ_l a_{l−1}ᵀ for the weights; W_lᵀ δ_l to pass the error down, except below the first layer (the input needs none).
    backward += l === 0 ? macs : 2 * macs;
  }
  return { params, forward, backward, firstLayer: sizes.length > 1 ? sizes[0]! * sizes[1]! : 0, fdPasses: 2 * params, fdWork: 2 * params * forward, bpWork: forward + backward };
}

/** MiniSeek's parameters as its checkpoint's config describes them. */
export interface ModelParams {
  readonly all: number;
  /** What gradients move: all but the routing biases, which the load-balancing rule moves instead. */
  readonly trainable: number;
  /** The routing biases (e_score_correction_bias), one per routed expert in each MoE layer. */
  readonly buffers: number;
}

/**
 * @example modelParams(config).trainable // every tensor of the checkpoint but the routing biases
 */
export function modelParams(config: MiniSeekConfig): ModelParams {
  const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);
  const specs = parameterSpecs(config);
  const all = specs.reduce((s, p) => s + size(p.shape), 0);
  const trainable = specs.filter((p) => p.trainable).reduce((s, p) => s + size(p.shape), 0);
  return { all, trainable, buffers: all - trainable };
}

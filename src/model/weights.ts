/** MiniSeek's parameters under the Hugging Face DeepSeek-V3 tensor names, with their shapes and initialisation. */
import { isMoeLayer, qkHeadDim, type MiniSeekConfig } from './config';
import { seededNormal } from './random';
import { Tensor } from './tensor';

export type Weights = ReadonlyMap<string, Tensor>;

export interface ParameterSpec {
  readonly name: string;
  readonly shape: readonly number[];
  /** How a fresh model starts: normal(0, initializer_range), ones (norm gains) or zeros (the routing bias). */
  readonly init: 'normal' | 'ones' | 'zeros';
  /** False for the routing bias: a buffer moved by the load-balancing rule, not by gradients. */
  readonly trainable: boolean;
}

/**
 * Every tensor of the checkpoint, in the reference's names and [out, in] layout.
 * @example parameterSpecs(config).find((p) => p.name === 'lm_head.weight')?.shape // [V, D]
 */
export function parameterSpecs(c: MiniSeekConfig): ParameterSpec[] {
  const D = c.hidden_size;
  const H = c.num_attention_heads;
  const specs: ParameterSpec[] = [];
  const p = (name: string, shape: number[], init: ParameterSpec['init'] = 'normal', trainable = true) =>
    specs.push({ name, shape, init, trainable });
  const mlp = (prefix: string, inner: number) => {
    p(`${prefix}.gate_proj.weight`, [inner, D]);
    p(`${prefix}.up_proj.weight`, [inner, D]);
    p(`${prefix}.down_proj.weight`, [D, inner]);
  };
  p('model.embed_tokens.weight', [c.vocab_size, D]);
  for (let l = 0; l < c.num_hidden_layers; l++) {
    const L = `model.layers.${l}`;
    p(`${L}.input_layernorm.weight`, [D], 'ones');
    p(`${L}.self_attn.q_a_proj.weight`, [c.q_lora_rank, D]);
    p(`${L}.self_attn.q_a_layernorm.weight`, [c.q_lora_rank], 'ones');
    p(`${L}.self_attn.q_b_proj.weight`, [H * qkHeadDim(c), c.q_lora_rank]);
    p(`${L}.self_attn.kv_a_proj_with_mqa.weight`, [c.kv_lora_rank + c.qk_rope_head_dim, D]);
    p(`${L}.self_attn.kv_a_layernorm.weight`, [c.kv_lora_rank], 'ones');
    p(`${L}.self_attn.kv_b_proj.weight`, [H * (c.qk_nope_head_dim + c.v_head_dim), c.kv_lora_rank]);
    p(`${L}.self_attn.o_proj.weight`, [D, H * c.v_head_dim]);
    p(`${L}.post_attention_layernorm.weight`, [D], 'ones');
    if (isMoeLayer(c, l)) {
      p(`${L}.mlp.gate.weight`, [c.n_routed_experts, D]);
      p(`${L}.mlp.gate.e_score_correction_bias`, [c.n_routed_experts], 'zeros', false);
      for (let e = 0; e < c.n_routed_experts; e++) mlp(`${L}.mlp.experts.${e}`, c.moe_intermediate_size);
      mlp(`${L}.mlp.shared_experts`, c.moe_intermediate_size * c.n_shared_experts);
    } else {
      mlp(`${L}.mlp`, c.intermediate_size);
    }
  }
  p('model.norm.weight', [D], 'ones');
  p('lm_head.weight', [c.vocab_size, D]);
  return specs;
}

/**
 * A freshly initialised model, identical for identical seeds.
 * @example const weights = initWeights(config, 1234)
 */
export function initWeights(c: MiniSeekConfig, seed: number): Map<string, Tensor> {
  const normal = seededNormal(seed);
  const weights = new Map<string, Tensor>();
  for (const spec of parameterSpecs(c)) {
    const t = new Tensor(spec.name, spec.shape);
    if (spec.init === 'ones') t.data.fill(1);
    if (spec.init === 'normal') for (let i = 0; i < t.size; i++) t.data[i] = normal() * c.initializer_range;
    t.requiresGrad = spec.trainable;
    weights.set(spec.name, t);
  }
  return weights;
}

/**
 * Looks a weight up by name, failing loudly when a checkpoint lacks it.
 * @example weight(weights, 'model.norm.weight')
 */
export function weight(weights: Weights, name: string): Tensor {
  const t = weights.get(name);
  if (!t) throw new Error(`MiniSeek: the weights have no tensor "${name}"`);
  return t;
}

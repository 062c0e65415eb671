import { describe, expect, it } from 'vitest';
import { loadCheckpoint, saveCheckpoint } from './checkpoint';
import { MINISEEK_DEFAULTS, parseConfig } from './config';
import { forward } from './forward';
import { readSafetensors, writeSafetensors } from './safetensors';
import { WordTokenizer } from './tokenizer';
import { initWeights, parameterSpecs } from './weights';

const tokenizer = WordTokenizer.fromWords(['the', 'keys', 'are', 'is', '.']);
const config = parseConfig({
  ...MINISEEK_DEFAULTS,
  vocab_size: tokenizer.size,
  bos_token_id: tokenizer.bosId,
  eos_token_id: tokenizer.eosId,
  pad_token_id: 3,
  initializer_range: 0.2,
});
const model = { config, weights: initWeights(config, 3) };
const files = (dtype: 'F32' | 'F16' = 'F32') => {
  const saved = saveCheckpoint(model, tokenizer, dtype);
  return { config: JSON.parse(saved.config), weights: saved.weights, tokenizer: JSON.parse(saved.tokenizer) };
};

describe('checkpoint', () => {
  it('refuses weights that are not finite, naming the tensor (an all-NaN checkpoint must not load silently)', () => {
    const bad = { config, weights: new Map([...model.weights].map(([n, t]) => [n, t.clone(n)])) };
    bad.weights.get('model.layers.1.self_attn.q_b_proj.weight')!.data[5] = Number.NaN;
    const saved = saveCheckpoint(bad, tokenizer, 'F32');
    expect(() => loadCheckpoint({ config: JSON.parse(saved.config), weights: saved.weights, tokenizer: JSON.parse(saved.tokenizer) }, 'm')).toThrow(
      'm/model.safetensors: tensor "model.layers.1.self_attn.q_b_proj.weight" holds NaN at index 5; every weight must be a finite number',
    );
  });

  it('uses the Hugging Face DeepSeek-V3 tensor names and config keys', () => {
    const { config: json, weights } = files();
    for (const key of ['model_type', 'hidden_size', 'q_lora_rank', 'kv_lora_rank', 'qk_nope_head_dim', 'qk_rope_head_dim', 'v_head_dim',
      'n_shared_experts', 'n_routed_experts', 'num_experts_per_tok', 'first_k_dense_replace', 'n_group', 'topk_group',
      'routed_scaling_factor', 'norm_topk_prob', 'scoring_func', 'topk_method', 'rope_theta', 'rms_norm_eps', 'vocab_size',
      'max_position_embeddings', 'tie_word_embeddings']) expect(json, key).toHaveProperty(key);
    const names = [...readSafetensors(weights).tensors.keys()];
    expect(names).toContain('model.layers.0.self_attn.kv_a_proj_with_mqa.weight');
    expect(names).toContain('model.layers.1.mlp.gate.e_score_correction_bias');
    expect(names).toContain('model.layers.2.mlp.experts.7.down_proj.weight');
    expect(names).toContain('model.layers.1.mlp.shared_experts.up_proj.weight');
    expect(names).toContain('lm_head.weight');
    expect(names).toHaveLength(parameterSpecs(config).length);
    expect(files('F16').config.torch_dtype).toBe('float16');
  });

  it('round-trips: F32 exactly, F16 to within half precision', () => {
    const exact = loadCheckpoint(files('F32'));
    for (const [name, t] of model.weights) expect(exact.model.weights.get(name)!.data, name).toEqual(t.data);
    const half = loadCheckpoint(files('F16'));
    const ids = tokenizer.encode('the keys are', { bos: true }).ids;
    const a = forward(model, ids).logits.data;
    const b = forward(half.model, ids).logits.data;
    a.forEach((x, i) => expect(Math.abs(x - b[i]!)).toBeLessThan(2e-2));
  });

  it('names what is wrong with a bad checkpoint', () => {
    const good = files();
    expect(() => loadCheckpoint({ ...good, config: { ...good.config, vocab_size: 99 } }, 'dir')).toThrow(
      'dir: tokenizer.json has 9 tokens but config.json says vocab_size 99',
    );
    expect(() => loadCheckpoint({ ...good, config: { ...good.config, model_type: 'llama' } }, 'dir')).toThrow(/dir\/config.json: "model_type"/);
    const parsed = readSafetensors(good.weights);
    parsed.tensors.delete('lm_head.weight');
    expect(() => loadCheckpoint({ ...good, weights: writeSafetensors(parsed.tensors.values()) }, 'dir')).toThrow(/lm_head\.weight/);
    expect(() => loadCheckpoint({ ...good, weights: good.weights.subarray(0, 100) }, 'dir')).toThrow(/dir\/model\.safetensors/);
  });
});

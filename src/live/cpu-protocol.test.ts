import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_MODEL_DIR, loadModelDir } from '../model/model-dir';
import { CHECKPOINT_FILES } from '../model/checkpoint';
import { forward } from '../model/forward';
import { serve, type CpuReply } from './cpu-protocol';

const files = {
  config: JSON.parse(readFileSync(join(DEFAULT_MODEL_DIR, CHECKPOINT_FILES.config), 'utf8')),
  tokenizer: JSON.parse(readFileSync(join(DEFAULT_MODEL_DIR, CHECKPOINT_FILES.tokenizer), 'utf8')),
  weights: new Uint8Array(readFileSync(join(DEFAULT_MODEL_DIR, CHECKPOINT_FILES.weights))),
};

describe('the CPU worker protocol', () => {
  it('loads the checkpoint, then answers a run with the same numbers as the forward pass, in buffers it owns', () => {
    const state = {};
    expect(serve(state, { kind: 'load', id: 1, files }).reply).toEqual({ kind: 'loaded', id: 1, kernel: { name: 'reference', reason: '' } });
    const { model } = loadModelDir();
    const ids = [1, 5, 9, 12];
    const names = ['layers.0.attn.probs', 'layers.2.attn.output'];
    const { reply, transfer } = serve(state, { kind: 'run', id: 2, ids, trace: names });
    expect(reply.kind).toBe('result');
    const result = reply as Extract<CpuReply, { kind: 'result' }>;
    const reference = forward(model, ids, { trace: names });
    expect(result.id).toBe(2);
    expect(result.logits.shape).toEqual(reference.logits.shape);
    expect([...result.logits.data]).toEqual([...reference.logits.data]);
    expect(result.trace.map((t) => t.name).sort()).toEqual([...names].sort());
    for (const t of result.trace) expect([...t.data]).toEqual([...reference.trace.get(t.name)!.data]);
    // Every transferred buffer belongs to one packed tensor alone, whole: transferring it takes nothing from the model.
    expect(transfer).toHaveLength(1 + names.length);
    for (const [i, t] of [result.logits, ...result.trace].entries()) {
      expect(transfer[i]).toBe(t.data.buffer);
      expect(t.data.byteOffset).toBe(0);
      expect(t.data.byteLength).toBe(t.data.buffer.byteLength);
    }
    expect(new Set(transfer).size).toBe(transfer.length);
  });

  it('answers with an error, not a throw, for a run before loading, a bad checkpoint or too many tokens', () => {
    const state = {};
    expect(serve(state, { kind: 'run', id: 3, ids: [1], trace: [] }).reply).toEqual({ kind: 'error', id: 3, message: 'the CPU worker has no model loaded' });
    const broken = serve(state, { kind: 'load', id: 4, files: { ...files, config: { hidden_size: 'x' } } }).reply;
    expect(broken.kind).toBe('error');
    expect((broken as { message: string }).message).toContain('config.json');
    serve(state, { kind: 'load', id: 5, files });
    const long = serve(state, { kind: 'run', id: 6, ids: Array(500).fill(1), trace: [] }).reply;
    expect(long).toMatchObject({ kind: 'error', id: 6 });
    expect((long as { message: string }).message).toContain('max_position_embeddings');
  });
});

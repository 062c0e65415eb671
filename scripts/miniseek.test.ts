import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { saveCheckpoint } from '../src/model/checkpoint';
import { MINISEEK_DEFAULTS, parseConfig } from '../src/model/config';
import { WordTokenizer } from '../src/model/tokenizer';
import { initWeights } from '../src/model/weights';

/** Runs the CLI exactly as `npm run --silent miniseek -- …` does (tsx on scripts/miniseek.ts). */
function miniseek(...args: string[]) {
  const result = spawnSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'scripts/miniseek.ts', ...args], { encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A small random model in a temporary directory: the CLI's behaviour does not depend on training. */
function tinyModelDir(): string {
  const tokenizer = WordTokenizer.fromWords(['the', 'keys', 'to', 'cabinet', 'are', 'is', '.']);
  const config = parseConfig({ ...MINISEEK_DEFAULTS, vocab_size: tokenizer.size, bos_token_id: 1, eos_token_id: 2, pad_token_id: 3, max_position_embeddings: 16 });
  const files = saveCheckpoint({ config, weights: initWeights(config, 5) }, tokenizer);
  const dir = mkdtempSync(join(tmpdir(), 'miniseek-'));
  writeFileSync(join(dir, 'config.json'), files.config);
  writeFileSync(join(dir, 'model.safetensors'), files.weights);
  writeFileSync(join(dir, 'tokenizer.json'), files.tokenizer);
  return dir;
}

describe('miniseek CLI', () => {
  const dir = tinyModelDir();

  it('prints one JSON object with tokens, ids and a logits row per position', () => {
    const run = miniseek('--prompt', 'The keys to the cabinet', '--json', '--model', dir);
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out.tokens).toEqual(['<bos>', 'the', 'keys', 'to', 'the', 'cabinet']);
    expect(out.ids).toHaveLength(6);
    expect(out.logits).toHaveLength(6);
    expect(out.logits[0]).toHaveLength(11);
    expect(out.unknown).toEqual([]);
  });

  it('adds requested trace tensors (−∞ as null) and generated tokens', () => {
    const run = miniseek('--prompt', 'the keys', '--json', '--trace', 'layers.0.attn.scores,layers.1.moe.chosen', '--generate', '2', '--model', dir);
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out.trace['layers.0.attn.scores'].shape).toEqual([4, 3, 3]);
    expect(out.trace['layers.0.attn.scores'].data[1]).toBeNull(); // position 0 cannot see position 1
    expect(out.trace['layers.1.moe.chosen'].shape).toEqual([3, 2]);
    expect(out.generated.length).toBeGreaterThan(0);
  });

  it('reads unknown words as <unk> and reports them', () => {
    const json = JSON.parse(miniseek('--prompt', 'the zebra keys', '--json', '--model', dir).stdout);
    expect(json.tokens).toEqual(['<bos>', 'the', '<unk>', 'keys']);
    expect(json.unknown).toEqual(['zebra']);
    const text = miniseek('--prompt', 'the zebra keys', '--model', dir);
    expect(text.code).toBe(0);
    expect(text.stderr).toContain('unknown word(s) read as <unk>: zebra');
    expect(text.stdout).toMatch(/next token:/);
  });

  it('--fp8 BLOCK runs the FP8 linears, the same numbers as forwardFp8, and refuses a block that is not a whole number ≥ 1', async () => {
    const { forwardFp8 } = await import('../src/model/fp8-linear');
    const { loadModelDir } = await import('../src/model/model-dir');
    const run = miniseek('--prompt', 'the keys to the cabinet', '--json', '--fp8', '2', '--model', dir);
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out.fp8).toEqual({ block: 2, format: 'e4m3' });
    const { model } = loadModelDir(dir);
    const expected = forwardFp8(model, out.ids, 2).logits.toRows();
    out.logits.forEach((row: number[], t: number) => row.forEach((v, i) => expect(v).toBeCloseTo(expected[t]![i]!, 5)));
    const full = JSON.parse(miniseek('--prompt', 'the keys to the cabinet', '--json', '--model', dir).stdout);
    expect(full.fp8).toBeUndefined();
    expect(out.logits).not.toEqual(full.logits);
    expect(miniseek('--prompt', 'the keys', '--fp8', '16', '--model', dir).stdout).toMatch(/emulated FP8 \(E4M3\), 16×16 weight blocks, 1×16 activation tiles/);
    for (const bad of ['0', '-4', '1.5', 'abc', '', '1e1']) {
      const r = miniseek('--prompt', 'the keys', `--fp8=${bad}`, '--model', dir);
      expect(r.code, bad).toBe(2);
      expect(r.stderr).toContain(`--fp8 takes the block size, a whole number ≥ 1 (e.g. --fp8 16), got "${bad}"`);
    }
  });

  it('exits non-zero with a one-line reason for a missing or corrupt model and for bad arguments', () => {
    const missing = miniseek('--prompt', 'the keys', '--model', join(dir, 'nope'));
    expect(missing.code).not.toBe(0);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(missing.stderr).toMatch(/config\.json is missing/);

    const corrupt = tinyModelDir();
    writeFileSync(join(corrupt, 'model.safetensors'), new Uint8Array([1, 2, 3]));
    const bad = miniseek('--prompt', 'the keys', '--model', corrupt);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/model\.safetensors/);

    expect(miniseek('--model', dir).stderr).toMatch(/--prompt/);
    expect(miniseek('--prompt', '   ', '--model', dir).stderr).toMatch(/no words/);
    expect(miniseek('--prompt', 'the '.repeat(20), '--model', dir).stderr).toMatch(/at most 16/);
    expect(miniseek('--prompt', 'the', '--trace', 'nope', '--model', dir).stderr).toMatch(/unknown trace name/);
  });
}, 60_000);

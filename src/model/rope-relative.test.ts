/**
 * RoPE's relative-position property on MiniSeek's own vectors (RoFormer arXiv 2104.09864 §3.2.2, eq. 16; issue #14): shift
 * the whole sentence by p positions by putting p words in front, and the rotary part of every score between the
 * same two words stays the same to float precision, while each rotated vector on its own has changed. In layer 1
 * the vectors before rotation depend on the token alone (its embedding, normed and projected), so only the rotation
 * can see where a word stands; the test uses that layer.
 */
import { describe, expect, it } from 'vitest';
import { forward } from './forward';
import { loadModelDir } from './model-dir';

const { model, tokenizer } = loadModelDir();
const c = model.config;
const H = c.num_attention_heads;
const d = c.qk_rope_head_dim;
const NAMES = ['layers.0.attn.q_rope_raw', 'layers.0.attn.q_rope', 'layers.0.attn.k_rope_raw', 'layers.0.attn.k_rope'];

function run(sentence: string) {
  const ids = tokenizer.encode(sentence, { bos: true }).ids;
  const { trace } = forward(model, ids, { trace: NAMES });
  const [qRaw, q, kRaw, k] = NAMES.map((n) => trace.get(n)!);
  /** q^R_{t,h} · k^R_j, the rotary part of head h's score (before the 1/√d scale). */
  const score = (h: number, t: number, j: number) => {
    let s = 0;
    for (let m = 0; m < d; m++) s += q!.data[t * H * d + h * d + m]! * k!.data[j * d + m]!;
    return s;
  };
  return { T: ids.length, qRaw: qRaw!, q: q!, kRaw: kRaw!, k: k!, score };
}

describe('RoPE on MiniSeek: scores depend on the distance, not on where the words stand', () => {
  const sentence = 'the keys to the small cabinet';
  const prefix = 'anna saw that';
  const p = prefix.split(' ').length;
  const plain = run(sentence);
  const shifted = run(`${prefix} ${sentence}`);

  it('traces the RoPE parts before and after rotation, with the shapes of the catalogue', () => {
    expect(plain.qRaw.shape).toEqual([plain.T, H * d]);
    expect(plain.kRaw.shape).toEqual([plain.T, d]);
  });

  it('gives the same rotary score for every pair of words of every head, shifted by p positions, to 1e-5', () => {
    let worst = 0;
    let pairs = 0;
    for (let h = 0; h < H; h++) {
      for (let t = 1; t < plain.T; t++) {
        for (let j = 1; j <= t; j++) {
          const a = plain.score(h, t, j);
          const b = shifted.score(h, t + p, j + p);
          worst = Math.max(worst, Math.abs(a - b));
          pairs++;
        }
      }
    }
    expect(pairs).toBe(H * ((plain.T - 1) * plain.T) / 2);
    expect(worst).toBeLessThan(1e-5);
  });

  it('while the rotated vectors themselves change with the absolute position', () => {
    // The unrotated key of "cabinet" is the same in both sentences (layer 1 reads the token alone) …
    const t = plain.T - 1;
    const raw = (r: ReturnType<typeof run>, i: number) => Array.from(r.kRaw.data.subarray(i * d, (i + 1) * d));
    const rotated = (r: ReturnType<typeof run>, i: number) => Array.from(r.k.data.subarray(i * d, (i + 1) * d));
    expect(raw(shifted, t + p)).toEqual(raw(plain, t));
    // … but after rotating by 6 and by 9 positions it is not: the largest change is far above rounding.
    const change = Math.max(...rotated(plain, t).map((x, m) => Math.abs(x - rotated(shifted, t + p)[m]!)));
    expect(change).toBeGreaterThan(0.05);
  });

  it('fails for layer 1 scores if the rotation were left out of one side (the test can tell)', () => {
    // q^R unrotated against k^R rotated: a score that does depend on absolute position.
    const mixed = (r: ReturnType<typeof run>, h: number, t: number, j: number) => {
      let s = 0;
      for (let m = 0; m < d; m++) s += r.qRaw.data[t * H * d + h * d + m]! * r.k.data[j * d + m]!;
      return s;
    };
    const t = plain.T - 1;
    expect(Math.abs(mixed(plain, 0, t, 1) - mixed(shifted, 0, t + p, 1 + p))).toBeGreaterThan(1e-3);
  });
});

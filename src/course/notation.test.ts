import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../model/config';
import { deepSeekV3Sizes, findNotation, miniSeekSizes, modelSizes, normalizeTex, NOTATION, notationProblems, sizeText, type NotationEntry } from './notation';
import { findChapter } from './outline';

const miniseek = miniSeekSizes(parseConfig(JSON.parse(readFileSync('public/models/miniseek/config.json', 'utf8'))));
const v3 = deepSeekV3Sizes();
const entry = (id: string): NotationEntry => NOTATION.find((e) => e.id === id)!;

describe('the notation table', () => {
  it('has unique, readable ids and no TeX that two entries claim in the same chapter', () => {
    expect(notationProblems()).toEqual([]);
    const clash: NotationEntry[] = [
      { id: 'a', tex: ['x'], kind: 'scalar', name: 'a', meaning: 'a', shape: () => [1] },
      { id: 'b', tex: ['{x}'], kind: 'scalar', name: 'b', meaning: 'b', shape: () => [1], only: ['rope'] },
    ];
    expect(notationProblems(clash)).toEqual(['"x" means both a and b']);
  });

  it('writes its meanings in words: a card is plain text, where "W^UK" or "u_t" would be read as typed', () => {
    for (const e of NOTATION) expect(e.meaning, e.id).not.toMatch(/[\^_\\]/);
  });

  it('names only chapters of the course outline in its scopes', () => {
    for (const e of NOTATION) for (const slug of [...(e.only ?? []), ...(e.except ?? [])]) expect(findChapter(slug), `${e.id}: ${slug}`).toBeDefined();
  });

  it('documents every letter of the code alphabet (src/model/config.ts)', () => {
    const letters = NOTATION.flatMap((e) => (e.code?.letter ? [e.code.letter] : []));
    expect(letters).toEqual(expect.arrayContaining(['T', 'D', 'V', 'H', 'd_cq', 'd_c', 'd_nope', 'd_rope', 'd_v', 'F', 'F_e', 'E', 'E_s', 'k', 'G', 'G_k']));
  });

  it("computes MiniSeek's sizes from its config.json and DeepSeek-V3's from the published sizes", () => {
    expect(sizeText(entry('d-c'), miniseek)).toBe('16');
    expect(sizeText(entry('d-c'), v3)).toBe('512');
    expect(sizeText(entry('w-dkv'), v3)).toBe('7,168 × 512');
    expect(sizeText(entry('w-uk'), v3)).toBe('512 × 16,384');
    expect(sizeText(entry('w-uk'), miniseek)).toBe(`${miniseek.kv_lora_rank} × ${miniseek.num_attention_heads * miniseek.qk_nope_head_dim}`);
    expect(sizeText(entry('d-k'), v3)).toBe('192');
    expect(sizeText(entry('k-r'), v3)).toBe('8 experts per token');
    expect(sizeText(entry('t'), v3)).toBe('131,072 positions at most');
    expect(sizeText(entry('h'), miniseek)).toBe('T × 64');
    expect(sizeText(entry('rho'), v3)).toBe('2.5');
    // Every entry has a size in both models, and it is a number, never NaN or undefined.
    for (const e of NOTATION) for (const m of [miniseek, v3]) expect(sizeText(e, m), `${e.id} in ${m.name}`).toMatch(/^(T|[\d.,]+)( × [\d,]+)*( .+)?$/);
  });

  it('refuses a configuration that lacks a size', () => {
    expect(() => modelSizes('DeepSeek LLM 67B', 'x', { hidden_size: 8192 }, 4096)).toThrow("DeepSeek LLM 67B's configuration has no vocab_size");
  });
});

describe('findNotation', () => {
  it('matches the whole inline TeX only, ignoring spaces and braces around one character', () => {
    expect(findNotation('d_c', 'multi-head-latent-attention')?.id).toBe('d-c');
    expect(findNotation('d_h^{R}', 'rope')?.id).toBe('d-h-r');
    expect(findNotation('c^{KV}_j', 'multi-head-latent-attention')?.id).toBe('c-kv');
    expect(findNotation('c_t^{KV}', 'multi-head-latent-attention')?.id).toBe('c-kv');
    expect(findNotation(' W^{UK} ', undefined)?.id).toBe('w-uk');
    expect(findNotation('d_c = 4 d_h', 'multi-head-latent-attention')).toBeUndefined();
    expect(findNotation('W^{UK\\top}_i', 'multi-head-latent-attention')).toBeUndefined();
    expect(normalizeTex('q^{C}_{t,i}')).toBe('q^C_{t,i}');
  });

  it('gives a reused letter its meaning only in the chapters where the prose means it', () => {
    // H is the matrix of token rows in the attention chapters (the code's H, heads, is the prose's n_h).
    expect(findNotation('H', 'self-attention')?.id).toBe('h');
    expect(findNotation('H', 'mixture-of-experts')).toBeUndefined();
    // L counts layers, except in the RoPE chapter where YaRN's L is a context length.
    expect(findNotation('L', 'transformer')?.id).toBe('l');
    expect(findNotation('L', 'rope')).toBeUndefined();
    // …and in the gradient-descent chapter, where L is the cost.
    expect(findNotation('L', 'gradient-descent')).toBeUndefined();
    // n_g is the expert groups in the MoE chapter, the GQA groups in the attention chapters.
    expect(findNotation('n_g', 'shared-routed-moe')?.id).toBe('n-g');
    expect(findNotation('n_g', 'multi-head-attention')).toBeUndefined();
    // A scoped entry outside any chapter (the notation page) is not matched at all.
    expect(findNotation('V', undefined)).toBeUndefined();
  });
});

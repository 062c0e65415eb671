import { describe, expect, it } from 'vitest';
import { paramBreakdown } from '../../model/param-count';
import { PUBLISHED } from '../../model/published-configs';
import { countParams } from '../shared-routed-moe/param-count';
import { DEEPSEEK_MOE_CONFIGS } from '../shared-routed-moe/model-configs';
import { activeParams, embeddingTable } from './ff-params';

describe('activeParams', () => {
  const V3 = PUBLISHED['deepseek-v3'];

  it('leaves out exactly the embedding table: 36.6B for V3, against 37.6B with it', () => {
    const active = activeParams(V3);
    const withTable = paramBreakdown(V3, { active: true });
    expect(withTable.total - active.total).toBe(V3.vocab_size * V3.hidden_size);
    expect(embeddingTable(V3)).toBe(129_280 * 7168);
    expect((active.total / 1e9).toFixed(1)).toBe('36.6');
    expect((withTable.total / 1e9).toFixed(1)).toBe('37.6');
    // Only the count without the table rounds to the paper's 37B.
    expect(Math.round(active.total / 1e9)).toBe(37);
    expect(Math.round(withTable.total / 1e9)).toBe(38);
    // The output head stays: it is a product every token pays for.
    expect(active.embeddings).toBe(V3.vocab_size * V3.hidden_size);
    expect(active.ffn).toBe(withTable.ffn);
  });

  it('is the shared-and-routed chapter’s convention: the same V3 active count as its counter', () => {
    expect(countParams(DEEPSEEK_MOE_CONFIGS['deepseek-v3']).active).toBe(activeParams(V3).total);
  });
});

/**
 * The active-parameter convention of Part II: one token's count leaves out the embedding table, from which the token
 * only reads its own row (a lookup, not a product). For DeepSeek-V3 that gives 36.6B, the count consistent with the
 * paper's 37B (no DeepSeek paper says whether it counts the table; with it the count is 37.6B). The counting itself
 * is the course's one counter (src/model/param-count.ts), which keeps the table; this module only takes it out.
 */
import { paramBreakdown, type CountableConfig, type ParamBreakdown } from '../../model/param-count';

/** The embedding table's size, vocab_size × hidden_size. */
export const embeddingTable = (c: CountableConfig): number => c.vocab_size * c.hidden_size;

/**
 * What one token multiplies by: the shared experts and K_r routed ones per MoE layer, everything else except the
 * embedding table. `embeddings` keeps only the output head.
 * @example activeParams(PUBLISHED['deepseek-v3']).total // ≈ 36.6e9
 */
export function activeParams(c: CountableConfig): ParamBreakdown {
  const withTable = paramBreakdown(c, { active: true });
  const table = embeddingTable(c);
  return { ...withTable, embeddings: withTable.embeddings - table, total: withTable.total - table };
}

/** The attention figure's step table: what each step of the chapter highlights in the equation. */
import type { StepTerms } from '../../math/term-highlight';

export interface AttentionStep extends StepTerms {
  readonly id: 'tokens' | 'queries' | 'keys' | 'scores' | 'scaling' | 'softmax' | 'weighted-sum';
}

export const ATTENTION_STEPS: readonly AttentionStep[] = [
  { id: 'tokens', terms: [] },
  { id: 'queries', terms: ['q'] },
  { id: 'keys', terms: ['k'] },
  { id: 'scores', terms: ['scores'] },
  { id: 'scaling', terms: ['scale'] },
  { id: 'softmax', terms: ['softmax'] },
  { id: 'weighted-sum', terms: ['v', 'output'] },
];

/** Attention(Q, K, V) = softmax(QKᵀ / √d_k) V, with each step's terms marked for highlighting. */
export const ATTENTION_TEX = String.raw`\term{output}{\operatorname{Attention}(\cq{Q},\ck{K},\cv{V})} = \term{softmax}{\operatorname{softmax}\!\left(\frac{\term{scores}{\term{q}{\cq{Q}}\,\term{k}{\ck{K}^{\top}}}}{\term{scale}{\sqrt{d_k}}}\right)}\,\term{v}{\cv{V}}`;

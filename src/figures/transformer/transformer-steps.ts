/** The transformer figure's step table: which equation line each step shows and which of its terms it highlights. */
import type { StepTerms } from '../../math/term-highlight';

/** The five lines of the path from text to next token, one equation each. */
export type LineId = 'embed' | 'attn' | 'ffn' | 'logits' | 'softmax';

export interface TransformerStep extends StepTerms {
  readonly id: 'tokens' | 'embedding' | 'attention' | 'feed-forward' | 'residual' | 'final-norm' | 'unembedding' | 'softmax';
  /** The equation lines this step is about: the figure shows only these (the summary shows all five). */
  readonly lines: readonly LineId[];
}

export const TRANSFORMER_STEPS: readonly TransformerStep[] = [
  { id: 'tokens', terms: ['t'], lines: ['embed'] },
  { id: 'embedding', terms: ['embed'], lines: ['embed'] },
  { id: 'attention', terms: ['attn'], lines: ['attn'] },
  { id: 'feed-forward', terms: ['ffn'], lines: ['ffn'] },
  { id: 'residual', terms: ['res-attn', 'res-ffn'], lines: ['attn', 'ffn'] },
  { id: 'final-norm', terms: ['final-norm'], lines: ['logits'] },
  { id: 'unembedding', terms: ['unembed'], lines: ['logits'] },
  { id: 'softmax', terms: ['softmax'], lines: ['softmax'] },
];

const half = String.raw`l-\frac{1}{2}`;

/**
 * Each line's TeX, with the terms the steps point at marked by \term{id}{…}. Layers are counted from 1 as in the
 * papers: layer l reads the stream x_{l−1} and leaves x_l, and x_0 is the embedding.
 */
export const TRANSFORMER_LINES: Readonly<Record<LineId, string>> = {
  embed: String.raw`x_0 = \term{embed}{E[\term{t}{w}]}`,
  attn: String.raw`x_{${half}} = \term{res-attn}{x_{l-1} \,+}\; \term{attn}{\operatorname{Attn}\big(\operatorname{RMSNorm}(x_{l-1})\big)}`,
  ffn: String.raw`x_{l} = \term{res-ffn}{x_{${half}} \,+}\; \term{ffn}{\operatorname{FFN}\big(\operatorname{RMSNorm}(x_{${half}})\big)}`,
  logits: String.raw`z = \term{final-norm}{\operatorname{RMSNorm}(x_L)}\, \term{unembed}{W_U}`,
  softmax: String.raw`p = \term{softmax}{\operatorname{softmax}(z)}`,
};

export const LINE_IDS = Object.keys(TRANSFORMER_LINES) as LineId[];


/**
 * CSS that shows only the equation lines of the active step: all five with the matrices under them would not fit
 * a sticky figure on a 800-pixel-high screen, let alone a phone's 45vh. No script: right without JavaScript too.
 * @example lineVisibilityCss('transformer') // '[data-figure="transformer"] [data-line]{display:none}…'
 */
export function lineVisibilityCss(figure: string): string {
  const root = `[data-figure="${figure}"]`;
  const shown = TRANSFORMER_STEPS.flatMap((s) => s.lines.map((line) => `${root}[data-state="${s.id}"] [data-line="${line}"]`));
  return `${root} [data-line]{display:none}${shown.join(',')}{display:block}`;
}

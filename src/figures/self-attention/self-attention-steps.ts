/** The self-attention figure's step table: each step's own equation and the terms of it the step is about. */
import type { StepTerms } from '../../math/term-highlight';

export type SelfAttentionStepId = 'same-sequence' | 'projections' | 'all-pairs' | 'mask' | 'softmax' | 'pattern' | 'gather' | 'cache';

export interface SelfAttentionStep extends StepTerms {
  readonly id: SelfAttentionStepId;
  /** The step's equation, with \term{id}{…} marks; the figure shows the active step's. */
  readonly tex: string;
}

const PROJECTIONS = String.raw`\term{q}{\cq{Q}} = \term{h}{H}\,W^Q,\qquad \term{k}{\ck{K}} = \term{h}{H}\,W^K,\qquad \term{v}{\cv{V}} = \term{h}{H}\,W^V`;

export const SELF_ATTENTION_STEPS: readonly SelfAttentionStep[] = [
  { id: 'same-sequence', terms: ['h'], tex: PROJECTIONS },
  { id: 'projections', terms: ['q', 'k', 'v'], tex: PROJECTIONS },
  {
    id: 'all-pairs',
    terms: ['dots'],
    tex: String.raw`S = \frac{\term{dots}{\cq{Q}\ck{K}^{\top}}}{\sqrt{d_k}},\qquad (\cq{Q}\ck{K}^{\top})_{tj} = \cq{q_t}\cdot\ck{k_j}`,
  },
  {
    id: 'mask',
    terms: ['mask'],
    tex: String.raw`M_{tj} = \begin{cases} 0 & j \le t \\ \term{mask}{-\infty} & j > t \end{cases}`,
  },
  { id: 'softmax', terms: ['softmax'], tex: String.raw`A = \term{softmax}{\operatorname{softmax}}(S + M),\qquad e^{-\infty} = 0` },
  { id: 'pattern', terms: ['a'], tex: String.raw`\term{a}{A} = \operatorname{softmax}(S + M)` },
  {
    id: 'gather',
    terms: ['o'],
    tex: String.raw`O = A\cv{V},\qquad \term{o}{o_t = \sum_{j \le t} a_{t,j}\,\cv{v_j}}`,
  },
  {
    id: 'cache',
    terms: ['kv'],
    tex: String.raw`\begin{gathered}\term{kv}{\ck{k_j},\ \cv{v_j}}\ \text{depend on tokens } 1, \dots, j \text{ only} \\ \Rightarrow\ \text{computed once, then kept}\end{gathered}`,
  },
];


/**
 * CSS that shows only the active step's equation (by data-state, so it holds without JavaScript and in print).
 * @example equationSwitchCss('self-attention') // '[data-figure="self-attention"] [data-equation-for]{display:none}…'
 */
export function equationSwitchCss(figure: string): string {
  const shown = SELF_ATTENTION_STEPS.map((s) => `[data-figure="${figure}"][data-state="${s.id}"] [data-equation-for="${s.id}"]`);
  return `[data-figure="${figure}"] [data-equation-for]{display:none}${shown.join(',')}{display:block}`;
}

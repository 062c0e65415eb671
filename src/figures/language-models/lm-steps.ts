/**
 * The language-models figure's step table: each step's equation and the terms of it the step is about. Tokens are
 * counted from 1, as everywhere in the course: w_1 is <bos>, and a sentence of T tokens holds T − 1 examples.
 */
import type { StepTerms } from '../../math/term-highlight';

export const LM_STEP_IDS = ['next-token', 'tokens', 'embedding', 'transformer', 'unembedding', 'softmax', 'cross-entropy', 'perplexity', 'lab'] as const;
export type LmStepId = (typeof LM_STEP_IDS)[number];

export interface LmStep extends StepTerms {
  readonly id: LmStepId;
  /** The step's equation, with \term{id}{…} marks; the figure shows the active step's. */
  readonly tex: string;
}

/** The mean over the N scored examples, the set S of positions t < T whose next word w_{t+1} is known (not <unk>);
 *  N = |S| = T − 1 when every word is in the vocabulary. The caption and the prose define S (here it would not fit). */
const LOSS = String.raw`\mathcal{L} = \frac{1}{N} \sum_{t \in S} \term{nll}{-\ln p_t(w_{t+1})}`;

export const LM_STEPS: readonly LmStep[] = [
  {
    id: 'next-token',
    terms: ['cond'],
    tex: String.raw`p(w_2, \dots, w_T \mid w_1) = \prod_{t=1}^{T-1} \term{cond}{p(w_{t+1} \mid w_1, \dots, w_t)}`,
  },
  { id: 'tokens', terms: ['ids'], tex: String.raw`\term{ids}{w_t} \in \{0, 1, \dots, V - 1\}` },
  {
    id: 'embedding',
    terms: ['row'],
    tex: String.raw`x_t = \term{row}{E[w_t]} = e_{w_t} E \in \mathbb{R}^{1 \times D}, \qquad E \in \mathbb{R}^{V \times D},\; e_{w_t} \in \mathbb{R}^{1 \times V}`,
  },
  { id: 'transformer', terms: ['f'], tex: String.raw`h_t = \term{f}{f_\theta(x_1, \dots, x_t)} \in \mathbb{R}^{1 \times D}` },
  { id: 'unembedding', terms: ['wu'], tex: String.raw`z_t = h_t \term{wu}{W_U} \in \mathbb{R}^{1 \times V}, \qquad W_U \in \mathbb{R}^{D \times V}` },
  { id: 'softmax', terms: ['p'], tex: String.raw`\term{p}{p_t(v)} = \frac{e^{z_{t,v}}}{\sum_{u=0}^{V-1} e^{z_{t,u}}}` },
  { id: 'cross-entropy', terms: ['nll'], tex: LOSS },
  {
    id: 'perplexity',
    terms: ['ppl', 'uniform'],
    tex: String.raw`\term{ppl}{\operatorname{PPL} = e^{\mathcal{L}}}, \qquad \term{uniform}{p_t(v) = \tfrac{1}{V} \;\Rightarrow\; \mathcal{L} = \ln V,\; \operatorname{PPL} = V}`,
  },
  {
    id: 'lab',
    terms: ['objective'],
    tex: String.raw`\theta^\star = \arg\min_\theta\; \term{objective}{\mathbb{E}_{\text{text}}\big[-\ln p_\theta(w_{t+1} \mid w_1, \dots, w_t)\big]}`,
  },
];

/**
 * CSS that shows only the active step's equation (by data-state, so it holds without JavaScript and in print).
 * @example equationSwitchCss('language-models') // '[data-figure="language-models"] [data-equation-for]{display:none}…'
 */
export function equationSwitchCss(figure: string): string {
  const shown = LM_STEPS.map((s) => `[data-figure="${figure}"][data-state="${s.id}"] [data-equation-for="${s.id}"]`);
  return `[data-figure="${figure}"] [data-equation-for]{display:none}${shown.join(',')}{display:block}`;
}

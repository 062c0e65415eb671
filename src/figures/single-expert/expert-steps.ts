/** The single-expert figure's step table: each step's own equation and the terms of it the step is about. */
import type { StepTerms } from '../../math/term-highlight';

export type ExpertStepId = 'small-network' | 'shared-hidden' | 'shared-out' | 'every-token' | 'segmentation' | 'widths';

export interface ExpertStep extends StepTerms {
  readonly id: ExpertStepId;
  /** The step's equation, with \term{id}{…} marks; the figure shows the active step's. */
  readonly tex: string;
}

/**
 * The MoE layer as the code (Hugging Face's and MiniSeek's) computes it (V3 eq. 12 with the residual x_t written out and the gates × ρ): shared
 * experts on every token plus gated routed ones, all reading u_t = RMSNorm(x_t).
 */
const LAYER = String.raw`h'_t = x_t + \term{shared}{\sum_{i=1}^{N_s} \operatorname{FFN}^{(s)}_i(u_t)} + \term{routed}{\sum_{i=1}^{N_r} \rho\, g_{i,t}\, \operatorname{FFN}^{(r)}_i(u_t)}`;

/**
 * The shared expert the figure follows: the dense layer's SwiGLU with a narrower hidden width F_e and its own
 * matrices W^(s). Row vectors: u_t is [1, D].
 */
const SHARED = String.raw`\ce{\operatorname{FFN}^{(s)}}(u_t) = \big(\operatorname{SiLU}(\term{proj}{u_t W^{(s)}_{\text{gate}}}) \odot \term{proj}{u_t W^{(s)}_{\text{up}}}\big)\,\term{down}{W^{(s)}_{\text{down}}},\quad W^{(s)}_{\text{gate}}, W^{(s)}_{\text{up}} \in \mathbb{R}^{D \times \term{fe}{F_e}}`;

export const EXPERT_STEPS: readonly ExpertStep[] = [
  { id: 'small-network', terms: ['fe', 'proj'], tex: SHARED },
  { id: 'shared-hidden', terms: ['hidden'], tex: String.raw`\term{hidden}{h^{(s)}_t = \operatorname{SiLU}(u_t W^{(s)}_{\text{gate}}) \odot u_t W^{(s)}_{\text{up}}} \in \mathbb{R}^{1 \times F_e}` },
  { id: 'shared-out', terms: ['down'], tex: SHARED },
  { id: 'every-token', terms: ['shared'], tex: LAYER },
  {
    id: 'segmentation',
    terms: ['combos'],
    tex: String.raw`\binom{N}{K} \;\longrightarrow\; \term{combos}{\binom{mN}{mK}},\qquad \text{each expert } \tfrac{F}{m} \text{ wide}`,
  },
  { id: 'widths', terms: ['active'], tex: String.raw`\text{hidden units per token} = \term{active}{(N_s + K_r)\, F_e}` },
];

/**
 * CSS that shows only the active step's equation (by data-state, so it holds without JavaScript and in print).
 * @example equationSwitchCss('single-expert') // '[data-figure="single-expert"] [data-equation-for]{display:none}…'
 */
export function equationSwitchCss(figure: string): string {
  const shown = EXPERT_STEPS.map((s) => `[data-figure="${figure}"][data-state="${s.id}"] [data-equation-for="${s.id}"]`);
  return `[data-figure="${figure}"] [data-equation-for]{display:none}${shown.join(',')}{display:block}`;
}

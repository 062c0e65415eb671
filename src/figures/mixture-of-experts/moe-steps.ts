/** The mixture-of-experts figure's step table: each step's equation (V3 and V2 notation) and the terms it is about. */
import type { StepTerms } from '../../math/term-highlight';

export type MoeStepId = 'experts' | 'centroids' | 'softmax' | 'sigmoid' | 'dense-gates' | 'gated-sum' | 'sparsity';

export interface MoeStep extends StepTerms {
  readonly id: MoeStepId;
  readonly tex: string;
}

const EXPERT = String.raw`\term{ffn}{\mathrm{FFN}_i(u_t)} = \big(\operatorname{SiLU}(u_t W^{\mathrm{gate}}_i) \odot u_t W^{\mathrm{up}}_i\big)\, W^{\mathrm{down}}_i`;
/**
 * V3 eq. 12 with the sum over every expert (the dense mixture, its gates written ḡ: they are not eq. 13's g), in MiniSeek's form: the residual adds the stream x_t,
 * and u_t = RMSNorm(x_t) is what the experts read (the paper writes u_t for both, leaving the norm out).
 */
const MIXTURE = (term: string) => String.raw`h'_t = x_t + \ldots + \term{${term}}{\sum_{i} \bar g_{i,t}\, \mathrm{FFN}_i(u_t)},\quad u_t = \operatorname{RMSNorm}(x_t)`;

/**
 * The steps, with the layer's number of routed experts N_r written into the dense gate's equation (N_r is first
 * named there).
 * @example moeSteps(8)[4].tex // '… (over all N_r = 8 routed experts)'
 */
export function moeSteps(routedExperts: number): readonly MoeStep[] {
  return [
    { id: 'experts', terms: ['ffn'], tex: EXPERT },
    { id: 'centroids', terms: ['logit'], tex: String.raw`\term{logit}{u_t\, e_i^{\top}},\qquad u_t \in \mathbb{R}^{1\times D},\ \ce{e_i} \in \mathbb{R}^{1\times D}` },
    { id: 'softmax', terms: ['softmax'], tex: String.raw`s_{i,t} = \term{softmax}{\operatorname{Softmax}_i}\big(u_t\, \ce{e_i}^{\top}\big)\quad\text{(V2, eq. 22)}` },
    { id: 'sigmoid', terms: ['sigmoid'], tex: String.raw`s_{i,t} = \term{sigmoid}{\operatorname{Sigmoid}}\big(u_t\, \ce{e_i}^{\top}\big)\quad\text{(V3, eq. 15)}` },
    { id: 'dense-gates', terms: ['gate'], tex: String.raw`\term{gate}{\bar g_{i,t}} = \frac{s_{i,t}}{\sum_{j} s_{j,t}}\quad\text{(over all } N_r = ${routedExperts} \text{ routed experts)}` },
    { id: 'gated-sum', terms: ['sum'], tex: MIXTURE('sum') },
    // C_t is the set of experts MiniSeek really chooses (bias and groups, next chapter), and their gates are
    // renormalised over C_t and scaled by ρ: not the dense gates restricted to the top K_r.
    {
      id: 'sparsity',
      terms: ['keep'],
      tex: String.raw`\sum_{i} \bar g_{i,t}\,\ce{\mathrm{FFN}_i}(u_t) \;\to\; \term{keep}{\sum_{i \in C_t} \rho\,\frac{s_{i,t}}{\sum_{j \in C_t} s_{j,t}}\,\mathrm{FFN}_i(u_t)}`,
    },
  ];
}

/**
 * CSS that shows only the active step's equation (by data-state, so it holds without JavaScript and in print).
 * @example equationSwitchCss('mixture-of-experts', moeSteps(8))
 */
export function equationSwitchCss(figure: string, steps: readonly { id: string }[]): string {
  const shown = steps.map((s) => `[data-figure="${figure}"][data-state="${s.id}"] [data-equation-for="${s.id}"]`);
  return `[data-figure="${figure}"] [data-equation-for]{display:none}${shown.join(',')}{display:block}`;
}

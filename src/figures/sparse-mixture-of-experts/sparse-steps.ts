/** The sparse mixture-of-experts figure's step table: each step's equation (V3 and V2 numbering) and its terms. */
import type { StepTerms } from '../../math/term-highlight';

export type SparseStepId = 'top-k' | 'bias' | 'groups' | 'gates' | 'sparse-sum' | 'load' | 'aux-loss' | 'loss-free';

export interface SparseStep extends StepTerms {
  readonly id: SparseStepId;
  readonly tex: string;
}

const BIASED = String.raw`g'_{i,t} = \begin{cases} s_{i,t}, & s_{i,t} + \term{bias}{b_i} \in \operatorname{Topk}(\{s_{j,t} + b_j\}, K_r) \\ 0, & \text{otherwise} \end{cases}`;

export const SPARSE_STEPS: readonly SparseStep[] = [
  {
    id: 'top-k',
    terms: ['topk'],
    tex: String.raw`g'_{i,t} = \begin{cases} s_{i,t}, & s_{i,t} \in \term{topk}{\operatorname{Topk}(\{s_{j,t}\}, K_r)} \\ 0, & \text{otherwise} \end{cases}\quad\text{(eq. 14)}`,
  },
  { id: 'bias', terms: ['bias'], tex: BIASED },
  {
    id: 'groups',
    terms: ['group'],
    tex: String.raw`\term{group}{\text{score}_{m,t} = \textstyle\sum \operatorname{top2}_{j \in m}(s_{j,t} + b_j)}`,
  },
  {
    // ρ (routed_scaling_factor / route_scale) is neither named nor given a value in the V3 paper (§4.2 mentions only
    // "scaling factors at the width bottlenecks"); its value comes from the configs, so it multiplies eq. 13's g_{i,t}
    // rather than being folded into it.
    id: 'gates',
    terms: ['norm', 'scale'],
    tex: String.raw`\begin{gathered}\term{scale}{\rho}\, g_{i,t},\qquad \term{norm}{g_{i,t} = \frac{g'_{i,t}}{\sum_{j} g'_{j,t}}}\ \text{(eq. 13)}\\ \rho\text{: a scaling factor the paper does not give; 2.5 in V3's configs}\end{gathered}`,
  },
  {
    id: 'sparse-sum',
    terms: ['routed'],
    tex: String.raw`\begin{gathered}h'_t = x_t + \ldots + \term{routed}{\sum_{i} \rho\, g_{i,t}\, \mathrm{FFN}_i(u_t)}\\ \text{only } K_r \text{ of the } g_{i,t} \ne 0\end{gathered}`,
  },
  // The figure plots the counts n_i; f_i, the scaled share of V3 eq. 18, is n_i divided by the even count K_r T / N_r.
  { id: 'load', terms: ['load'], tex: String.raw`\term{load}{n_i = \sum_{t=1}^{T} \mathbb{1}(\text{token } t \text{ selects expert } i)},\qquad \text{even: } n_i = \frac{K_r T}{N_r}` },
  // Exactly what balanceStats computes: V3's sequence-wise loss (eqs. 17–20), with sigmoid affinities normalised
  // over all experts, so that Σ_i P_i = 1 and Σ_i f_i P_i = 1 at an even load. Eq. 18 as printed counts the plain
  // top-k of s; n_i here counts the experts really chosen (bias and groups), as MiniSeek's training does.
  {
    id: 'aux-loss',
    terms: ['loss'],
    tex: String.raw`\begin{gathered}\term{loss}{\mathcal{L}_{\mathrm{Bal}} = \alpha \sum_{i} f_i P_i}\ \text{(eq. 17)},\qquad f_i = \frac{N_r}{K_r T}\, n_i\ \text{(18; } n_i \text{ counts the chosen)}\\ P_i = \frac{1}{T}\sum_{t=1}^{T} s'_{i,t}\ \text{(20)},\qquad s'_{i,t} = \frac{s_{i,t}}{\sum_{j} s_{j,t}}\ \text{(19)}\end{gathered}`,
  },
  { id: 'loss-free', terms: ['bias'], tex: String.raw`\term{bias}{b_i \leftarrow b_i \mp \gamma}\ \text{(overloaded: } -\gamma\text{; underloaded: } +\gamma\text{)}` },
];

/** CSS that shows only the active step's equation. @example equationSwitchCss('sparse-mixture-of-experts') */
export function equationSwitchCss(figure: string): string {
  const shown = SPARSE_STEPS.map((s) => `[data-figure="${figure}"][data-state="${s.id}"] [data-equation-for="${s.id}"]`);
  return `[data-figure="${figure}"] [data-equation-for]{display:none}${shown.join(',')}{display:block}`;
}

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
    id: 'gates',
    terms: ['norm', 'scale'],
    tex: String.raw`g_{i,t} = \term{scale}{\rho} \cdot \term{norm}{\frac{g'_{i,t}}{\sum_{j} g'_{j,t}}}\quad\text{(eq. 13; } \rho = \text{routed\_scaling\_factor)}`,
  },
  { id: 'sparse-sum', terms: ['routed'], tex: String.raw`h'_t = u_t + \ldots + \term{routed}{\sum_{i} g_{i,t}\, \mathrm{FFN}_i(u_t)},\quad \text{only } K_r \text{ of the } g_{i,t} \ne 0` },
  { id: 'load', terms: ['f'], tex: String.raw`\term{f}{f_i} = \frac{N_r}{K_r T} \sum_{t=1}^{T} \mathbb{1}(\text{token } t \text{ selects expert } i)` },
  { id: 'aux-loss', terms: ['loss'], tex: String.raw`\term{loss}{\mathcal{L}_{\mathrm{ExpBal}} = \alpha_1 \sum_{i} f_i P_i},\qquad P_i = \frac{1}{T}\sum_{t=1}^{T} s_{i,t}` },
  { id: 'loss-free', terms: ['bias'], tex: String.raw`\term{bias}{b_i \leftarrow b_i \mp \gamma}\ \text{(overloaded: } -\gamma\text{; underloaded: } +\gamma\text{)}` },
];

/** CSS that shows only the active step's equation. @example equationSwitchCss('sparse-mixture-of-experts') */
export function equationSwitchCss(figure: string): string {
  const shown = SPARSE_STEPS.map((s) => `[data-figure="${figure}"][data-state="${s.id}"] [data-equation-for="${s.id}"]`);
  return `[data-figure="${figure}"] [data-equation-for]{display:none}${shown.join(',')}{display:block}`;
}

/** The shared-and-routed figure's step table: each step's own equation (V3 §2.1.2) and the terms it is about. */
import type { StepTerms } from '../../math/term-highlight';

export type SharedRoutedStepId = 'residual' | 'shared' | 'affinity' | 'choose' | 'gates' | 'routed' | 'sum' | 'all-tokens' | 'specialisation' | 'parameters';

export interface SharedRoutedStep extends StepTerms {
  readonly id: SharedRoutedStepId;
  /** The step's equation, with \term{id}{…} marks; the figure shows the active step's. */
  readonly tex: string;
}

/**
 * V3 eq. 12 in the course's names: the stream x_t, u_t = RMSNorm(x_t) the FFN input (the paper writes u_t in the
 * residual term too, folding the norm away), and the code's ρ on the routed gates.
 */
const EQ12 = String.raw`\term{hprime}{h'_t} = \term{x}{x_t} + \term{shared}{\sum_{i=1}^{N_s} \operatorname{FFN}^{(s)}_i(u_t)} + \term{routed}{\sum_{i=1}^{N_r} \rho\, \term{g}{g_{i,t}}\, \ce{\operatorname{FFN}^{(r)}_i}(u_t)}`;

/**
 * Which experts token t may use and which it gets, as the code computes them (MiniSeek follows the Hugging Face
 * version, which masks the dropped groups with 0 where V3's reference code uses −∞). V3's Topk(·, K) is "the set
 * comprising K highest scores" (defined just after eq. 15), a set of numbers, so membership is asked of scores, never
 * of expert indices. The groups G_γ are blocks of N_r / n_g consecutive experts (n_g: n_expert_groups in the
 * reference code, n_group in the HF config); each is scored σ_{γ,t} by its best pair of biased scores (the max
 * spans the whole bracketed sum), and the K_g best groups (n_limited_groups, or topk_group) make up A_t.
 */
const CHOOSE = String.raw`\begin{gathered}
c_{m,t} = \max_{j \neq k \in \mathcal{G}_m} \bigl[\bigl(s_{j,t} + b_j\bigr) + \bigl(s_{k,t} + b_k\bigr)\bigr] \\
\term{allowed}{\mathcal{A}_t} = \bigcup \bigl\{\, \mathcal{G}_m : c_{m,t} \in \operatorname{Topk}\bigl(\{c_{n,t}\}_{n},\ K_g\bigr) \bigr\} \\
g'_{i,t} = \begin{cases} s_{i,t} & i \in \mathcal{A}_t \text{ and } s_{i,t} + \term{bias}{b_i} \in \term{topk}{\operatorname{Topk}}\!\left(\{ s_{j,t} + b_j : j \in \mathcal{A}_t \},\ K_r\right) \\ 0 & \text{otherwise} \end{cases}
\end{gathered}`;

export const SHARED_ROUTED_STEPS: readonly SharedRoutedStep[] = [
  {
    id: 'residual',
    terms: ['hprime', 'x', 'u'],
    tex: String.raw`\begin{gathered}\term{u}{u_t} = \operatorname{RMSNorm}(x_t) \\ ${EQ12}\end{gathered}`,
  },
  { id: 'shared', terms: ['shared'], tex: EQ12 },
  {
    id: 'affinity',
    terms: ['s'],
    tex: String.raw`\term{s}{s_{i,t}} = \operatorname{Sigmoid}\!\left(u_t\, e_i^{\top}\right),\qquad u_t,\ e_i \in \mathbb{R}^{1\times D}`,
  },
  {
    id: 'choose',
    terms: ['bias', 'topk', 'allowed'],
    tex: CHOOSE,
  },
  {
    id: 'gates',
    terms: ['norm'],
    tex: String.raw`\begin{gathered} g_{i,t} = \term{norm}{\frac{g'_{i,t}}{\sum_{j=1}^{N_r} g'_{j,t}}}\ \text{(eq. 13)} \\ \text{applied: } \rho\, g_{i,t},\quad \rho:\ \texttt{route\_scale}\ \text{or}\ \texttt{routed\_scaling\_factor} \end{gathered}`,
  },
  { id: 'routed', terms: ['routed'], tex: EQ12 },
  { id: 'sum', terms: ['shared', 'routed'], tex: EQ12 },
  {
    id: 'all-tokens',
    terms: ['grid'],
    tex: String.raw`\term{grid}{G_{t,i} = \rho\, g_{i,t}},\qquad G \in \mathbb{R}^{T \times N_r},\quad K_r \text{ non-zero entries per row}`,
  },
  {
    id: 'specialisation',
    terms: ['share'],
    tex: String.raw`\term{share}{\operatorname{share}_{i}(c)} = \frac{\bigl|\{\, t : \operatorname{class}(t) = c,\ g_{i,t} > 0 \,\}\bigr|}{\bigl|\{\, t : g_{i,t} > 0 \,\}\bigr|}`,
  },
  {
    id: 'parameters',
    terms: ['idle'],
    tex: String.raw`N_{\text{active}} = N_{\text{total}} - \term{idle}{L_{\text{MoE}}\,(N_r - K_r)\cdot 3\,D\,F_e} - \underbrace{V D}_{\text{embedding}}`,
  },
];

/**
 * CSS that shows only the active step's equation (by data-state, so it holds without JavaScript and in print).
 * @example equationSwitchCss('shared-routed-moe') // '[data-figure="shared-routed-moe"] [data-equation-for]{display:none}…'
 */
export function equationSwitchCss(figure: string): string {
  const shown = SHARED_ROUTED_STEPS.map((s) => `[data-figure="${figure}"][data-state="${s.id}"] [data-equation-for="${s.id}"]`);
  return `[data-figure="${figure}"] [data-equation-for]{display:none}${shown.join(',')}{display:block}`;
}

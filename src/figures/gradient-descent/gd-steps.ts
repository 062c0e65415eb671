/** The gradient-descent figure's step table: each step's equation, the terms it is about, and which problem it draws. */
import type { StepTerms } from '../../math/term-highlight';
import type { ProblemId } from './problems';

export type DescentStepId = 'cost' | 'surface' | 'uphill' | 'descend' | 'learning-rate' | 'local-minima' | 'miniseek';

export interface DescentStepDef extends StepTerms {
  readonly id: DescentStepId;
  /** The step's equation, with \term{id}{…} marks; the figure shows the active step's. */
  readonly tex: string;
  /** The surface the step draws (none for MiniSeek's step). */
  readonly problem?: ProblemId;
}

/** The update, w and ∇L in R² here (MiniSeek's step writes its P parameters θ, as the papers do). */
const UPDATE = String.raw`\term{w}{w} \leftarrow w - \term{eta}{\eta}\,\term{grad}{\nabla L(w)}`;

export const DESCENT_STEPS: readonly DescentStepDef[] = [
  {
    id: 'cost',
    problem: 'line',
    terms: ['residual', 'mean'],
    tex: String.raw`L(a, b) = \term{mean}{\frac{1}{n}\sum_{i=1}^{n}} \big(\term{residual}{a x_i + b - y_i}\big)^2`,
  },
  {
    id: 'surface',
    problem: 'line',
    terms: ['w', 'cost'],
    tex: String.raw`\term{w}{w = (a, b)} \in \mathbb{R}^2 \;\longmapsto\; \term{cost}{L(w)} \in \mathbb{R}`,
  },
  {
    id: 'uphill',
    problem: 'line',
    terms: ['dot'],
    tex: String.raw`\begin{gathered}L(w + \varepsilon d) \approx L(w) + \varepsilon\, \term{dot}{\nabla L(w) \cdot d} \\ \nabla L \cdot d = \lVert \nabla L \rVert \cos\psi \quad (\lVert d \rVert = 1)\end{gathered}`,
  },
  {
    id: 'descend',
    problem: 'line',
    terms: ['eta', 'grad'],
    tex: String.raw`\begin{gathered}${UPDATE} \\ \nabla L = \Big(\tfrac{2}{n}\sum_i r_i x_i,\; \tfrac{2}{n}\sum_i r_i\Big)\end{gathered}`,
  },
  {
    id: 'learning-rate',
    problem: 'line',
    terms: ['factor', 'limit'],
    tex: String.raw`\begin{gathered}\nabla L(w) = H\,(w - w^*), \quad H = \tfrac{2}{n}\begin{pmatrix}\sum_i x_i^2 & \sum_i x_i \\ \sum_i x_i & n\end{pmatrix} \\ e_{k+1} = \term{factor}{(1 - \eta\lambda)}\, e_k \\ \text{converges} \iff \term{limit}{0 < \eta < 2/\lambda_{\max}}\end{gathered}`,
  },
  {
    id: 'local-minima',
    problem: 'well',
    terms: ['tilt'],
    tex: String.raw`f(a, b) = (a^2 - 1)^2 + \term{tilt}{0.3\,a} + b^2`,
  },
  {
    id: 'miniseek',
    terms: ['grad', 'step'],
    tex: String.raw`\begin{gathered}\term{grad}{g = \nabla L(\theta)} \in \mathbb{R}^{P} \\ m \leftarrow \beta_1 m + (1 - \beta_1)\, g, \quad v \leftarrow \beta_2 v + (1 - \beta_2)\, g \odot g \\ \hat m = m / (1 - \beta_1^{\,t}), \quad \hat v = v / (1 - \beta_2^{\,t}) \\ \term{step}{\theta \leftarrow \theta - \eta\,\Big(\frac{\hat m}{\sqrt{\hat v} + \epsilon_{\text{Adam}}} + \lambda_{\text{wd}}\,\theta\Big)}\end{gathered}`,
  },
];

/** The step's own definition. */
export function stepDef(id: DescentStepId): DescentStepDef {
  return DESCENT_STEPS.find((s) => s.id === id)!;
}

/**
 * CSS that shows only the active step's equation (by data-state, so it holds without JavaScript and in print).
 * @example equationSwitchCss('gradient-descent')
 */
export function equationSwitchCss(figure: string): string {
  const shown = DESCENT_STEPS.map((s) => `[data-figure="${figure}"][data-state="${s.id}"] [data-equation-for="${s.id}"]`);
  return `[data-figure="${figure}"] [data-equation-for]{display:none}${shown.join(',')}{display:block}`;
}

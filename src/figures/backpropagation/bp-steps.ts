/** The backpropagation figure's step table: each step's own equation and the terms of it the step is about. */
import type { StepTerms } from '../../math/term-highlight';

export type BackpropStepId =
  | 'one-point'
  | 'output-error'
  | 'output-weights'
  | 'hidden-error'
  | 'first-layer'
  | 'check'
  | 'cost'
  | 'mini-batches'
  | 'noisy-gradient'
  | 'autodiff'
  | 'training-lab';

export interface BackpropStep extends StepTerms {
  readonly id: BackpropStepId;
  /** The step's equation, with \term{id}{…} marks; the figure shows the active step's. Column vectors throughout. */
  readonly tex: string;
}

const BATCH_GRADIENT = String.raw`\nabla_\theta L_B = \frac{1}{|B|}\sum_{i \in B} \nabla_\theta L_i`;

export const BACKPROP_STEPS: readonly BackpropStep[] = [
  {
    id: 'one-point',
    terms: ['forward', 'loss'],
    tex: String.raw`\begin{aligned} \term{forward}{z^{1}} &= W^{1}x + b^{1} \in \mathbb{R}^{3}, & W^{1} &\in \mathbb{R}^{3\times 2},\ x \in \mathbb{R}^{2} \\ a^{1} &= f(z^{1}), \quad z^{2} = W^{2}a^{1} + b^{2} \in \mathbb{R}, & W^{2} &\in \mathbb{R}^{1\times 3} \\ \term{loss}{L} &= -y\ln p - (1-y)\ln(1-p), & p &= \sigma(z^{2}) \end{aligned}`,
  },
  {
    id: 'output-error',
    terms: ['d2'],
    tex: String.raw`\term{d2}{\delta^{2}} = \frac{\partial L}{\partial z^{2}} = \frac{\partial L}{\partial p}\,\frac{\partial p}{\partial z^{2}} = \frac{p - y}{p(1-p)}\cdot p(1-p) = p - y`,
  },
  {
    id: 'output-weights',
    terms: ['chain', 'gw2'],
    tex: String.raw`\begin{gathered} \term{chain}{\frac{\partial L}{\partial W^{2}_{1j}} = \frac{\partial L}{\partial z^{2}}\,\frac{\partial z^{2}}{\partial W^{2}_{1j}} = \delta^{2} a^{1}_{j}} \\ \term{gw2}{\frac{\partial L}{\partial W^{2}} = \delta^{2} (a^{1})^{\top} \in \mathbb{R}^{1\times 3}}, \qquad \frac{\partial L}{\partial b^{2}} = \delta^{2} \end{gathered}`,
  },
  {
    id: 'hidden-error',
    terms: ['d1', 'back', 'slope'],
    tex: String.raw`\term{d1}{\delta^{1}} = \frac{\partial L}{\partial z^{1}} = \big(\term{back}{(W^{2})^{\top}\delta^{2}}\big) \odot \term{slope}{f'(z^{1})} \in \mathbb{R}^{3}`,
  },
  {
    id: 'first-layer',
    terms: ['gw1', 'general'],
    tex: String.raw`\begin{gathered} \term{gw1}{\frac{\partial L}{\partial W^{1}} = \delta^{1} x^{\top} \in \mathbb{R}^{3\times 2}}, \qquad \frac{\partial L}{\partial b^{1}} = \delta^{1} \\ \term{general}{\delta^{\ell-1} = \big((W^{\ell})^{\top}\delta^{\ell}\big) \odot f'(z^{\ell-1}), \quad \frac{\partial L}{\partial W^{\ell}} = \delta^{\ell} (a^{\ell-1})^{\top}} \end{gathered}`,
  },
  {
    id: 'check',
    terms: ['fd', 'rel'],
    tex: String.raw`\begin{gathered} \term{fd}{\frac{\partial L}{\partial \theta} \approx \frac{L(\theta + h) - L(\theta - h)}{2h}}, \quad h = 10^{-5} \\ \term{rel}{\text{rel} = \frac{|g_{\text{bp}} - g_{\text{fd}}|}{\max(|g_{\text{bp}}|, |g_{\text{fd}}|)}} \end{gathered}`,
  },
  {
    id: 'cost',
    terms: ['fdc', 'bpc'],
    tex: String.raw`\begin{gathered} \text{finite differences: } \term{fdc}{2P \text{ forward passes}} \quad (P \text{ parameters}) \\ \text{backpropagation: } \term{bpc}{1 \text{ forward} + 1 \text{ backward} \approx 3 \text{ forward passes}} \end{gathered}`,
  },
  {
    id: 'mini-batches',
    terms: ['batch'],
    tex: String.raw`\term{batch}{${BATCH_GRADIENT}}, \qquad \theta \leftarrow \theta - \eta\, \nabla_\theta L_B`,
  },
  {
    id: 'noisy-gradient',
    terms: ['avg'],
    tex: String.raw`\nabla_\theta L = \frac{1}{N}\sum_{i=1}^{N} \nabla_\theta L_i = \sum_{B} \term{avg}{\frac{|B|}{N}\, \nabla_\theta L_B}`,
  },
  {
    id: 'autodiff',
    terms: ['vjp'],
    tex: String.raw`u = \operatorname{op}(v): \qquad \term{vjp}{\bar{v} \mathrel{+}= \Big(\frac{\partial u}{\partial v}\Big)^{\!\top} \bar{u}}, \qquad \bar{t} = \frac{\partial L}{\partial t} \text{ for every tensor } t`,
  },
  {
    id: 'training-lab',
    terms: ['step'],
    tex: String.raw`\term{step}{\theta \leftarrow \theta - \eta\, \nabla_\theta L_B}, \qquad ${BATCH_GRADIENT}`,
  },
];

/**
 * CSS that shows only the active step's equation (by data-state, so it holds without JavaScript and in print).
 * @example equationSwitchCss('backpropagation')
 */
export function equationSwitchCss(figure: string): string {
  const shown = BACKPROP_STEPS.map((s) => `[data-figure="${figure}"][data-state="${s.id}"] [data-equation-for="${s.id}"]`);
  return `[data-figure="${figure}"] [data-equation-for]{display:none}${shown.join(',')}{display:block}`;
}

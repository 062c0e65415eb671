/** The feed-forward figure's step table: each step's own equation and the terms of it the step is about. */
import type { StepTerms } from '../../math/term-highlight';

export type FeedForwardStepId = 'input' | 'projections' | 'silu' | 'product' | 'why-swiglu' | 'down' | 'residual' | 'memory' | 'parameters';

export interface FeedForwardStep extends StepTerms {
  readonly id: FeedForwardStepId;
  /** The step's equation, with \term{id}{…} marks; the figure shows the active step's. */
  readonly tex: string;
}

/** The whole layer in one line, row-vector convention: u_t is [1, D], W_gate and W_up are [D, F], W_down is [F, D]. */
const LAYER = String.raw`\term{y}{y_t} = \big(\term{silu}{\operatorname{SiLU}}(\term{z}{u_t W_{\text{gate}}}) \term{odot}{\odot} \term{a}{u_t W_{\text{up}}}\big)\,\term{down}{W_{\text{down}}}`;

export const FEED_FORWARD_STEPS: readonly FeedForwardStep[] = [
  { id: 'input', terms: ['u'], tex: String.raw`\term{u}{u_t} = \operatorname{RMSNorm}(x_t) \in \mathbb{R}^{1 \times D}` },
  { id: 'projections', terms: ['z', 'a'], tex: LAYER },
  { id: 'silu', terms: ['silu'], tex: String.raw`\term{silu}{\operatorname{SiLU}(z)} = z\,\sigma(z) = \frac{z}{1 + e^{-z}}` },
  { id: 'product', terms: ['odot'], tex: String.raw`\term{odot}{h_t = \operatorname{SiLU}(z_t) \odot a_t} \in \mathbb{R}^{1 \times F}` },
  {
    id: 'why-swiglu',
    terms: ['swiglu'],
    tex: String.raw`\begin{gathered}\operatorname{FFN}_{\text{ReLU}}(u) = \max(0, uW_1)\,W_2 \\ \term{swiglu}{\operatorname{FFN}_{\text{SwiGLU}}(u) = \big(\operatorname{Swish}_1(uW) \odot uV\big)\,W_2}\end{gathered}`,
  },
  { id: 'down', terms: ['down', 'y'], tex: LAYER },
  { id: 'residual', terms: ['res'], tex: String.raw`\term{res}{h'_t = x_t + y_t}` },
  {
    id: 'memory',
    terms: ['coef', 'value'],
    tex: String.raw`y_t = h_t W_{\text{down}} = \sum_{j=1}^{F} \term{coef}{h_{t,j}}\; \term{value}{w^{\text{down}}_{j}}`,
  },
  {
    id: 'parameters',
    terms: ['ffn'],
    tex: String.raw`\text{share} = \frac{\term{ffn}{L_{\text{dense}} \cdot 3DF + L_{\text{MoE}}\,(N_s + N_r) \cdot 3DF_e}}{\text{all parameters}}`,
  },
];

/**
 * CSS that shows only the active step's equation (by data-state, so it holds without JavaScript and in print).
 * @example equationSwitchCss('feed-forward') // '[data-figure="feed-forward"] [data-equation-for]{display:none}…'
 */
export function equationSwitchCss(figure: string): string {
  const shown = FEED_FORWARD_STEPS.map((s) => `[data-figure="${figure}"][data-state="${s.id}"] [data-equation-for="${s.id}"]`);
  return `[data-figure="${figure}"] [data-equation-for]{display:none}${shown.join(',')}{display:block}`;
}

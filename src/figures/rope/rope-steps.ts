/**
 * The RoPE figure's step table: each step's equation and the terms it highlights. Row vectors, as in every chapter
 * (x W, and a rotation acts from the right: x R); pairs and positions as the prose counts them: pair i = 1 … d/2
 * holds dimensions (2i − 1, 2i) in the interleaved layout, and a token's position m counts <bos> as 0.
 */
import { stepEquationsCss } from '../../math/step-equations';
import type { StepTerms } from '../../math/term-highlight';

export type RopeStepId = 'order-blind' | 'two-answers' | 'one-pair' | 'frequencies' | 'relative' | 'layouts' | 'decoupled' | 'yarn';

export interface RopeStep extends StepTerms {
  readonly id: RopeStepId;
  /** The step's equation in TeX; \term{id}{…} marks what `terms` highlight. */
  readonly tex: string;
}

const tex = String.raw;

/** One 2-D pair turned by angle a, written for a row vector: [y₁, y₂] = [x₁, x₂] R(a). */
const ROTATION = tex`\begin{pmatrix} \cos m\theta_i & \sin m\theta_i \\ -\sin m\theta_i & \cos m\theta_i \end{pmatrix}`;

export const ROPE_STEPS: readonly RopeStep[] = [
  {
    id: 'order-blind',
    terms: ['content'],
    tex: tex`\cq{q_{t,i}}\, \ck{k_{j,i}}^{\top} = \term{content}{\cq{q^C_{t,i}}\, \ck{k^C_{j,i}}^{\top}} + \cq{q^R_{t,i}}\, \ck{k^R_j}^{\top}`,
  },
  {
    id: 'two-answers',
    terms: ['pe', 'rot'],
    tex: tex`\begin{aligned}
\text{added:}\quad & \term{pe}{x_m + p_m}, \qquad p_{m,2i-1} = \sin\frac{m}{10000^{2(i-1)/D}},\ \ p_{m,2i} = \cos\frac{m}{10000^{2(i-1)/D}} \\
\text{rotated:}\quad & \cq{q_m} = \term{rot}{(x_m W_q)\, R_m}, \qquad \ck{k_n} = (x_n W_k)\, R_n
\end{aligned}`,
  },
  {
    id: 'one-pair',
    terms: ['rot'],
    tex: tex`[\,y_{2i-1},\ y_{2i}\,] = [\,x_{2i-1},\ x_{2i}\,]\; \term{rot}{${ROTATION}}`,
  },
  {
    id: 'frequencies',
    terms: ['theta'],
    tex: tex`\term{theta}{\theta_i = 10000^{-2(i-1)/d}},\quad i = 1, \dots, \tfrac{d}{2}, \qquad \lambda_i = \frac{2\pi}{\theta_i}`,
  },
  {
    id: 'relative',
    terms: ['rel'],
    tex: tex`(\cq{q}\, R_m)\,(\ck{k}\, R_n)^{\top} = \cq{q}\, R_m R_n^{\top}\, \ck{k}^{\top} = \cq{q}\, \term{rel}{R_{m-n}}\, \ck{k}^{\top}`,
  },
  {
    id: 'layouts',
    terms: ['perm'],
    tex: tex`\begin{aligned}
&\text{interleaved: } (x_1, x_2), (x_3, x_4), \dots \\
&\text{half-split: } (x_1, x_{d/2+1}), (x_2, x_{d/2+2}), \dots \\
&\term{perm}{(\cq{q} P\, R^{h}_m)\,(\ck{k} P\, R^{h}_n)^{\top} = \cq{q}\, R_m R_n^{\top}\, \ck{k}^{\top}}, \qquad R^{h}_m = P^{\top} R_m P
\end{aligned}`,
  },
  {
    id: 'decoupled',
    terms: ['rotc', 'kr'],
    tex: tex`\begin{aligned}
\text{if } q^C, k^C \text{ were rotated:}\quad & \cq{c^Q_t} W^{UQ}_i\, \term{rotc}{R_{t-j}}\, W^{UK\top}_i\, \ck{c^{KV}_j}^{\top} \\
\text{so instead:}\quad & \term{kr}{\ck{k^R_j} = \operatorname{RoPE}\big(h_j W^{KR}\big)}
\end{aligned}`,
  },
  {
    id: 'yarn',
    terms: ['ramp', 'temp'],
    tex: tex`\begin{aligned}
\theta'_i &= (1 - \gamma_i)\, \frac{\theta_i}{s} + \gamma_i\, \theta_i \\
\term{ramp}{\gamma_i} &\term{ramp}{= 1 - \operatorname{clamp}\Big(\frac{(i - 1) - \lfloor n_\beta \rfloor}{\lceil n_\alpha \rceil - \lfloor n_\beta \rfloor},\, 0,\, 1\Big)}, \qquad n_x = \frac{d \ln\frac{L}{2\pi x}}{2 \ln 10000} \\
\text{scores} &\times \term{temp}{t}, \qquad \sqrt{t} = 0.1 \ln s + 1 \\
&\qquad \text{(V3's } t\text{; YaRN's paper calls it } 1/t\text{)}
\end{aligned}`,
  },
];

/** The CSS that shows only the active step's equation (../../math/step-equations.ts). @example equationVisibilityCss('rope') */
export function equationVisibilityCss(figure: string): string {
  return stepEquationsCss(figure, ROPE_STEPS);
}

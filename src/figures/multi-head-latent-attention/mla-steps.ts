/** The MLA figure's step table: each step's equation (V3 arXiv 2412.19437 §2.1.1 numbering, row vectors) and the terms it highlights. */
import { stepEquationsCss } from '../../math/step-equations';
import type { StepTerms } from '../../math/term-highlight';

export type MlaStepId =
  | 'latent'
  | 'key-up'
  | 'value-up'
  | 'absorb-keys'
  | 'rope-key'
  | 'query-latent'
  | 'query-heads'
  | 'cache'
  | 'absorbed';

export interface MlaStep extends StepTerms {
  readonly id: MlaStepId;
  /**
   * The step's equation in TeX, in the course's row-vector convention (h_t W; the papers write W h_t for column
   * vectors), tagged with its number in the V3 report (arXiv 2412.19437 §2.1.1); \term{id}{…} marks what `terms`
   * highlight. Untagged lines are ours: the algebra between the paper's equations. Eqs. 1 and 6 carry the RMSNorm
   * DeepSeek applies to both latents (V2 §3.1.2), so that they name what the figure shows and the cache stores.
   */
  readonly tex: string;
}

const tex = String.raw;

export const MLA_STEPS: readonly MlaStep[] = [
  { id: 'latent', terms: ['ckv'], tex: tex`\term{ckv}{\ck{c_t^{KV}}} = \operatorname{RMSNorm}\big(h_t W^{DKV}\big) \tag{1}` },
  {
    id: 'key-up',
    terms: ['kc'],
    tex: tex`[\ck{k^C_{t,1}}, \dots, \ck{k^C_{t,n_h}}] = \term{kc}{\ck{k^C_t}} = \ck{c_t^{KV}}\, W^{UK} \tag{2}`,
  },
  {
    id: 'value-up',
    terms: ['vc'],
    tex: tex`[\cv{v^C_{t,1}}, \dots, \cv{v^C_{t,n_h}}] = \term{vc}{\cv{v^C_t}} = \ck{c_t^{KV}}\, W^{UV} \tag{5}`,
  },
  {
    id: 'absorb-keys',
    terms: ['ql'],
    tex: tex`\cq{q^C_{t,i}}\, \ck{k^{C}_{j,i}}^{\top} = \cq{q^C_{t,i}}\, \big(\ck{c^{KV}_j} W^{UK}_i\big)^{\top} = \term{ql}{\big(\cq{q^C_{t,i}}\, W^{UK\top}_i\big)}\, \ck{c^{KV}_j}^{\top}`,
  },
  {
    id: 'rope-key',
    terms: ['rot', 'kr'],
    tex: tex`\begin{aligned}
\operatorname{RoPE}_t(\cq{q^C_{t,i}})\, \operatorname{RoPE}_j(\ck{k^C_{j,i}})^{\top} &= \cq{c^Q_t} W^{UQ}_i\, \term{rot}{R_{t-j}}\, W^{UK\top}_i\, \ck{c^{KV}_j}^{\top} \\
\term{kr}{\ck{k^R_t}} &= \operatorname{RoPE}_t\big(h_t W^{KR}\big) \qquad (3)
\end{aligned}`,
  },
  { id: 'query-latent', terms: ['cq'], tex: tex`\term{cq}{\cq{c_t^{Q}}} = \operatorname{RMSNorm}\big(h_t W^{DQ}\big) \tag{6}` },
  {
    id: 'query-heads',
    terms: ['qc', 'qr'],
    tex: tex`\cq{q_{t,i}} = \big[\term{qc}{\cq{c^Q_t} W^{UQ}_i},\ \term{qr}{\operatorname{RoPE}_t(\cq{c^Q_t} W^{QR}_i)}\big] \tag{7–9}`,
  },
  {
    id: 'cache',
    terms: ['cached'],
    tex: tex`\cv{o_{t,i}} = \sum_{j=1}^{t} \operatorname{Softmax}_j\!\left(\frac{\cq{q_{t,i}}\, \big[\term{cached}{\ck{c^{KV}_j}} W^{UK}_i,\ \term{cached}{\ck{k^R_j}}\big]^{\top}}{\sqrt{d_h + d_h^R}}\right) \term{cached}{\ck{c^{KV}_j}}\, W^{UV}_i \tag{10}`,
  },
  {
    id: 'absorbed',
    terms: ['absorbed'],
    tex: tex`\cq{q_{t,i}}\, \ck{k_{j,i}}^{\top} = \term{absorbed}{\big(\cq{q^C_{t,i}}\, W^{UK\top}_{i}\big)}\, \ck{c^{KV}_j}^{\top} + \cq{q^R_{t,i}}\, \ck{k^R_j}^{\top} \tag{10$'$}`,
  },
];


/** The CSS that shows only the active step's equation (../../math/step-equations.ts). @example equationVisibilityCss('mla') */
export function equationVisibilityCss(figure: string): string {
  return stepEquationsCss(figure, MLA_STEPS);
}

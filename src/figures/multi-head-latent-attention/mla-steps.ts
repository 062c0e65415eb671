/** The MLA figure's step table: each step's equation (V3 arXiv 2412.19437 §2.1.1 numbering) and the terms it highlights. */
import type { StepTerms } from '../../math/term-highlight';

export type MlaStepId = 'latent' | 'key-up' | 'value-up' | 'rope-key' | 'query-latent' | 'query-heads' | 'cache' | 'absorbed';

export interface MlaStep extends StepTerms {
  readonly id: MlaStepId;
  /**
   * The step's equation in TeX, tagged with its number in the V3 report (10′: eq. 10's score with W^UK absorbed, V2 App. C);
   * \term{id}{…} marks what `terms` highlight.
   */
  readonly tex: string;
}

const tex = String.raw;

export const MLA_STEPS: readonly MlaStep[] = [
  { id: 'latent', terms: ['ckv'], tex: tex`\term{ckv}{\ck{c_t^{KV}}} = W^{DKV} h_t \tag{1}` },
  {
    id: 'key-up',
    terms: ['kc'],
    tex: tex`[\ck{k^C_{t,1}}; \dots; \ck{k^C_{t,n_h}}] = \term{kc}{\ck{k^C_t}} = W^{UK} \ck{c_t^{KV}} \tag{2}`,
  },
  { id: 'value-up', terms: ['vc'], tex: tex`[\cv{v^C_{t,1}}; \dots; \cv{v^C_{t,n_h}}] = \term{vc}{\cv{v^C_t}} = W^{UV} \ck{c_t^{KV}} \tag{5}` },
  { id: 'rope-key', terms: ['kr'], tex: tex`\term{kr}{\ck{k^R_t}} = \operatorname{RoPE}(W^{KR} h_t) \tag{3}` },
  { id: 'query-latent', terms: ['cq'], tex: tex`\term{cq}{\cq{c_t^{Q}}} = W^{DQ} h_t \tag{6}` },
  {
    id: 'query-heads',
    terms: ['qc', 'qr'],
    tex: tex`\cq{q_{t,i}} = [\term{qc}{\cq{q^C_{t,i}}}; \term{qr}{\cq{q^R_{t,i}}}] \tag{9}`,
  },
  {
    id: 'cache',
    terms: ['cached'],
    tex: tex`\cv{o_{t,i}} = \sum_{j=1}^{t} \operatorname{Softmax}_j\!\left(\frac{\cq{q_{t,i}^{\top}}\, \term{cached}{\ck{k_{j,i}}}}{\sqrt{d_h + d_h^R}}\right) \term{cached}{\cv{v^C_{j,i}}} \tag{10}`,
  },
  {
    id: 'absorbed',
    terms: ['absorbed'],
    tex: tex`\cq{q_{t,i}^{\top}} \ck{k_{j,i}} = \term{absorbed}{\big(W^{UK\top}_{i}\, \cq{q^C_{t,i}}\big)^{\top}} \ck{c^{KV}_j} + \cq{q^{R\top}_{t,i}}\, \ck{k^R_j} \tag{10$'$}`,
  },
];

/**
 * The step id the figure should show: the active one when the table knows it, else the first.
 * @example resolveStep('cache') // 'cache'; resolveStep('') // 'latent'
 */
export function resolveStep(active: string): MlaStepId {
  return MLA_STEPS.find((s) => s.id === active)?.id ?? MLA_STEPS[0]!.id;
}

/**
 * CSS that shows only the active step's equation inside the figure (no script: right without JavaScript and in print,
 * where the figure shows its first state).
 * @example equationVisibilityCss('mla') // '[data-figure="mla"] [data-eq-step]{display:none}…'
 */
export function equationVisibilityCss(figure: string): string {
  const first = MLA_STEPS[0]!.id;
  const shown = MLA_STEPS.map((s) => `[data-figure="${figure}"][data-state="${s.id}"] [data-eq-step="${s.id}"]`);
  // Before any state is set (data-state empty), the first equation stands in.
  return `[data-figure="${figure}"] [data-eq-step]{display:none}${shown.join(',')},[data-figure="${figure}"]:not([data-state]) [data-eq-step="${first}"]{display:block}`;
}

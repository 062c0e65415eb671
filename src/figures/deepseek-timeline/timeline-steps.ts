/** The timeline figure's step table: one step per era, each with the equation of the change that era brought. */
import type { StepTerms } from '../../math/term-highlight';
import type { EraId } from './timeline-data';

export interface TimelineStep extends StepTerms {
  readonly id: EraId;
  /** The step's equation, with \term{id}{…} marks; the figure shows the active step's. */
  readonly tex: string;
}

/** V3 §4.3's two long-context phases (1000 steps each; batch 1920 at 32K, 480 at 128K), which V3.1 lengthened. */
export const V3_LONG_CONTEXT = { steps: 1000, phases: [{ batch: 1920, length: 32 * 1024 }, { batch: 480, length: 128 * 1024 }] } as const;
/** The V3.1 card's factors: the 32K phase "increased 10-fold to 630B tokens", the 128K phase "extended by 3.3x to 209B tokens". */
export const V31_FACTORS = [10, 3.3] as const;

export const phaseTokens = (p: { batch: number; length: number }): number => V3_LONG_CONTEXT.steps * p.batch * p.length;

const b1 = (n: number) => `${(n / 1e9).toFixed(1)}\\text{B}`;
const [p32, p128] = V3_LONG_CONTEXT.phases;

export const TIMELINE_STEPS: readonly TimelineStep[] = [
  {
    id: 'dense',
    terms: ['gqa'],
    tex: String.raw`\begin{gathered} \text{KV per token: MHA } 2\,n_h d_h\,l \qquad \text{GQA } \term{gqa}{2\,n_g d_h\,l},\quad n_g < n_h \\ n_h \text{ query heads},\ n_g \text{ key–value heads},\ d_h \text{ head width},\ l \text{ layers} \end{gathered}`,
  },
  {
    id: 'experts',
    terms: ['shared', 'adv'],
    tex: String.raw`\begin{gathered} h'_t = u_t + \term{shared}{\textstyle\sum_{i=1}^{N_s} \operatorname{FFN}^{(s)}_i(u_t)} + \textstyle\sum_{i=1}^{N_r} g_{i,t}\, \operatorname{FFN}^{(r)}_i(u_t) \\ \term{adv}{\hat A_{i} = \dfrac{r_i - \operatorname{mean}(\mathbf{r})}{\operatorname{std}(\mathbf{r})}},\quad \mathbf{r} = (r_1, \dots, r_G) \end{gathered}`,
  },
  {
    id: 'latent',
    terms: ['mla'],
    tex: String.raw`\begin{gathered} c^{KV}_t = W^{DKV} h_t \in \mathbb{R}^{d_c},\quad W^{DKV} \in \mathbb{R}^{d_c \times d} \text{ (the paper's convention; } h_t \in \mathbb{R}^{d}\text{)} \\ \text{KV per token: MLA } \term{mla}{(d_c + d_h^R)\, l} \quad\text{vs. MHA } 2\, n_h d_h\, l \end{gathered}`,
  },
  {
    id: 'v3',
    terms: ['sigmoid', 'bias'],
    tex: String.raw`\begin{gathered} \term{sigmoid}{s_{i,t} = \operatorname{Sigmoid}(u_t^{\top} e_i)},\quad u_t, e_i \in \mathbb{R}^{d} \\ g'_{i,t} = s_{i,t} \ \text{ if } \ \term{bias}{s_{i,t} + b_i} \in \operatorname{Topk}\bigl(\{ s_{j,t} + b_j \},\, K_r\bigr), \ \text{else } 0 \end{gathered}`,
  },
  {
    id: 'reasoning',
    terms: ['adv', 'clip'],
    tex: String.raw`\begin{gathered} J(\theta) = \mathbb{E}\Bigl[\tfrac{1}{G}\textstyle\sum_{i=1}^{G} \Bigl( \term{clip}{\min\bigl(\rho_i A_i,\ \operatorname{clip}(\rho_i, 1-\varepsilon, 1+\varepsilon) A_i\bigr)} - \beta\, D_{\mathrm{KL}}(\pi_\theta \,\|\, \pi_{\mathrm{ref}}) \Bigr)\Bigr] \\ \rho_i = \frac{\pi_\theta(o_i \mid q)}{\pi_{\theta_{\text{old}}}(o_i \mid q)},\qquad \term{adv}{A_i = \frac{r_i - \operatorname{mean}\{r\}}{\operatorname{std}\{r\}}} \end{gathered}`,
  },
  {
    id: 'updates',
    terms: ['tokens'],
    tex: String.raw`\begin{gathered} \text{tokens} = \term{tokens}{\text{steps} \times \text{batch} \times \text{length}} \\ \text{32K: } ${V3_LONG_CONTEXT.steps} \times ${p32.batch} \times ${p32.length} \approx ${b1(phaseTokens(p32))} \\ \text{128K: } ${V3_LONG_CONTEXT.steps} \times ${p128.batch} \times ${p128.length} \approx ${b1(phaseTokens(p128))} \end{gathered}`,
  },
  {
    id: 'sparse',
    terms: ['index', 'topk'],
    tex: String.raw`\begin{gathered} \term{index}{I_{t,s} = \textstyle\sum_{j=1}^{H^I} w^I_{t,j}\, \operatorname{ReLU}\bigl(q^I_{t,j} \cdot k^I_s\bigr)},\quad q^I_{t,j}, k^I_s \in \mathbb{R}^{d^I} \\ u_t = \operatorname{Attn}\bigl(h_t,\ \{\, c_s : \term{topk}{I_{t,s} \in \operatorname{Top\text{-}k}(I_{t,:})} \,\}\bigr) \end{gathered}`,
  },
  {
    id: 'v4',
    terms: ['sqsp', 'hres'],
    tex: String.raw`\begin{gathered} \term{sqsp}{s_{i,t} = \sqrt{\operatorname{softplus}(u_t^{\top} e_i)}} \\ X_{l+1} = \term{hres}{H^{\text{res}\top}_l X_l} + h^{\text{post}}_l\, F\bigl(\operatorname{RMSNorm}(h^{\text{pre}\top}_l X_l)\bigr) \\ X_l \in \mathbb{R}^{n \times d},\quad H^{\text{res}}_l \in \mathbb{R}^{n \times n},\quad h^{\text{pre}}_l, h^{\text{post}}_l \in \mathbb{R}^{n} \end{gathered}`,
  },
];

/**
 * CSS that shows only the active step's equation (by data-state, so it holds without JavaScript and in print).
 * @example equationSwitchCss('deepseek-timeline') // '[data-figure="deepseek-timeline"] [data-equation-for]{display:none}…'
 */
export function equationSwitchCss(figure: string): string {
  const shown = TIMELINE_STEPS.map((s) => `[data-figure="${figure}"][data-state="${s.id}"] [data-equation-for="${s.id}"]`);
  return `[data-figure="${figure}"] [data-equation-for]{display:none}${shown.join(',')}{display:block}`;
}

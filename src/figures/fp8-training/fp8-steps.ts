/**
 * The FP8 figure's step table: each step's equation and the terms it is about. Shapes follow nn.Linear: a weight
 * W ∈ R^{out×in}, an input X ∈ R^{T×in}, Y = X Wᵀ ∈ R^{T×out}; B is the tile/block size (V3: 128; here 16).
 */
import type { StepTerms } from '../../math/term-highlight';

export type Fp8StepId = 'e4m3' | 'rounding' | 'per-tensor' | 'fine-grained' | 'accumulation' | 'model' | 'higher-precision';

export interface Fp8Step extends StepTerms {
  readonly id: Fp8StepId;
  readonly tex: string;
}

/** The steps whose numbers are worked on the page (the encoder, the made-up dot product), not read from MiniSeek. */
export const WORKED_STEPS: readonly Fp8StepId[] = ['e4m3', 'rounding', 'accumulation'];

export const FP8_STEPS: readonly Fp8Step[] = [
  {
    id: 'e4m3',
    terms: ['sign', 'exp', 'mant'],
    tex: String.raw`\begin{gathered} x = (-1)^{\term{sign}{\sigma}} \cdot 2^{\term{exp}{E} - 7} \cdot \Big(1 + \frac{\term{mant}{M}}{8}\Big) \\ \sigma \in \{0,1\},\; E \in \{1,\dots,15\},\; M \in \{0,\dots,7\},\; (E, M) \ne (15, 7) \end{gathered}`,
  },
  {
    id: 'rounding',
    terms: ['sub', 'sat'],
    tex: String.raw`\begin{gathered} \term{sub}{E = 0:\ x = (-1)^{\sigma} \cdot 2^{-6} \cdot \tfrac{M}{8}}, \quad \text{smallest } 2^{-9} \\ \term{sat}{|x| \le 1.75 \cdot 2^{8} = 448}, \quad (E, M) = (15, 7) \text{ is NaN} \end{gathered}`,
  },
  {
    id: 'per-tensor',
    terms: ['scale'],
    tex: String.raw`\begin{gathered} \term{scale}{s = \frac{\max_{t,i} |X_{t,i}|}{448}}, \quad \hat X_{t,i} = s \cdot \operatorname{E4M3}\!\Big(\frac{X_{t,i}}{s}\Big) \\ X, \hat X \in \mathbb{R}^{T \times \mathrm{in}},\; s \in \mathbb{R} \end{gathered}`,
  },
  {
    id: 'fine-grained',
    terms: ['tile', 'block'],
    tex: String.raw`\begin{gathered} \term{tile}{s_{t,j} = \tfrac{1}{448} \max_{i \in \text{tile } j} |X_{t,i}|}, \quad 1 \times B \text{ tiles of } X \in \mathbb{R}^{T \times \mathrm{in}} \\ \term{block}{S_{a,b} = \tfrac{1}{448} \max_{(o,i) \in \text{block } (a,b)} |W_{o,i}|}, \quad B \times B \text{ blocks of } W \in \mathbb{R}^{\mathrm{out} \times \mathrm{in}} \end{gathered}`,
  },
  {
    id: 'accumulation',
    terms: ['partial', 'promote'],
    tex: String.raw`\begin{gathered} y = \sum_{i=1}^{K} a_i b_i, \quad \term{partial}{p \leftarrow \operatorname{keep}_{m}(p + a_i b_i)} \\ \term{promote}{\text{every } N_C \text{ terms: } y_{\mathrm{FP32}} \leftarrow y_{\mathrm{FP32}} + p,\ \ p \leftarrow 0} \end{gathered}`,
  },
  {
    id: 'model',
    terms: ['fp8'],
    tex: String.raw`\begin{gathered} \term{fp8}{Y = \hat X\, \hat W^{\top}} \in \mathbb{R}^{T \times \mathrm{out}} \text{ in every attention and FFN linear} \\ \text{next word}_t = \arg\max_{v}\, \operatorname{softmax}(\ell_t)_v, \quad \ell_t \in \mathbb{R}^{V},\ V \text{ the vocabulary size} \end{gathered}`,
  },
  {
    id: 'higher-precision',
    terms: ['kept'],
    tex: String.raw`\begin{gathered} \text{FP8: Fprop } Y = \hat X \hat W^{\top},\ \text{Dgrad } dX = \widehat{dY}\, \hat W,\ \text{Wgrad } dW = \widehat{dY}^{\top} \hat X \\ \term{kept}{\text{embedding, router, norms,}} \\ \term{kept}{\text{attention scores, lm\_head}} \text{ in BF16/FP32} \end{gathered}`,
  },
];

/** The multi-head figure's step table: what each step of the chapter highlights in the three-line equation. */
import type { StepTerms } from '../../math/term-highlight';

export interface MhaStep extends StepTerms {
  readonly id:
    | 'split-heads'
    | 'keys-values'
    | 'head-patterns'
    | 'heads-differ'
    | 'concat'
    | 'output-projection'
    | 'kv-cache'
    | 'sharing'
    | 'cache-growth';
}

export const MHA_STEPS: readonly MhaStep[] = [
  { id: 'split-heads', terms: ['wq'] },
  { id: 'keys-values', terms: ['wk', 'wv'] },
  { id: 'head-patterns', terms: ['attention'] },
  { id: 'heads-differ', terms: ['headi'] },
  { id: 'concat', terms: ['concat'] },
  { id: 'output-projection', terms: ['wo', 'sum'] },
  { id: 'kv-cache', terms: ['kv', 'layers'] },
  { id: 'sharing', terms: ['nh'] },
  { id: 'cache-growth', terms: ['context'] },
];

/**
 * Each head's attention on its own projections of the input H (Vaswani et al. §3.2.2, in self-attention, where the
 * Q, K, V of MultiHead(Q, K, V) are all H), their concatenation through W^O, which is also a sum of each head through
 * its own rows of W^O, and what a KV cache keeps for them (DeepSeek-V2 Table 1), with each step's terms marked.
 */
export const MHA_TEX = String.raw`\begin{aligned}
\term{headi}{\mathrm{head}_i} &= \term{attention}{\operatorname{Attention}\big(\term{wq}{H \cq{W_i^Q}},\ \term{wk}{H \ck{W_i^K}},\ \term{wv}{H \cv{W_i^V}}\big)} \\
\operatorname{MultiHead}(H) &= \term{concat}{\operatorname{Concat}(\mathrm{head}_1, \dots, \mathrm{head}_{n_h})}\,\term{wo}{W^O} \\
&= \term{sum}{\textstyle\sum_{i=1}^{n_h} \mathrm{head}_i\, W^O_i} \\
\text{KV cache}(T) &= \term{context}{T} \cdot \term{kv}{2\, \term{nh}{n_h}\, d_h} \cdot \term{layers}{L}
\end{aligned}`;

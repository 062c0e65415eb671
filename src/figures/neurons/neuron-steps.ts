/**
 * The neurons figure's step table: each step's equation and the terms it is about. This chapter writes vectors as
 * columns (y = Wx, W ∈ R^{out×in}), the way MiniSeek's checkpoint stores its matrices; the MiniSeek chapters from
 * Part I on write rows. A neuron's output is y = φ(z) (φ applied to each entry for a layer); MiniSeek's unit's is
 * g_t = SiLU(z_t), a letter the feed-forward chapter does not use (its a_t is the up projection's row).
 */
import type { StepTerms } from '../../math/term-highlight';

export type NeuronStepId = 'weighted-sum' | 'activation' | 'saturation' | 'miniseek-neuron' | 'miniseek-activation' | 'layer';

export interface NeuronStep extends StepTerms {
  readonly id: NeuronStepId;
  /** The step's equation, with \term{id}{…} marks; the figure shows the active step's. */
  readonly tex: string;
}

/** The steps whose numbers come from the toy neuron the reader sets, not from MiniSeek. */
export const TOY_STEPS: readonly NeuronStepId[] = ['weighted-sum', 'activation', 'saturation'];

export const NEURON_STEPS: readonly NeuronStep[] = [
  {
    id: 'weighted-sum',
    terms: ['sum', 'b'],
    tex: String.raw`z = \term{sum}{\sum_{i=1}^{n} w_i x_i} + \term{b}{b} = w^{\top} x + b, \qquad x, w \in \mathbb{R}^{n},\; b \in \mathbb{R}`,
  },
  {
    id: 'activation',
    terms: ['phi'],
    tex: String.raw`\begin{gathered} y = \term{phi}{\varphi}(z): \quad \operatorname{ReLU}(z) = \max(0, z) \\ \sigma(z) = \frac{1}{1 + e^{-z}}, \quad \operatorname{SiLU}(z) = z\,\sigma(z) \end{gathered}`,
  },
  {
    id: 'saturation',
    terms: ['slope'],
    tex: String.raw`\begin{gathered} \term{slope}{\sigma'(z) = \sigma(z)\,\big(1 - \sigma(z)\big) \le \tfrac{1}{4}} \\ \operatorname{ReLU}'(z) = \begin{cases} 1 & z > 0 \\ 0 & z < 0 \end{cases} \\ \operatorname{SiLU}'(z) = \sigma(z)\,\big(1 + z\,(1 - \sigma(z))\big) \end{gathered}`,
  },
  {
    id: 'miniseek-neuron',
    terms: ['w', 'u'],
    tex: String.raw`\begin{gathered} z_t = \term{w}{w_j^{\top}}\, \term{u}{u_t} = \sum_{d=1}^{D} W_{j,d}\, u_{t,d}, \qquad w_j, u_t \in \mathbb{R}^{D} \\ w_j^{\top} = \text{row } j \text{ of the gate projection } W \in \mathbb{R}^{F \times D} \end{gathered}`,
  },
  {
    id: 'miniseek-activation',
    terms: ['silu'],
    tex: String.raw`g_t = \term{silu}{\operatorname{SiLU}(z_t)} = z_t\, \sigma(z_t), \qquad z_t, g_t \in \mathbb{R}`,
  },
  {
    id: 'layer',
    terms: ['wx', 'z'],
    tex: String.raw`\begin{gathered} y = \varphi(\term{wx}{W x} + b), \ \ \varphi \text{ on each entry} \\ W \in \mathbb{R}^{m \times n},\; x \in \mathbb{R}^{n},\; b, y \in \mathbb{R}^{m} \\ \term{z}{Z = U W^{\top}} \in \mathbb{R}^{T \times F}, \quad U \in \mathbb{R}^{T \times D},\; W \in \mathbb{R}^{F \times D} \end{gathered}`,
  },
];

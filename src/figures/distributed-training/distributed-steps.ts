/** The distributed-training figure's step table: each step's equation and the terms it highlights. */
import type { StepTerms } from '../../math/term-highlight';
import { V3_STATED } from './cost';

const K = (h: number) => String.raw`${h / 1e3}\text{K}`;
const h = V3_STATED.hours;

export type DistributedStepId = 'one-gpu' | 'data-parallel' | 'zero-1' | 'pipeline' | 'dualpipe' | 'experts' | 'all-to-all' | 'node-limited' | 'scale';

export interface DistributedStep extends StepTerms {
  readonly id: DistributedStepId;
  readonly tex: string;
}

export const DISTRIBUTED_STEPS: readonly DistributedStep[] = [
  {
    id: 'one-gpu',
    terms: ['state'],
    tex: String.raw`\text{bytes} = P \cdot \bigl(\underbrace{2}_{\text{weights}} + \term{state}{\underbrace{4}_{\text{master}} + \underbrace{4}_{\text{grad}} + \underbrace{2 + 2}_{\text{AdamW } m,\,v}}\bigr)`,
  },
  {
    id: 'data-parallel',
    terms: ['allreduce'],
    tex: String.raw`\begin{gathered} g = \frac{1}{N}\sum_{n=1}^{N} g^{(n)},\quad g^{(n)} \in \mathbb{R}^{P} \\ \text{sent per device per step} = \term{allreduce}{2\,\frac{N-1}{N}\,P\,\beta} \end{gathered}`,
  },
  {
    id: 'zero-1',
    terms: ['shard'],
    tex: String.raw`\text{bytes per device} = P\,(2 + 4) + \term{shard}{\frac{P\,(4 + 2 + 2)}{N}}`,
  },
  {
    id: 'pipeline',
    terms: ['bubble'],
    tex: String.raw`\begin{gathered} \text{step} = (n_\mu + PP - 1)(F + B) \\ \text{idle per device} = \term{bubble}{(PP - 1)(F + B)} \end{gathered}`,
  },
  {
    id: 'dualpipe',
    terms: ['dual'],
    tex: String.raw`\begin{aligned} \text{1F1B} &: (PP-1)(F+B) \\ \text{ZB1P} &: (PP-1)(F+B-2W) \\ \text{DualPipe} &: \term{dual}{\bigl(\tfrac{PP}{2}-1\bigr)(F\&B+B-3W)} \end{aligned}`,
  },
  {
    id: 'experts',
    terms: ['place'],
    tex: String.raw`\term{place}{\operatorname{device}(i) = \Bigl\lfloor \frac{i}{N_r / n_{\text{dev}}} \Bigr\rfloor},\qquad \operatorname{home}(t) = t \bmod n_{\text{dev}}`,
  },
  {
    id: 'all-to-all',
    terms: ['bytes'],
    tex: String.raw`\term{bytes}{\text{dispatch}_{a \to b} = n_{a \to b}\cdot D \cdot 1,\qquad \text{combine}_{b \to a} = n_{a \to b}\cdot D \cdot 2}`,
  },
  {
    id: 'node-limited',
    terms: ['node'],
    tex: String.raw`\begin{gathered} \term{node}{c_{n,t} = \sum_{s_{i,t} \,\in\, \operatorname{Topk}(\{ s_{j,t} \,:\, j \text{ on node } n\},\, K_r/M)} s_{i,t}} \\ \text{keep the } M \text{ best nodes} \end{gathered}`,
  },
  {
    id: 'scale',
    terms: ['cost'],
    tex: `\\term{cost}{(${K(h.pretraining)} + ${K(h.contextExtension)} + ${K(h.postTraining)})\\ \\text{GPU h} \\times \\$${V3_STATED.pricePerHour}/\\text{h}}`,
  },
];

/** CSS that shows only the active step's equation (by data-state, so it holds without JavaScript and in print). */
export function equationSwitchCss(figure: string): string {
  const shown = DISTRIBUTED_STEPS.map((s) => `[data-figure="${figure}"][data-state="${s.id}"] [data-equation-for="${s.id}"]`);
  return `[data-figure="${figure}"] [data-equation-for]{display:none}${shown.join(',')}{display:block}`;
}

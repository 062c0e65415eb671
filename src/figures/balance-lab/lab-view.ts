/** What the lab shows, as pure functions of its snapshot: per-expert rows, layer names and one-line summaries. */
import { DEFAULT_RUN } from './balance-engine';
import type { LabSnapshot } from './lab-protocol';

/** Trace layer l is layer l + 1 to the reader (the course counts layers from 1). */
export function layerName(traceLayer: number): string {
  return `layer ${traceLayer + 1}`;
}

/** Two decimals for a max/mean ratio (its noise over ten batches is a few hundredths). */
export function formatRatio(r: number): string {
  return r.toFixed(2);
}

/** A signed bias with three decimals: γ steps are thousandths. */
export function formatBias(b: number): string {
  const s = Math.abs(b) < 5e-4 ? '0.000' : Math.abs(b).toFixed(3);
  return b <= -5e-4 ? `−${s}` : s === '0.000' ? s : `+${s}`;
}

export interface ExpertRow {
  /** Expert id as in the checkpoint (0–7). */
  readonly expert: number;
  /** Which group (0 or 1): experts 0–3 and 4–7. */
  readonly group: number;
  /** The expert's share of the window's (token, expert) choices, 0–1; a balanced router gives each 1/E. */
  readonly share: number;
  /** Load relative to the mean: 1 is its fair share. */
  readonly relative: number;
  readonly bias: number;
}

/**
 * One row per routed expert of a MoE layer (index into the snapshot's layers).
 * @example expertRows(snapshot, 0, 2)[0] // { expert: 0, group: 0, share: 0.47, relative: 3.74, bias: 0.5 }
 */
export function expertRows(snapshot: LabSnapshot, layer: number, groups: number): ExpertRow[] {
  const loads = snapshot.loads[layer]!;
  const total = loads.reduce((s, x) => s + x, 0);
  const E = loads.length;
  return loads.map((load, e) => ({
    expert: e,
    group: Math.floor(e / (E / groups)),
    share: total ? load / total : 0,
    relative: total ? (load * E) / total : 0,
    bias: snapshot.bias[layer]![e]!,
  }));
}

/** The worse layer's ratio: the lab's headline number (data-load-ratio). */
export function worstRatio(snapshot: LabSnapshot): number {
  return Math.max(...snapshot.ratios);
}

/**
 * The lab in one sentence, for the run's status line.
 * @example summary(s) // 'Step 200: max/mean load 1.04 in layer 2 and 1.08 in layer 3 (last 10 batches).'
 */
export function summary(snapshot: LabSnapshot, window: number): string {
  const parts = snapshot.layers.map((l, i) => `${formatRatio(snapshot.ratios[i]!)} in ${layerName(l)}`);
  return `Step ${snapshot.step}: max/mean load ${parts.join(' and ')} (last ${window} batches).`;
}

/** V3's bias update speed for its first 14.3T tokens; 0 for the last 500B (arXiv 2412.19437, §4.2). */
export const V3_GAMMA = 0.001;

/**
 * The γ control's choices: off, V3's, MiniSeek's training value (from its recipe), and faster ones, up to steps large
 * enough to overshoot (0.05, 0.1: the chapter shows what they do). The lab's default
 * says what it is: faster than V3's (gammaNote says why, below the control; the label stays short for a phone).
 * @example gammaOptions(0.002, 0.005)[3] // { value: 0.005, label: "0.005 (lab default, 5× V3's)" }
 */
export function gammaOptions(trainingGamma: number, labDefault: number): { value: number; label: string }[] {
  const values = [...new Set([0, V3_GAMMA, trainingGamma, labDefault, 0.005, 0.01, 0.02, 0.05, 0.1])].sort((a, b) => a - b);
  return values.map((value) => {
    const whose = [
      value === V3_GAMMA ? 'V3' : '',
      value === trainingGamma ? "MiniSeek's training" : '',
      value === labDefault && value !== V3_GAMMA ? `lab default, ${formatMultiple(value / V3_GAMMA)}× V3's` : value === labDefault ? 'lab default' : '',
    ].filter(Boolean);
    const label = value === 0 ? "0 (frozen, as V3's last 500B tokens)" : whose.length ? `${value} (${whose.join(', ')})` : String(value);
    return { value, label };
  });
}

/** A ratio of two γ values as a short number: 5, 2.5. */
function formatMultiple(x: number): string {
  return String(Math.round(x * 10) / 10);
}

/**
 * The line under the γ control: why the lab's default is faster than V3's.
 * @example gammaNote(0.005) // "The lab's default γ is 5× V3's, so that the biases move visibly within one run of 200 steps."
 */
export function gammaNote(labDefault: number): string {
  return `The lab's default γ is ${formatMultiple(labDefault / V3_GAMMA)}× V3's, so that the biases move visibly within one run of ${DEFAULT_RUN} steps.`;
}

/** Held-out evaluation of a MiniSeek checkpoint: next-token accuracy, agreement, arithmetic and expert balance. */
import { agreementCases, arithmeticCases } from '../corpus/corpus';
import { forward, type MiniSeek } from '../model/forward';
import type { WordTokenizer } from '../model/tokenizer';
import { tokenStream } from './dataset';
import { expertLoad, imbalance } from './load-balance';

/** Seeds no training run uses, so held-out text is generated fresh. */
export const EVAL_SEEDS = { text: 9001, agreement: 9002, arithmetic: 9003 } as const;

export interface Evaluation {
  /** Share of held-out positions where the most likely next token is the actual one. */
  readonly nextTokenAccuracy: number;
  /** Share of agreement cases (≥ 2 words between subject and verb) where the correct verb outscores the wrong one. */
  readonly agreementAccuracy: number;
  readonly agreementCases: number;
  /** Share of "a plus b is" prompts answered correctly (argmax). */
  readonly arithmeticAccuracy: number;
  /** Per MoE layer, max/mean expert load over the held-out tokens (1 = perfectly even). */
  readonly expertImbalance: number[];
  readonly tokens: number;
}

function lastRow(model: MiniSeek, ids: number[]): Float32Array {
  const { logits } = forward(model, ids);
  return logits.row(ids.length - 1);
}

/**
 * @example const result = evaluate(model, tokenizer) // { nextTokenAccuracy: 0.7, agreementAccuracy: 0.97, … }
 */
export function evaluate(
  model: MiniSeek,
  tokenizer: WordTokenizer,
  { sentences = 600, cases = 300, window = 64 }: { sentences?: number; cases?: number; window?: number } = {},
): Evaluation {
  const stream = tokenStream(tokenizer, { seed: EVAL_SEEDS.text, sentences });
  const E = model.config.n_routed_experts;
  const loads = new Map<number, Float32Array>();
  let correct = 0;
  let total = 0;
  for (let start = 0; start + 1 < stream.length; start += window) {
    const ids = Array.from(stream.subarray(start, Math.min(start + window, stream.length - 1)));
    const { logits, routing } = forward(model, ids);
    for (let t = 0; t < ids.length; t++) {
      const row = logits.row(t);
      let best = 0;
      for (let v = 1; v < row.length; v++) if (row[v]! > row[best]!) best = v;
      if (best === stream[start + t + 1]) correct++;
      total++;
    }
    for (const r of routing) {
      const load = loads.get(r.layer) ?? new Float32Array(E);
      expertLoad(r.chosen, E).forEach((x, e) => (load[e]! += x));
      loads.set(r.layer, load);
    }
  }

  const agreement = agreementCases({ seed: EVAL_SEEDS.agreement, count: cases, minIntervening: 2 });
  let agreed = 0;
  for (const c of agreement) {
    const row = lastRow(model, tokenizer.encode(c.prompt, { bos: true }).ids);
    if (row[tokenizer.idOf(c.correct)!]! > row[tokenizer.idOf(c.wrong)!]!) agreed++;
  }

  const arithmetic = arithmeticCases({ seed: EVAL_SEEDS.arithmetic, count: Math.min(cases, 200) });
  let solved = 0;
  for (const c of arithmetic) {
    const row = lastRow(model, tokenizer.encode(c.prompt, { bos: true }).ids);
    let best = 0;
    for (let v = 1; v < row.length; v++) if (row[v]! > row[best]!) best = v;
    if (tokenizer.tokenOf(best) === c.answer) solved++;
  }

  return {
    nextTokenAccuracy: correct / total,
    agreementAccuracy: agreed / agreement.length,
    agreementCases: agreement.length,
    arithmeticAccuracy: solved / arithmetic.length,
    expertImbalance: [...loads.entries()].sort(([a], [b]) => a - b).map(([, load]) => imbalance(load)),
    tokens: total,
  };
}

/**
 * Finds MiniSeek's "subject head": the attention head whose last position looks most at the sentence's subject
 * noun, averaged over held-out agreement prompts ("the keys to the small cabinet" → "keys"), none of which occurs
 * in the training text. Measured, not chosen by hand, so the chapter can show the head that really carries agreement.
 */
import { agreementCases } from '../../corpus/corpus';
import { NOUNS } from '../../corpus/lexicon';
import { forward, type MiniSeek } from '../../model/forward';
import type { WordTokenizer } from '../../model/tokenizer';
import { seenInTraining } from '../../train/training-text';

export interface SubjectHead {
  readonly layer: number;
  readonly head: number;
  /** Mean attention weight from the last position to the subject noun. */
  readonly meanWeight: number;
  /** How many prompts it was measured on: freshly generated, and none of them in the training text. */
  readonly prompts: number;
}

const NOUN_FORMS = new Set(NOUNS.flatMap((n) => [n.sg, n.pl]));
/** Several chapters ask during one build; the measurement is deterministic, so it is made once per model. */
const measured = new WeakMap<MiniSeek, SubjectHead>();

/**
 * @example findSubjectHead(model, tokenizer) // { layer: 2, head: 1, meanWeight: 0.93, prompts: 100 }
 */
export function findSubjectHead(model: MiniSeek, tokenizer: WordTokenizer, { prompts = 100, seed = 7001 } = {}): SubjectHead {
  const cached = measured.get(model);
  if (cached && cached.prompts === prompts && seed === 7001) return cached;
  const result = measureSubjectHead(model, tokenizer, prompts, seed);
  if (seed === 7001) measured.set(model, result);
  return result;
}

function measureSubjectHead(model: MiniSeek, tokenizer: WordTokenizer, prompts: number, seed: number): SubjectHead {
  const c = model.config;
  const L = c.num_hidden_layers;
  const H = c.num_attention_heads;
  const totals = new Float64Array(L * H);
  // Held out in fact, not only by seed: a generated prompt that happens to occur in the training text is skipped.
  const cases = agreementCases({ seed, count: prompts * 2, minIntervening: 2 })
    .filter((c) => !seenInTraining(c.prompt))
    .slice(0, prompts);
  if (cases.length < prompts) throw new Error(`subject head: only ${cases.length} of ${prompts} prompts are unseen in training`);
  const names = Array.from({ length: L }, (_, l) => `layers.${l}.attn.probs`);
  for (const item of cases) {
    const { ids, tokens } = tokenizer.encode(item.prompt, { bos: true });
    const subject = tokens.findIndex((t) => NOUN_FORMS.has(t));
    const T = ids.length;
    const { trace } = forward(model, ids, { trace: names });
    for (let l = 0; l < L; l++) {
      const probs = trace.get(names[l]!)!.data;
      for (let h = 0; h < H; h++) totals[l * H + h]! += probs[(h * T + T - 1) * T + subject]!;
    }
  }
  let best = 0;
  for (let i = 1; i < totals.length; i++) if (totals[i]! > totals[best]!) best = i;
  return { layer: Math.floor(best / H), head: best % H, meanWeight: totals[best]! / cases.length, prompts: cases.length };
}

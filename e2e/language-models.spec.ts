import { loadModelDir } from '../src/model/model-dir';
import { heldOutScore } from '../src/train/held-out';
import { forward } from '../src/model/forward';
import { DEFAULT_SENTENCE } from '../src/course/default-sentence';
import { heldOutDetail, readTrainingLog, trainingCurve } from '../src/figures/language-models/held-out';
import { languageModelTraceNames, pickColumns, scoreSentence, softmax, topWithTarget } from '../src/figures/language-models/lm-view';
import { formatNumber } from '../src/figures/format';
import { axeViolations } from './axe-check';
import type { Page } from '@playwright/test';
import { chapterStepTests } from './chapter-steps';
import { expect, openUrl, scrollStepToMiddle, test } from './fixtures';
import { expectClose, matrixValues } from './figure-values';

const CHAPTER = '/chapters/language-models/';
const figure = '[data-figure="language-models"]';
const STEPS = ['next-token', 'tokens', 'embedding', 'transformer', 'unembedding', 'softmax', 'cross-entropy', 'perplexity', 'lab'];
/** One term each step's equation highlights. */
const TERM: Record<string, string> = {
  'next-token': 'cond',
  tokens: 'ids',
  embedding: 'row',
  transformer: 'f',
  unembedding: 'wu',
  softmax: 'p',
  'cross-entropy': 'nll',
  perplexity: 'ppl',
  lab: 'objective',
};
const { model, tokenizer } = loadModelDir();
const word = (id: number) => tokenizer.tokenOf(id);

/** The figure's numbers computed here in Node with the CPU reference. */
function reference(sentence: string) {
  const { ids, tokens } = tokenizer.encode(sentence, { bos: true });
  const { trace } = forward(model, ids, { trace: languageModelTraceNames() });
  const logits = trace.get('logits')!;
  return { ids, tokens, trace, logits, score: scoreSentence(logits, ids, tokenizer.unkId) };
}

/** Two numbers agree as the GPU's float32 and the CPU's do (figure-values.ts's tolerance). */
const close = (shown: number, expected: number, what: string) => expectClose([shown], [expected], what);
const attr = async (page: Page, selector: string, name: string) => Number(await page.locator(selector).first().getAttribute(name));

chapterStepTests({ chapter: CHAPTER, figure, steps: STEPS, term: TERM });

/** Walks the steps and compares the figure's numbers with the reference for one sentence (position: the default, T − 2). */
async function expectReference(page: Page, sentence: string): Promise<void> {
  const ref = reference(sentence);
  const T = ref.ids.length;
  const sel = Math.max(0, T - 2);

  await scrollStepToMiddle(page, 'next-token');
  await expect(page.locator(figure)).toHaveAttribute('data-state', 'next-token');
  await expect(page.locator(`${figure} [data-example]`)).toHaveCount(T - 1);
  await expect(page.locator(`${figure} [data-example-count]`)).toHaveAttribute('data-example-count', String(T - 1));
  const targets = await page.locator(`${figure} [data-example]`).evaluateAll((els) => els.map((el) => el.getAttribute('data-target')));
  expect(targets).toEqual(ref.ids.slice(1).map(word));

  await scrollStepToMiddle(page, 'tokens');
  await expect(page.locator(figure)).toHaveAttribute('data-state', 'tokens');
  const ids = await page.locator(`${figure} [data-token-id]`).evaluateAll((els) => els.map((el) => Number(el.getAttribute('data-token-id'))));
  expect(ids).toEqual(ref.ids);

  await scrollStepToMiddle(page, 'embedding');
  await expect(page.locator(figure)).toHaveAttribute('data-state', 'embedding');
  expectClose(await matrixValues(page, figure, 'embed'), ref.trace.get('embed')!.data, 'embedding rows');
  await scrollStepToMiddle(page, 'transformer');
  await expect(page.locator(figure)).toHaveAttribute('data-state', 'transformer');
  expectClose(await matrixValues(page, figure, 'final-norm'), ref.trace.get('final_norm')!.data, 'final norm');

  const target = sel + 1 < T ? ref.ids[sel + 1] : undefined;
  const probs = softmax(ref.logits.row(sel));
  await scrollStepToMiddle(page, 'unembedding');
  await expect(page.locator(figure)).toHaveAttribute('data-state', 'unembedding');
  const columns = topWithTarget(probs, 6, target).map((c) => c.id);
  expectClose(await matrixValues(page, figure, 'logits'), pickColumns(ref.logits, columns).data, 'logit columns');

  await scrollStepToMiddle(page, 'softmax');
  await expect(page.locator(figure)).toHaveAttribute('data-state', 'softmax');
  const bars = page.locator(`${figure} [data-prob-bars] li`);
  const shown = await bars.evaluateAll((els) => els.map((el) => [el.getAttribute('data-word'), Number(el.getAttribute('data-p'))] as const));
  const expected = topWithTarget(probs, 8, target);
  expect(shown.map(([w]) => w)).toEqual(expected.map((c) => word(c.id)));
  expectClose(shown.map(([, p]) => p), expected.map((c) => c.p), 'softmax bars');
  if (target !== undefined) await expect(page.locator(`${figure} [data-prob-bars] li[data-true="true"]`)).toHaveAttribute('data-word', word(target));

  await scrollStepToMiddle(page, 'cross-entropy');
  await expect(page.locator(figure)).toHaveAttribute('data-state', 'cross-entropy');
  const rows = await page.locator(`${figure} [data-example]`).evaluateAll((els) =>
    els.map((el) => ({ p: Number(el.getAttribute('data-p')), counted: el.getAttribute('data-counted') === 'true' })),
  );
  expectClose(rows.map((r) => r.p), ref.score.examples.map((e) => e.p), 'p of each true next word');
  expect(rows.map((r) => r.counted)).toEqual(ref.score.examples.map((e) => e.counted));
  if (ref.score.counted > 0) {
    close(await attr(page, `${figure} [data-sentence-loss]`, 'data-sentence-loss'), ref.score.loss, 'loss');
    await scrollStepToMiddle(page, 'perplexity');
    await expect(page.locator(figure)).toHaveAttribute('data-state', 'perplexity');
    close(await attr(page, `${figure} [data-sentence-perplexity]`, 'data-sentence-perplexity'), ref.score.perplexity, 'perplexity');
  } else {
    await expect(page.locator(`${figure} [data-sentence-loss]`)).toHaveAttribute('data-sentence-loss', 'none');
  }
}

test('the figure’s numbers are the model’s computed in Node, live from the GPU', async ({ page }) => {
  test.setTimeout(60_000);
  await page.goto(CHAPTER);
  await scrollStepToMiddle(page, STEPS[0]!);
  await expect(page.locator(figure)).toHaveAttribute('data-backend', 'webgpu');
  await expectReference(page, DEFAULT_SENTENCE);
});

test('the reference rows are the held-out loss, the first training step and ln V, as computed in Node', async ({ page }) => {
  await openUrl(page, `${CHAPTER}#perplexity`);
  await expect(page.locator(figure)).toHaveAttribute('data-state', 'perplexity');
  const curve = trainingCurve(readTrainingLog());
  const held = heldOutScore(model, tokenizer, { window: curve.seqLen });
  const row = (key: string) => `${figure} [data-ppl-row="${key}"]`;
  expect(await attr(page, row('held-out'), 'data-loss')).toBeCloseTo(held.loss, 10);
  const words = heldOutDetail(model, tokenizer, { window: curve.seqLen }).words;
  expect(await attr(page, row('held-out-words'), 'data-loss')).toBeCloseTo(words.loss, 10);
  expect(await attr(page, row('untrained'), 'data-loss')).toBe(curve.first);
  expect(await attr(page, row('uniform'), 'data-perplexity')).toBeCloseTo(tokenizer.size, 8);
  // The prose states the same numbers, computed at build.
  const prose = page.locator('#perplexity');
  await expect(prose).toContainText(`= ${formatNumber(held.loss)}, a perplexity of ${formatNumber(held.perplexity, 1)}`);
  await expect(prose).toContainText(`ln ${tokenizer.size} = ${formatNumber(Math.log(tokenizer.size))}`);
  await expect(prose).toContainText(`the held-out loss is ${formatNumber(words.loss, 3)}, a perplexity of ${formatNumber(Math.exp(words.loss), 1)}`);
  // The worked line reads perplexity as surprise, with the model's own spread beside it.
  await expect(page.locator(`${figure} [data-worked]`)).toContainText(`as surprised as a fair choice among ${formatNumber(reference(DEFAULT_SENTENCE).score.perplexity, 1)} words`);
  await expect(page.locator(`${figure} [data-worked]`)).toContainText(formatNumber(reference(DEFAULT_SENTENCE).score.spread, 1));
  const ref = reference(DEFAULT_SENTENCE);
  await expect(page.locator('#cross-entropy')).toContainText(`= ${formatNumber(ref.score.loss, 3)}.`);
  await openUrl(page, `${CHAPTER}#lab`);
  await expect(page.locator(`${figure} [data-loss-curve]`)).toHaveAttribute('data-first', String(curve.first));
  await expect(page.locator(`${figure} [data-backend-badge]`)).toHaveText('Read from the training log · the shipped MiniSeek');
});

test('a changed sentence changes every number to the reference’s; unknown words are named and left out of the loss', async ({ page }) => {
  test.setTimeout(90_000);
  await openUrl(page, `${CHAPTER}#next-token`);
  await expect(page.locator(figure)).toHaveAttribute('data-backend', 'webgpu');
  const field = page.getByLabel('Sentence for MiniSeek');
  const sentence = 'three plus four is seven .';
  await field.fill(sentence);
  await field.press('Enter');
  await expect(page.locator(`${figure} [data-example]`).last()).toHaveAttribute('data-target', '.');
  await expectReference(page, sentence);

  const odd = 'the zebra is here';
  await field.fill(odd);
  await field.press('Enter');
  await expect(page.locator('[data-sentence-notice]')).toContainText('read as <unk>: “zebra”');
  await scrollStepToMiddle(page, 'cross-entropy');
  await expect(page.locator(`${figure} [data-example="1"]`)).toHaveAttribute('data-counted', 'false');
  await expect(page.locator(`${figure} [data-example="1"]`)).toContainText('not scored');
  await expectReference(page, odd);
  // The softmax step still shows <unk> as the true next word after “the”, labelled as not scored.
  await scrollStepToMiddle(page, 'softmax');
  await page.getByRole('toolbar', { name: 'Token' }).getByRole('button', { name: 'the' }).click();
  await expect(page.locator(`${figure} [data-prob-bars] li[data-true="true"]`)).toContainText('(not scored)');
  await expect(page.locator(`${figure} [data-worked]`)).toContainText('<unk>: not scored');

  // Nothing left to score: the figure says so instead of showing NaN.
  await field.fill('zebra');
  await field.press('Enter');
  await scrollStepToMiddle(page, 'cross-entropy');
  await expect(page.locator(`${figure} [data-sentence-loss]`)).toHaveAttribute('data-sentence-loss', 'none');
  await expect(page.locator(`${figure} [data-sentence-loss]`)).toContainText('no example to score');
  await scrollStepToMiddle(page, 'perplexity');
  await expect(page.locator(`${figure} [data-sentence-perplexity]`)).toContainText('no perplexity');
  await expect(page.locator(figure)).not.toContainText('NaN');
});

test('choosing a token moves the softmax and the worked numbers to its position', async ({ page }) => {
  await openUrl(page, `${CHAPTER}#softmax`);
  await expect(page.locator(figure)).toHaveAttribute('data-backend', 'webgpu');
  const chooser = page.getByRole('toolbar', { name: 'Token' });
  await chooser.getByRole('button', { name: '<bos>' }).click();
  const ref = reference(DEFAULT_SENTENCE);
  const first = ref.score.examples[0]!;
  await expect(page.locator(`${figure} [data-prob-bars] li[data-true="true"]`)).toHaveAttribute('data-word', word(first.target));
  close(await attr(page, `${figure} [data-target-p]`, 'data-target-p'), first.p, 'p(the | <bos>)');
  // Keyboard: the arrow keys move along the tokens, as in a toolbar.
  await chooser.getByRole('button', { name: '<bos>' }).press('ArrowRight');
  const second = ref.score.examples[1]!;
  await expect(page.locator(`${figure} [data-prob-bars] li[data-true="true"]`)).toHaveAttribute('data-word', word(second.target));
  close(await attr(page, `${figure} [data-target-p]`, 'data-target-p'), second.p, 'p(keys | <bos> the)');
  // The last position has no next word in the sentence: no word is marked, the favourite is named.
  await chooser.getByRole('button', { name: 'cabinet' }).click();
  await expect(page.locator(`${figure} [data-prob-bars] li[data-true="true"]`)).toHaveCount(0);
  await expect(page.locator(`${figure} [data-worked]`)).toContainText('the favourite');
});

test('the prose says MiniSeek’s embedding and output head are two matrices, as its checkpoint has them', async ({ page }) => {
  await openUrl(page, `${CHAPTER}#unembedding`);
  expect(model.config.tie_word_embeddings).toBe(false);
  await expect(page.locator('#unembedding')).toContainText('MiniSeek does not.');
  await expect(page.locator('#unembedding')).toContainText('tie_word_embeddings: false');
  await expect(page.locator('#next-token a[href="/chapters/self-attention/#mask"]')).toHaveCount(1);
  await expect(page.locator('#transformer a[href="/chapters/transformer/"]')).toHaveCount(1);
});

test('the lab step introduces the lab', async ({ page }) => {
  await openUrl(page, `${CHAPTER}#lab`);
  await expect(page.locator('#lab')).toContainText('Press Train');
});

for (const colorScheme of ['light', 'dark'] as const) {
  test(`axe finds no violations at #cross-entropy (${colorScheme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme });
    await openUrl(page, `${CHAPTER}#cross-entropy`);
    expect(await axeViolations(page, { figure, state: 'cross-entropy' })).toEqual([]);
  });
}

test('on a phone the figure sits above the steps and fits the screen', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  for (const id of ['cross-entropy', 'perplexity', 'unembedding']) {
    await openUrl(page, `${CHAPTER}#${id}`);
    await expect(page.locator(figure)).toHaveAttribute('data-state', id);
    const fig = await page.locator(figure).boundingBox();
    const step = await page.locator(`#${id}`).boundingBox();
    expect(fig!.y).toBeLessThan(step!.y);
    expect(fig!.x + fig!.width).toBeLessThanOrEqual(391);
    // Nothing inside the figure is wider than it (the examples table and the bars fit a phone).
    const overflow = await page.locator(figure).evaluate((el) => el.scrollWidth - el.clientWidth);
    expect(overflow, id).toBeLessThanOrEqual(1);
    if (id === 'cross-entropy') {
      const table = await page.locator(`${figure} [data-examples]`).evaluate((el) => el.scrollWidth - el.clientWidth);
      expect(table, 'the examples table scrolls sideways on a phone').toBeLessThanOrEqual(1);
    }
  }
});

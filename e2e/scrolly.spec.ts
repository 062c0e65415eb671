import { expect, openUrl, scrollStepToMiddle, stepIds, test } from './fixtures';

const CHAPTER = '/chapters/attention/';
const figure = '[data-figure="attention"]';

test('the figure follows scrolling through every step, and the URL hash follows without new history entries', async ({
  page,
}) => {
  await page.goto(CHAPTER);
  const ids = await stepIds(page);
  expect(ids).toEqual(['tokens', 'queries', 'keys', 'scores', 'scaling', 'softmax', 'weighted-sum']);
  // At the top of the page no step crosses the middle: the figure shows its first state and the URL has no hash.
  await expect(page.locator(figure)).toHaveAttribute('data-state', 'tokens');
  const historyLength = await page.evaluate(() => history.length);
  for (const id of ids) {
    await scrollStepToMiddle(page, id);
    await expect(page.locator(figure)).toHaveAttribute('data-state', id);
    await expect(page.locator(`#${id}`)).toHaveAttribute('aria-current', 'step');
    await expect(page.locator('[data-step][data-active]')).toHaveCount(1);
    await expect(page).toHaveURL(new RegExp(`#${id}$`));
  }
  expect(await page.evaluate(() => history.length)).toBe(historyLength);
  // Scrolling back above the first step restores the first state and drops the hash.
  await page.evaluate(() => window.scrollTo({ top: 0, behavior: 'instant' }));
  await expect(page.locator('[data-step][data-active]')).toHaveCount(0);
  await expect(page).toHaveURL(/attention\/$/);
  await expect(page.locator(figure)).toHaveAttribute('data-state', 'tokens');
});

test('the figure receives the progress through the active step', async ({ page }) => {
  await page.goto(CHAPTER);
  const box = await page.evaluate(() => {
    const el = document.getElementById('scores')!;
    const top = el.getBoundingClientRect().top + scrollY;
    return { top, height: el.offsetHeight };
  });
  const viewport = page.viewportSize()!;
  for (const fraction of [0.25, 0.75]) {
    await page.evaluate((y) => window.scrollTo({ top: y, behavior: 'instant' }), box.top + box.height * fraction - viewport.height / 2);
    await expect(page.locator(figure)).toHaveAttribute('data-state', 'scores');
    await expect
      .poll(async () => Number(await page.locator(figure).getAttribute('data-progress')))
      .toBeCloseTo(fraction, 1);
  }
});

test('a deep link opens its step: the step is in view and the figure shows its state', async ({ page }) => {
  await openUrl(page, `${CHAPTER}#softmax`);
  await expect(page.locator(figure)).toHaveAttribute('data-state', 'softmax');
  await expect(page.locator('#softmax')).toHaveAttribute('data-active', '');
  await expect(page.locator('#softmax')).toBeInViewport();
  // The softmax term of the equation is highlighted and the weights matrix shows its numbers.
  const term = page.locator(`${figure} [data-term="softmax"]`);
  await expect(term).toHaveCSS('background-color', /rgb\(/);
  expect(await term.evaluate((el) => getComputedStyle(el).backgroundColor)).not.toBe('rgba(0, 0, 0, 0)');
  await expect(page.locator(`${figure} [data-matrix="weights"] td[data-value]`)).toHaveCount(7 * 7);
  await expect(page).toHaveURL(/#softmax$/);
});

test('a reader who scrolls on before a slow page has loaded is not pulled back to the deep link’s step at load', async ({ page }) => {
  // An image that answers only when the test says so holds the page's load event back, as a slow network does.
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/__hold-load.gif', async (route) => {
    await held;
    await route.fulfill({ contentType: 'image/gif', body: Buffer.from('R0lGODlhAQABAAAAACwAAAAAAQABAAA=', 'base64') });
  });
  await page.addInitScript(() =>
    document.addEventListener('DOMContentLoaded', () => {
      const img = new Image();
      img.alt = '';
      img.src = '/__hold-load.gif';
      document.body.append(img);
    }),
  );
  await page.goto(`${CHAPTER}#scores`, { waitUntil: 'domcontentloaded' });
  await expect(page.locator('#scores')).toHaveAttribute('data-active', '');
  expect(await page.evaluate(() => document.readyState)).not.toBe('complete');
  // The reader scrolls a little, still within the step.
  const y = await page.evaluate(() => {
    scrollBy({ top: 60, behavior: 'instant' });
    return scrollY;
  });
  release();
  await page.waitForFunction(() => document.readyState === 'complete');
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
  expect(await page.evaluate(() => scrollY)).toBe(y);
  await expect(page.locator('#scores')).toHaveAttribute('data-active', '');
});

test('a step the reader scrolls to during a jump becomes the active one when the jump’s grace ends', async ({ page }) => {
  await page.goto(`${CHAPTER}#queries`);
  await expect(page.locator('#queries')).toHaveAttribute('data-active', '');
  // In one task, so no frame comes between: j jumps to the next step and the reader scrolls on past it at once.
  // The steps crossing the middle line meanwhile are taken as passed on the way; the one the reader stops on is not.
  await page.evaluate(() => {
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'j', bubbles: true }));
    document.getElementById('softmax')!.scrollIntoView({ block: 'center', behavior: 'instant' });
  });
  await expect(page.locator('#softmax')).toHaveAttribute('data-active', '');
  await expect(page.locator(figure)).toHaveAttribute('data-state', 'softmax');
  await expect(page).toHaveURL(/#softmax$/);
});

test('a #fragment navigation opens its step even when the address is rewritten before its hashchange is handled', async ({ page }) => {
  await page.goto(`${CHAPTER}#queries`);
  await expect(page.locator('#queries')).toHaveAttribute('data-active', '');
  // Scrolling activations rewrite the address to their step (history.replaceState); one that lands between a
  // fragment navigation and its hashchange event must not turn the navigation back.
  await page.evaluate(() => {
    location.hash = '#softmax';
    history.replaceState(history.state, '', '#queries');
  });
  await expect(page.locator('#softmax')).toHaveAttribute('data-active', '');
  await expect(page.locator(figure)).toHaveAttribute('data-state', 'softmax');
  await expect(page).toHaveURL(/#softmax$/);
});

test('following a link to a step from the table of contents opens that step', async ({ page }) => {
  await page.goto(CHAPTER);
  await page.getByRole('navigation', { name: 'In this chapter' }).getByRole('link', { name: /Scaling/ }).click();
  await expect(page.locator(figure)).toHaveAttribute('data-state', 'scaling');
  await expect(page.locator('#scaling')).toBeInViewport();
});

test('an unknown hash leaves the page at its top with no error', async ({ page }) => {
  await openUrl(page, `${CHAPTER}#no-such-step`);
  await expect(page.locator(figure)).toHaveAttribute('data-state', 'tokens');
  expect(await page.evaluate(() => scrollY)).toBe(0);
  await expect(page.locator('[data-step][data-active]')).toHaveCount(0);
});

test('j and k step forward and back; arrow keys step when the figure has focus', async ({ page }) => {
  await page.goto(CHAPTER);
  await page.locator('body').press('j');
  await expect(page.locator(figure)).toHaveAttribute('data-state', 'tokens');
  await expect(page.locator('#tokens')).toHaveAttribute('aria-current', 'step');
  await page.keyboard.press('j');
  await page.keyboard.press('j');
  await expect(page.locator(figure)).toHaveAttribute('data-state', 'keys');
  await expect(page.locator('#keys')).toBeFocused();
  await page.keyboard.press('k');
  await expect(page.locator(figure)).toHaveAttribute('data-state', 'queries');
  await expect(page).toHaveURL(/#queries$/);

  await page.locator(figure).focus();
  await page.keyboard.press('ArrowDown');
  await expect(page.locator(figure)).toHaveAttribute('data-state', 'keys');
  await page.keyboard.press('ArrowDown');
  await expect(page.locator(figure)).toHaveAttribute('data-state', 'scores');
  await page.keyboard.press('ArrowUp');
  await expect(page.locator(figure)).toHaveAttribute('data-state', 'keys');
  await expect(page.locator(figure)).toBeFocused();
  await expect(page.locator('[data-scrolly-announcer]')).toHaveText('Step 3 of 7: Keys: what each token offers');
  // After things settle, the figure still agrees with the step on the middle line.
  await page.waitForTimeout(1600);
  await expect(page.locator('#keys')).toHaveAttribute('aria-current', 'step');
});

test('j and k are ignored while typing in a field', async ({ page }) => {
  await page.goto(CHAPTER);
  await page.evaluate(() => {
    const input = document.createElement('input');
    input.setAttribute('aria-label', 'test field');
    document.querySelector('main')!.prepend(input);
    input.focus();
  });
  await page.keyboard.type('jjj');
  await expect(page.locator(figure)).toHaveAttribute('data-state', 'tokens');
});

test.describe('with clipboard permission', () => {
  test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

  test('the copy-link control copies the address of its step', async ({ page }) => {
  await page.goto(CHAPTER);
  const button = page.locator('#scores button[data-copy-link]');
  await expect(button).toHaveAccessibleName(/^Copy link to this step: Scores/);
  await button.click();
  await expect(button).toContainText('Link copied');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toMatch(/\/chapters\/attention\/#scores$/);
  });
});

test('with reduced motion, states still change and nothing animates', async ({ page }) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.goto(CHAPTER);
  await page.keyboard.press('j');
  await page.keyboard.press('j');
  await expect(page.locator(figure)).toHaveAttribute('data-state', 'queries');
  // The jump is instant, so the step is already centred.
  await expect(page.locator('#queries')).toBeInViewport();
  await expect(page.locator('#queries')).toHaveCSS('transition-duration', '0s');
});

test('printing shows the figure in its first state', async ({ page }) => {
  await openUrl(page, `${CHAPTER}#softmax`);
  await expect(page.locator(figure)).toHaveAttribute('data-state', 'softmax');
  await page.evaluate(() => dispatchEvent(new Event('beforeprint')));
  await expect(page.locator(figure)).toHaveAttribute('data-state', 'tokens');
  await page.evaluate(() => dispatchEvent(new Event('afterprint')));
  await expect(page.locator(figure)).toHaveAttribute('data-state', 'softmax');
});

import { COURSE, COURSE_CHAPTERS } from '../src/course/outline';
import { expect, test } from './fixtures';

test('the course map lists every part and chapter in order, linking written ones only', async ({ page }) => {
  await page.goto('/');
  const items = page.locator('[data-course-map] [data-chapter]');
  await expect(items).toHaveCount(COURSE_CHAPTERS.length);
  expect(await items.evaluateAll((els) => els.map((el) => el.getAttribute('data-chapter')))).toEqual(
    COURSE_CHAPTERS.map((c) => c.slug),
  );
  await expect(page.locator('[data-part]')).toHaveCount(COURSE.length);
  // DESIGN.md's six parts, Part V included (its chapters planned until written).
  expect(COURSE.map((p) => p.title)).toEqual(['Foundations', 'I. Attention', 'II. Experts', 'III. Position', 'IV. Training at scale', 'V. After the lecture']);
  await expect(page.locator('[data-part="after"] h3')).toHaveText('V. After the lecture');
  // The attention chapter is written: a link to its page. A planned chapter has no link.
  await expect(page.locator('[data-chapter="attention"] a')).toHaveAttribute('href', '/chapters/attention/');
  await expect(page.locator('[data-chapter="reinforcement-learning"] a')).toHaveCount(0);
  await expect(page.locator('[data-chapter="reinforcement-learning"]')).toContainText('planned');
  await page.locator('[data-chapter="attention"] a').click();
  await expect(page).toHaveURL(/\/chapters\/attention\/$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Attention' })).toBeVisible();
});

test('a chapter lists its sections and steps and links to its neighbours', async ({ page }) => {
  await page.goto('/chapters/attention/');
  const toc = page.getByRole('navigation', { name: 'In this chapter' });
  const stepLinks = toc.locator('.toc-step a');
  const ids = await page.locator('[data-step]').evaluateAll((els) => els.map((el) => `#${el.id}`));
  expect(ids.length).toBeGreaterThanOrEqual(6);
  expect(await stepLinks.evaluateAll((els) => els.map((el) => el.getAttribute('href')))).toEqual(ids);
  await expect(toc.getByRole('link', { name: 'Scaled dot-product attention, step by step' })).toBeVisible();
  // Previous and next link to the nearest written chapters in course order (or back to the map at the end).
  const written = await page.goto('/').then(() => page.locator('[data-course-map] [data-chapter] a').evaluateAll((els) => els.map((el) => el.getAttribute('href'))));
  await page.goto('/chapters/attention/');
  const index = written.indexOf('/chapters/attention/');
  const pager = page.getByRole('navigation', { name: 'Chapters' });
  if (index > 0) await expect(pager.getByRole('link', { name: /Previous/ })).toHaveAttribute('href', written[index - 1]!);
  else await expect(pager.getByRole('link', { name: /Previous/ })).toHaveCount(0);
  await expect(pager.getByRole('link', { name: /Next/ })).toHaveAttribute('href', written[index + 1] ?? '/');
});

test('an unknown page shows the not-found page with a way back', async ({ context }) => {
  // A page of its own: the browser rightly logs the 404 response, which the console fixture would count.
  const page = await context.newPage();
  const response = await page.goto('/chapters/not-a-chapter/');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('link', { name: 'course map' }).last()).toHaveAttribute('href', '/');
});

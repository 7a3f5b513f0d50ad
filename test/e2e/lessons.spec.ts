/**
 * Lessons end to end: the real host (`serve`, with a fresh data folder)
 * and the real renderer in Chromium, driven by role and accessible name.
 * Lesson 1 is finished by working its check out from the numbers on the
 * page; lesson 3's check is answered wrong (the hint names the missing
 * f), then right; the language changes to Japanese in the middle of a
 * lesson, which stays on the same page. The answers are worked out here
 * from the numbers shown, by the article's formulas.
 */
import { type Page } from '@playwright/test';
import { expect, test } from './fixtures.js';

const shots = 'test-results/screens';

test.describe.configure({ mode: 'serial' });

test.beforeEach(async ({ page }) => {
  page.on('pageerror', (err) => {
    throw new Error(`the page threw: ${err.message}`);
  });
});

test.afterEach(async ({ request }) => {
  await request.post('/api/settings', { data: { language: 'en', reducedMotion: false } });
});

const f = (e: number) => 1 / (1 + Math.exp(-e));

async function openList(page: Page): Promise<void> {
  await page.goto('/');
  await page.getByRole('button', { name: 'Lessons' }).click();
  await expect(page.getByRole('list', { name: 'Lessons' })).toBeVisible();
}

/** The check's given numbers, as shown: name → value. */
async function givens(page: Page): Promise<Record<string, number>> {
  const given = page.getByRole('definition').first();
  await expect(given).toBeVisible();
  const names = await page.getByRole('term').allTextContents();
  const values = await page.getByRole('definition').allTextContents();
  return Object.fromEntries(names.map((n, k) => [n.trim(), Number(values[k].trim().replace('−', '-'))]));
}

async function toCheck(page: Page, pages: number): Promise<void> {
  for (let k = 0; k < pages; k++) await page.getByRole('button', { name: 'Next', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Check' })).toBeVisible();
}

async function answer(page: Page, value: number): Promise<void> {
  const field = page.getByRole('textbox', { name: 'Your answer' });
  await field.fill(value.toFixed(4));
  await field.press('Enter');
}

test('finish lesson 1: read the pages, work out y1, and the next lesson opens', async ({ page }) => {
  await openList(page);
  const list = page.getByRole('list', { name: 'Lessons' });
  await expect(list.getByRole('listitem')).toHaveCount(9);
  await expect(list.getByRole('button', { name: /Lesson 2/ })).toHaveAttribute('aria-disabled', 'true');
  await list.getByRole('button', { name: /Lesson 1: The neuron/ }).click();
  await expect(page.getByRole('heading', { name: 'The neuron: Σ and f(e)' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Caption' })).toContainText('e1 = w(x1)1·x1 + w(x2)1·x2');
  // The Next button is reachable and works from the keyboard alone.
  await page.getByRole('button', { name: 'Next', exact: true }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByText('Page 2 of 4')).toBeVisible();
  await toCheck(page, 2);
  await expect(page.getByRole('button', { name: 'Next', exact: true })).toBeDisabled();

  const g = await givens(page);
  const y1 = f(g['w(x1)1'] * g.x1 + g['w(x2)1'] * g.x2);
  await answer(page, y1);
  const verdict = page.getByRole('status').filter({ hasText: 'Right' });
  await expect(verdict).toContainText(`y1 = ${y1.toFixed(3).replace(/0+$/, '')}`);
  await expect(page.getByRole('button', { name: 'Next', exact: true })).toBeEnabled();
  await page.getByRole('button', { name: 'Next', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Training data' })).toBeVisible();

  await page.getByRole('button', { name: 'Back to the list of lessons' }).click();
  await expect(list.getByRole('button', { name: /Lesson 1: .*Done/ })).toBeVisible();
  await expect(list.getByRole('button', { name: /Lesson 2/ })).not.toHaveAttribute('aria-disabled', 'true');
  // Progress is the host's: it is still there after a reload.
  await page.reload();
  await page.getByRole('button', { name: 'Lessons' }).click();
  await expect(list.getByRole('button', { name: /Lesson 1: .*Done/ })).toBeVisible();
});

test('lesson 3: a wrong answer gets a hint pointing at f, then the right one passes', async ({ page }) => {
  await openList(page);
  const list = page.getByRole('list', { name: 'Lessons' });
  await list.getByRole('button', { name: /Lesson 2: Training data/ }).click();
  await toCheck(page, 2);
  const d = await givens(page);
  await answer(page, d.x1 !== d.x2 ? 1 : 0);
  await expect(page.getByRole('status').filter({ hasText: 'Right' })).toBeVisible();
  await page.getByRole('button', { name: 'Next', exact: true }).click();

  await expect(page.getByRole('heading', { name: 'The forward pass' })).toBeVisible();
  await toCheck(page, 3);
  const g = await givens(page);
  const e4 = g.w14 * g.y1 + g.w24 * g.y2 + g.w34 * g.y3;
  // The usual slip: stopping at the Σ half.
  await answer(page, e4);
  const wrong = page.getByRole('status').filter({ hasText: 'Not yet' });
  await expect(wrong).toContainText('That is e4');
  await expect(wrong).toContainText('y4 = f(e4)');
  await expect(page.getByRole('button', { name: 'Next', exact: true })).toBeDisabled();
  await page.screenshot({ path: `${shots}/lesson-3-hint-en.png` });

  await answer(page, f(e4));
  await expect(page.getByRole('status').filter({ hasText: 'Right' })).toContainText('y4 =');
  await expect(page.getByRole('button', { name: 'Next', exact: true })).toBeEnabled();
});

test('switch to Japanese in the middle of a lesson: same page, every word changes', async ({ page }) => {
  await openList(page);
  await page.getByRole('list', { name: 'Lessons' }).getByRole('button', { name: /Lesson 1/ }).click();
  await page.getByRole('button', { name: 'Next', exact: true }).click();
  await expect(page.getByText('Page 2 of 4')).toBeVisible();
  await page.getByRole('button', { name: '日本語' }).click();
  await expect(page.getByRole('heading', { name: 'ニューロン：Σ と f(e)' })).toBeVisible();
  await expect(page.getByText('2 / 4 ページ')).toBeVisible();
  await expect(page.getByRole('button', { name: '次へ', exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: '戻る', exact: true })).toBeVisible();
  await expect(page.getByRole('region', { name: 'キャプション' })).toContainText('y1 = f(e1)');
  await expect(page.getByText('シグモイド').first()).toBeVisible();
  await page.screenshot({ path: `${shots}/lesson-1-ja.png` });
  await page.getByRole('button', { name: '次へ', exact: true }).click();
  await expect(page.getByText('3 / 4 ページ')).toBeVisible();
});

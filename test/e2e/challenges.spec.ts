/**
 * Challenges end to end: the real host (`serve`, with a fresh data folder)
 * and the real renderer in Chromium, driven by role and accessible name.
 * Level 1 is won by pressing Play; the stars stay after a reload (the host
 * keeps them on disk); level 2's code opens the same level in a second
 * browser context; a garbled code gets an alert. Screenshots in English
 * and Japanese go to test-results/screens.
 */
import { type Page } from '@playwright/test';
import { expect, test } from './fixtures.js';

const shots = 'test-results/screens';

test.beforeEach(async ({ page }) => {
  page.on('pageerror', (err) => {
    throw new Error(`the page threw: ${err.message}`);
  });
});

async function openChallenges(page: Page): Promise<void> {
  await page.goto('/');
  await page.getByRole('button', { name: 'Challenges' }).click();
  await expect(page.getByRole('list', { name: 'Levels' })).toBeVisible();
}

test('win level 1 by pressing Play, see the stars, and still see them after a reload', async ({ page }) => {
  await openChallenges(page);
  const levels = page.getByRole('list', { name: 'Levels' });
  await expect(levels.getByRole('listitem')).toHaveCount(12);
  // Only the first level is open at the start.
  await expect(levels.getByRole('button', { name: /Level 2: .*Locked/ })).toHaveAttribute('aria-disabled', 'true');
  await page.screenshot({ path: `${shots}/challenges-en.png` });

  await levels.getByRole('button', { name: /Level 1: First steps/ }).click();
  await expect(page.getByRole('button', { name: 'Play' })).toBeEnabled();
  await expect(page.getByRole('region', { name: 'Goal' })).toContainText('Target error');
  await expect(page.getByRole('region', { name: 'Goal' })).toContainText('6,000 of 6,000');
  await page.getByRole('button', { name: 'Play' }).click();

  const result = page.getByRole('status').filter({ hasText: 'Target reached' });
  await expect(result).toBeVisible({ timeout: 45_000 });
  await expect(result).toContainText(/Target reached in [\d,]+ steps/);
  await expect(result.getByRole('img', { name: '3 of 3 stars' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Retry' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Next level' })).toBeVisible();
  await page.screenshot({ path: `${shots}/challenge-won-en.png` });

  // The client cannot go on: the host has decided.
  await page.getByRole('button', { name: 'Levels', exact: true }).click();
  await expect(levels.getByRole('button', { name: /Level 1: .*3 of 3 stars/ })).toBeVisible();
  // The top bar's back button of a level says where it goes: the levels, not the menu.
  await levels.getByRole('button', { name: /Level 1:/ }).click();
  await page.getByRole('banner').getByRole('button', { name: 'Back to the levels' }).click();
  await expect(levels.getByRole('button', { name: /Level 1: .*3 of 3 stars/ })).toBeVisible();
  await page.reload();
  await page.getByRole('button', { name: 'Challenges' }).click();
  await expect(levels.getByRole('button', { name: /Level 1: .*3 of 3 stars/ })).toBeVisible();
  await expect(levels.getByRole('button', { name: /Level 2: .*Not won yet/ })).not.toHaveAttribute('aria-disabled', 'true');
});

test('share level 2 and open its code in a second browser', async ({ page, browser }) => {
  await openChallenges(page);
  // Level 2 is open once level 1 is won (the test before won it on this host); open it by its card or by Next level.
  await page.getByRole('list', { name: 'Levels' }).getByRole('button', { name: /Level 2: Choose η/ }).click();
  await expect(page.getByRole('button', { name: 'Play' })).toBeEnabled();
  // The level's rules disable what they forbid, and say why.
  await expect(page.getByText('The weights are locked in this level: win it by training.')).toBeVisible();
  await expect(page.getByRole('spinbutton', { name: 'w46', exact: true })).toBeDisabled();
  await expect(page.getByRole('combobox', { name: 'η schedule' })).toBeDisabled();
  await page.getByRole('button', { name: 'Share' }).click();
  const code = await page.getByRole('textbox', { name: 'Challenge code' }).inputValue();
  expect(code).toMatch(/^[2-9A-HJKMNP-Z-]+$/);
  await page.screenshot({ path: `${shots}/challenge-share-en.png` });

  const other = await browser.newContext();
  const second = await other.newPage();
  await second.goto('/');
  await second.getByRole('button', { name: 'Challenges' }).click();
  await second.getByRole('textbox', { name: 'Challenge code' }).fill(code.toLowerCase());
  await second.getByRole('button', { name: 'Play code' }).click();
  const goal = second.getByRole('region', { name: 'Goal' });
  await expect(goal).toContainText('Choose η');
  await expect(goal).toContainText('3,500 of 3,500');
  await expect(second.getByRole('spinbutton', { name: 'w46', exact: true })).toBeDisabled();
  await other.close();
});

test('a garbled code gets a clear alert, and the screen goes on working', async ({ page }) => {
  await openChallenges(page);
  const field = page.getByRole('textbox', { name: 'Challenge code' });
  await field.fill('HELLO-WORLD');
  await page.getByRole('button', { name: 'Play code' }).click();
  await expect(page.getByRole('alert')).toContainText('characters no challenge code uses');
  await field.fill('2222-2222');
  await page.getByRole('button', { name: 'Play code' }).click();
  await expect(page.getByRole('alert')).toContainText('mistyped or missing');
  await page.screenshot({ path: `${shots}/challenge-bad-code-en.png` });
  await expect(page.getByRole('list', { name: 'Levels' })).toBeVisible();
});

test('challenges in Japanese', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: /日本語/ }).click();
  await page.getByRole('button', { name: 'チャレンジ' }).click();
  await expect(page.getByRole('list', { name: 'レベル' })).toBeVisible();
  await expect(page.getByRole('list', { name: 'レベル' })).toContainText('はじめの一歩');
  await page.screenshot({ path: `${shots}/challenges-ja.png` });
  await page.getByRole('list', { name: 'レベル' }).getByRole('button').first().click();
  await expect(page.getByRole('region', { name: '目標' })).toContainText('目標誤差');
  await page.getByRole('button', { name: '再生' }).click();
  await expect(page.getByRole('status').filter({ hasText: '目標達成' })).toBeVisible({ timeout: 45_000 });
  await page.screenshot({ path: `${shots}/challenge-won-ja.png` });
});

test('the host keeps the settings: a browser that never chose opens in the language another chose', async ({ page, browser }) => {
  await page.goto('/');
  await page.getByRole('button', { name: /日本語/ }).click();
  await expect(page.getByRole('button', { name: 'チャレンジ' })).toBeVisible();
  await expect.poll(async () => (await (await page.request.get('/api/progress')).json()).settings.language).toBe('ja');
  const other = await browser.newContext();
  const fresh = await other.newPage();
  await fresh.goto('/');
  await expect(fresh.getByRole('button', { name: 'チャレンジ' })).toBeVisible();
  await other.close();
});

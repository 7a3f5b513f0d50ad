/**
 * A classroom race end to end: the real host (`serve`), one teacher and
 * two students, each in their own browser context of Chromium, driven by
 * role and accessible name. Screenshots of the lobby, the race, the
 * projector and the podium, in English and Japanese, go to
 * test-results/screens.
 */
import { type Browser, type BrowserContext, type Page } from '@playwright/test';
import { expect, test } from './fixtures.js';
import { readFile } from 'node:fs/promises';

const shots = 'test-results/screens';

async function newPage(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, locale: 'en-US', acceptDownloads: true });
  const page = await context.newPage();
  page.on('pageerror', (err) => {
    throw new Error(`the page threw: ${err.message}`);
  });
  return { context, page };
}

/** Takes the screenshot in English, then in Japanese, and switches back. */
async function bothLanguages(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${shots}/${name}-en.png` });
  await page.getByRole('button', { name: '日本語' }).dispatchEvent('click');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ja');
  await page.screenshot({ path: `${shots}/${name}-ja.png` });
  await page.getByRole('button', { name: 'English' }).dispatchEvent('click');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
}

async function join(page: Page, code: string, nickname: string): Promise<void> {
  await page.getByRole('textbox', { name: 'Join code' }).fill(code);
  await page.getByRole('textbox', { name: 'Nickname' }).fill(nickname);
  await page.getByRole('button', { name: 'Join', exact: true }).click();
}

async function stepsLeft(page: Page): Promise<number> {
  const text = (await page.getByRole('status', { name: 'Steps left' }).textContent()) ?? '';
  return Number(text.replace(/[^\d]/g, ''));
}

test('a teacher hosts, two students join and race, one reloads and keeps their place, and the results export', async ({ browser }) => {
  test.setTimeout(420_000);
  const teacher = await newPage(browser);
  const ada = await newPage(browser);
  const bob = await newPage(browser);
  const host = teacher.page;

  // The lobby: the code large, the address and its QR code.
  await host.goto('/');
  await host.getByRole('button', { name: 'Host a race' }).click();
  const codeEl = host.getByLabel('Join code');
  await expect(codeEl).toHaveText(/^[A-Z0-9]{5}$/);
  const code = (await codeEl.textContent())!.trim();
  await expect(host.getByRole('img', { name: 'QR code of the address' })).toBeVisible();

  // A wrong code, then the right one.
  for (const s of [ada, bob]) {
    await s.page.goto('/');
    await s.page.getByRole('button', { name: 'Join a race' }).click();
  }
  const wrong = code === 'AAAAA' ? 'CCCCC' : 'AAAAA';
  await join(ada.page, wrong, 'Ada');
  await expect(ada.page.getByRole('alert')).toContainText(`No race has the code “${wrong}”`);
  await join(ada.page, code.toLowerCase(), 'Ada');
  await expect(ada.page.getByRole('status', { name: 'Place' })).toBeVisible();

  // A clash of names, then a hostile one shown as text, never as markup.
  await join(bob.page, code, 'ADA');
  await expect(bob.page.getByRole('alert')).toContainText('already has that nickname');
  await join(bob.page, code, '<b>Bob</b>');
  await expect(bob.page.getByRole('alert')).toContainText('letters, digits, spaces');
  await join(bob.page, code, "Bob O'Neil");
  await expect(bob.page.getByRole('status', { name: 'Place' })).toBeVisible();

  const players = host.getByRole('table', { name: 'Players' });
  await expect(players).toContainText('Ada');
  await expect(players).toContainText("Bob O'Neil");
  await bothLanguages(host, 'race-lobby');

  // Start: a countdown for everyone, then the race.
  await host.getByRole('button', { name: 'Start race' }).click();
  await expect(host.getByRole('status').filter({ hasText: 'Race on' })).toBeVisible({ timeout: 15_000 });
  await expect(ada.page.getByRole('status').filter({ hasText: 'Race on' })).toBeVisible();
  // The clock counts down on the student's screen (set by the host, counted between its settings).
  const timeLeft = async () => /(\d+):(\d\d)/.exec((await ada.page.getByRole('status', { name: 'Time left' }).textContent()) ?? '')?.slice(1).join(':');
  const startedAt = await timeLeft();
  expect(startedAt).toMatch(/^\d+:\d\d$/);
  await expect.poll(timeLeft, { timeout: 10_000 }).not.toBe(startedAt);

  // Ada plays; Bob takes single steps.
  await expect(ada.page.getByRole('button', { name: 'Play' })).toBeEnabled();
  await ada.page.getByRole('button', { name: 'Play' }).click();
  await bob.page.getByRole('button', { name: 'Step' }).click();
  const board = host.getByRole('table', { name: 'Leaderboard' });
  await expect(board).toContainText("Bob O'Neil");
  // A teacher who has tabbed to a Remove button still has it while the board changes under it.
  const remove = host.getByRole('button', { name: "Remove Bob O'Neil from the race" });
  await remove.focus();
  const adaRow = board.getByRole('row').filter({ hasText: 'Ada' });
  const adaBefore = await adaRow.textContent();
  await expect.poll(async () => adaRow.textContent(), { timeout: 20_000 }).not.toBe(adaBefore);
  await expect(remove).toBeFocused();
  await expect.poll(async () => stepsLeft(ada.page), { timeout: 20_000 }).toBeLessThan(5995);
  await ada.page.getByRole('button', { name: 'Pause' }).click();
  await expect(ada.page.getByRole('button', { name: 'Play' })).toBeVisible();
  await bothLanguages(ada.page, 'race-student');
  await bothLanguages(host, 'race-leaderboard');

  // Ada reloads mid-race: same seat, same steps, same place.
  await expect.poll(async () => stepsLeft(ada.page)).toBe(await stepsLeft(ada.page));
  const before = await stepsLeft(ada.page);
  const placeBefore = await ada.page.getByRole('status', { name: 'Place' }).textContent();
  await ada.page.reload();
  await expect(ada.page.getByRole('status', { name: 'Place' })).toHaveText(placeBefore!, { timeout: 20_000 });
  await expect.poll(async () => stepsLeft(ada.page)).toBe(before);
  await expect(board.getByRole('row')).toHaveCount(3);

  // The projector: every network small; one large on click.
  await host.getByRole('button', { name: 'Projector view' }).click();
  const tile = host.getByRole('button', { name: /Ada/ });
  await expect(tile).toBeVisible({ timeout: 10_000 });
  await bothLanguages(host, 'race-projector');
  await tile.click();
  await expect(host.getByRole('dialog', { name: 'Ada' })).toBeVisible();
  await host.screenshot({ path: `${shots}/race-projector-large-en.png` });
  await host.getByRole('button', { name: 'Close' }).click();
  await host.getByRole('button', { name: 'Leaderboard' }).click();

  // The end: everyone is told; the podium; the results as CSV.
  await host.getByRole('button', { name: 'End race now' }).click();
  await expect(ada.page.getByRole('alert')).toContainText('The host ended the race.');
  await expect(bob.page.getByRole('region', { name: 'Podium' })).toBeVisible();
  await expect(host.getByRole('region', { name: 'Podium' })).toContainText('Ada');
  await expect(host.getByText('You ended the race.')).toBeVisible();
  await bothLanguages(host, 'race-podium');
  await bothLanguages(bob.page, 'race-student-end');
  const [download] = await Promise.all([host.waitForEvent('download'), host.getByRole('button', { name: 'Export results' }).click()]);
  const csv = (await readFile((await download.path())!, 'utf8')).replace(/^\ufeff/, '');
  const lines = csv.trim().split('\r\n');
  expect(lines[0]).toBe('place,nickname,reached,steps,final error,time (s),η,schedule');
  expect(lines).toHaveLength(3);
  expect(csv).toContain(',Ada,');
  expect(csv).toContain(",Bob O'Neil,no,1,");

  for (const s of [teacher, ada, bob]) await s.context.close();
});

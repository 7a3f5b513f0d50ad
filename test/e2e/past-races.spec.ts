/**
 * Past races end to end: the real host (`serve`, with its own data
 * folder), a teacher and a student in their own browser contexts of
 * Chromium, driven by role and accessible name. A race played to its end
 * is kept; the teacher finds it under Past races from the menu, reads its
 * results, exports them as CSV, deletes it, and is left with the empty
 * state. Screenshots go to test-results/screens.
 */
import { type APIRequestContext, type Browser, type Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { expect, test } from './fixtures.js';

const shots = 'test-results/screens';

async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, locale: 'en-US', acceptDownloads: true });
  const page = await context.newPage();
  page.on('pageerror', (err) => {
    throw new Error(`the page threw: ${err.message}`);
  });
  return page;
}

/** Other tests' races share the host's data folder: this test starts from none. */
async function forgetAllRaces(request: APIRequestContext): Promise<void> {
  const listed = await request.get('/api/races');
  expect(listed.ok()).toBe(true);
  for (const r of (await listed.json()).races as { id: string }[]) {
    expect((await request.delete(`/api/races/${r.id}`)).ok()).toBe(true);
  }
}

async function bothLanguages(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${shots}/${name}-en.png` });
  await page.getByRole('button', { name: '日本語' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'ja');
  await page.screenshot({ path: `${shots}/${name}-ja.png` });
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
}

/** One race: the teacher hosts, the student joins as `nickname` and takes one step, the teacher ends it. */
async function playRace(teacher: Page, student: Page, nickname: string): Promise<void> {
  await teacher.getByRole('button', { name: 'Host a race' }).click();
  const codeEl = teacher.getByLabel('Join code');
  await expect(codeEl).toHaveText(/^[A-Z0-9]{5}$/);
  const code = (await codeEl.textContent())!.trim();
  await student.goto('/');
  await student.getByRole('button', { name: 'Join a race' }).click();
  await student.getByRole('textbox', { name: 'Join code' }).fill(code);
  await student.getByRole('textbox', { name: 'Nickname' }).fill(nickname);
  await student.getByRole('button', { name: 'Join', exact: true }).click();
  await expect(teacher.getByRole('table', { name: 'Players' })).toContainText(nickname);
  await teacher.getByRole('button', { name: 'Start race' }).click();
  await expect(student.getByRole('status').filter({ hasText: 'Race on' })).toBeVisible({ timeout: 15_000 });
  await student.getByRole('button', { name: 'Step' }).click();
  // The leaderboard's steps column counts it.
  await expect(teacher.getByRole('table', { name: 'Leaderboard' }).getByRole('row', { name: new RegExp(nickname) }).getByRole('cell').nth(3)).toHaveText('1', { timeout: 15_000 });
  await teacher.getByRole('button', { name: 'End race now' }).click();
  await expect(teacher.getByRole('region', { name: 'Podium' })).toContainText(nickname);
  // The podium says the results were kept.
  await expect(teacher.getByText('The results are saved: Past races, in the menu, keeps them.')).toBeVisible();
}

test('a finished race is kept: the teacher finds it under Past races, exports its results and deletes it', async ({ browser, request }) => {
  test.setTimeout(240_000);
  await forgetAllRaces(request);
  const teacher = await newPage(browser);
  const student = await newPage(browser);
  await teacher.goto('/');

  // A race, then Past races from the menu: the race, with the student as winner.
  await playRace(teacher, student, 'Noriko');
  await bothLanguages(teacher, 'past-races-podium');
  await teacher.getByRole('button', { name: 'Back to menu' }).click();
  await teacher.getByRole('button', { name: /^Past races/ }).click();
  const list = teacher.getByRole('list', { name: 'Past races' });
  await expect(list.getByRole('listitem')).toHaveCount(1);
  const noriko = list.getByRole('button', { name: /1 player, 0 reached, winner Noriko/ });
  await expect(noriko).toContainText('First steps');

  // A second race, and Past races from its podium: newest first.
  await teacher.getByRole('button', { name: 'Back to menu' }).click();
  await playRace(teacher, student, 'Kenji');
  await teacher.getByRole('button', { name: 'Past races' }).click();
  await expect(list.getByRole('listitem')).toHaveCount(2);
  await expect(list.getByRole('button').first()).toHaveAccessibleName(/winner Kenji/);
  await expect(list.getByRole('button').nth(1)).toHaveAccessibleName(/winner Noriko/);
  // The newest is open at once.
  const results = teacher.getByRole('table', { name: 'Results' });
  await expect(results.getByRole('row', { name: /Kenji/ })).toBeVisible();

  // From the keyboard: ↓ moves along the list, Enter opens the older race.
  await list.getByRole('button').first().focus();
  await teacher.keyboard.press('ArrowDown');
  await expect(noriko).toBeFocused();
  await teacher.keyboard.press('Enter');
  await expect(results.getByRole('row', { name: /Noriko/ })).toBeVisible();
  await expect(results.getByRole('row', { name: /Kenji/ })).toHaveCount(0);
  await expect(noriko).toHaveAttribute('aria-current', 'true');
  await expect(results.getByRole('columnheader')).toHaveText(['Place', 'Nickname', 'Reached', 'Steps', 'Final error', 'Time', 'η', 'Schedule']);
  await expect(teacher.getByText('You ended it')).toBeVisible();
  await bothLanguages(teacher, 'past-races-list');

  // Export results: the podium's CSV.
  const [download] = await Promise.all([teacher.waitForEvent('download'), teacher.getByRole('button', { name: 'Export results' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^race-\d{8}-\d{6}-[0-9a-f]{4}\.csv$/);
  const csv = (await readFile((await download.path())!, 'utf8')).replace(/^\ufeff/, '');
  const lines = csv.trim().split('\r\n');
  expect(lines[0]).toBe('place,nickname,reached,steps,final error,time (s),η,schedule');
  expect(lines).toHaveLength(2);
  expect(lines[1]).toMatch(/^1,Noriko,no,1,0\.\d+,\d+\.\d,[\d.]+,constant /);

  // Delete, after saying so: "Keep it" keeps it; "Yes, delete" deletes it, and the other race is shown.
  await teacher.getByRole('button', { name: 'Delete', exact: true }).click();
  const confirm = teacher.getByRole('alertdialog', { name: 'Delete' });
  await expect(confirm).toContainText('cannot be undone');
  await expect(teacher.getByRole('button', { name: 'Keep it' })).toBeFocused();
  await teacher.keyboard.press('Enter');
  await expect(confirm).toBeHidden();
  await expect(list.getByRole('listitem')).toHaveCount(2);
  await teacher.getByRole('button', { name: 'Delete', exact: true }).click();
  await teacher.getByRole('button', { name: 'Yes, delete' }).click();
  await expect(list.getByRole('listitem')).toHaveCount(1);
  await expect(results.getByRole('row', { name: /Kenji/ })).toBeVisible();
  await expect(list.getByRole('button', { name: /Kenji/ })).toBeFocused();

  // The last one: the empty state says what to do.
  await teacher.getByRole('button', { name: 'Delete', exact: true }).click();
  await teacher.getByRole('button', { name: 'Yes, delete' }).click();
  await expect(teacher.getByRole('heading', { name: 'No races yet.' })).toBeVisible();
  await expect(teacher.getByText('Host a race, and its results appear here when it ends.')).toBeVisible();
  await expect(list).toBeHidden();
  expect((await (await request.get('/api/races')).json()).races).toEqual([]);
  await bothLanguages(teacher, 'past-races-empty');

  // Back to the menu.
  await teacher.getByRole('button', { name: 'Back to menu' }).click();
  await expect(teacher.getByRole('button', { name: 'Host a race' })).toBeVisible();
  await teacher.context().close();
  await student.context().close();
});

/**
 * A student's browser on another computer: it opens the address the
 * teacher's lobby shows (this machine's LAN address, opened while the race
 * is hosted), is offered only Join a race, joins, and its language choice
 * stays in that browser, not in the teacher's settings. Skipped, with the
 * reason, on a machine without a LAN address.
 */
import { networkInterfaces } from 'node:os';
import { expect, test } from './fixtures.js';

const lanAddress = Object.values(networkInterfaces())
  .flat()
  .some((i) => i && i.family === 'IPv4' && !i.internal);

test('a student on the LAN gets only Join a race, joins, and keeps their own language', async ({ browser, page }) => {
  test.skip(!lanAddress, 'this machine has no network address but loopback, so no browser can come from another computer');
  test.setTimeout(180_000);
  await page.goto('/');
  await page.getByRole('button', { name: 'Host a race' }).click();
  const codeEl = page.getByLabel('Join code');
  await expect(codeEl).toHaveText(/^[A-Z0-9]{5}$/);
  const code = (await codeEl.textContent())!.trim();
  const address = page.locator('.race-addresses code').first();
  await expect(address).toHaveText(/^http:\/\/[\d.]+:\d+/);
  const lanUrl = (await address.textContent())!.trim();

  const guest = await browser.newContext({ viewport: { width: 1280, height: 720 }, locale: 'en-US' });
  const student = await guest.newPage();
  await student.goto(lanUrl);
  const modes = student.getByRole('navigation', { name: 'Ways to play' });
  await expect(modes.getByRole('button', { name: /Join a race/ })).toBeVisible();
  await expect(student.getByText('This page comes from the computer hosting the race')).toBeVisible();
  for (const other of ['Sandbox', 'Lessons', 'Challenges', 'Host a race', 'Past races']) {
    await expect(student.getByRole('button', { name: new RegExp(other) })).toHaveCount(0);
  }

  // The student's language is theirs: the teacher's stays English.
  await student.getByRole('button', { name: '日本語' }).click();
  await expect(student.locator('html')).toHaveAttribute('lang', 'ja');
  await student.screenshot({ path: 'test-results/screens/guest-menu-ja.png' });
  const teacherSettings = await (await page.request.get('/api/progress')).json();
  expect(teacherSettings.settings.language).toBe('en');
  await student.getByRole('button', { name: 'English' }).click();

  await student.getByRole('button', { name: /Join a race/ }).click();
  await student.getByRole('textbox', { name: 'Join code' }).fill(code);
  await student.getByRole('textbox', { name: 'Nickname' }).fill('Ada');
  await student.getByRole('button', { name: 'Join', exact: true }).click();
  await expect(student.getByRole('status', { name: 'Place' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Players' })).toContainText('Ada');
  await guest.close();
});

/**
 * A teacher's leaderboard when more players join than it shows: the
 * teacher's page in Chromium, 101 players on the Colyseus SDK from this
 * process, all on the real host (`serve`).
 */
import { Client, type Room } from 'colyseus.js';
import { E2E_PORT } from '../../playwright.config.js';
import { expect, test } from './fixtures.js';

test('a board of more players than it shows says so, and a nickname typed finds anyone', async ({ page }) => {
  test.setTimeout(180_000);
  const players: Room[] = [];
  try {
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto('/');
    await page.getByRole('button', { name: 'Host a race' }).click();
    const codeEl = page.getByLabel('Join code');
    await expect(codeEl).toHaveText(/^[A-Z0-9]{5}$/);
    const code = (await codeEl.textContent())!.trim();

    // Ten at a time, as a class arriving.
    for (let k = 1; k <= 101; k += 10) {
      const joined = await Promise.all(
        Array.from({ length: Math.min(10, 102 - k) }, (_, j) => new Client(`ws://127.0.0.1:${E2E_PORT}`).joinById(code, { role: 'player', nickname: `Student ${k + j}` })),
      );
      for (const room of joined) {
        room.onMessage('*', () => undefined);
        room.onMessage('you', () => undefined);
      }
      players.push(...joined);
    }

    const board = page.getByRole('table', { name: 'Players' });
    await expect(page.getByText('The first 100 of 101 players. Type a nickname to find anyone.')).toBeVisible({ timeout: 20_000 });
    await expect(board.getByRole('row')).toHaveCount(101);

    await expect(page.getByRole('searchbox', { name: 'Find a player' })).toBeVisible();
    const find = page.getByRole('searchbox');
    await find.fill('student 101');
    await expect(board.getByRole('row')).toHaveCount(2);
    await expect(board).toContainText('Student 101');
    await page.screenshot({ path: 'test-results/screens/race-hall-find-en.png' });

    // The one found can be removed from the race from there.
    await page.getByRole('button', { name: 'Remove Student 101 from the race' }).click();
    await expect(page.getByText('No nickname contains “student 101”.')).toBeVisible({ timeout: 20_000 });
    await find.fill('');
    await expect(page.getByText(/The first 100/)).toBeHidden();
    await expect(board.getByRole('row')).toHaveCount(101);

    await page.getByRole('button', { name: '日本語' }).dispatchEvent('click');
    await find.fill('zzz');
    await expect(page.getByText('「zzz」を含むニックネームはありません。')).toBeVisible();
    await page.screenshot({ path: 'test-results/screens/race-hall-find-ja.png' });
    await page.getByRole('button', { name: 'English' }).dispatchEvent('click');
  } finally {
    // (A room already closed, as the removed player's is, would never answer a leave.)
    await Promise.all(players.filter((room) => room.connection.isOpen).map((room) => room.leave().catch(() => undefined)));
  }
});

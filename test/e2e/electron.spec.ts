/**
 * The desktop window, through Electron itself. Electron's binary is not part
 * of its npm package (its installer downloads it from outside the npm
 * registry), so on machines without it these tests are skipped, saying why.
 */
import { _electron as electron, expect, test } from '@playwright/test';
import { electronBinary } from '../../app/electron/binary.js';

const root = process.cwd();
const binary = electronBinary(root);

test.describe('desktop window', () => {
  test.skip(binary === null, 'no Electron binary on this machine: Electron downloads it from outside the npm registry, which cannot be reached here');

  test('opens the game in a locked-down window', async () => {
    const app = await electron.launch({ executablePath: binary!, args: ['--no-sandbox', root] });
    try {
      const page = await app.firstWindow();
      await expect(page).toHaveTitle(/Backprop Arena/);
      await expect(page.getByRole('button', { name: 'Sandbox' })).toBeVisible();
      // No Node in the page.
      expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
      expect(await page.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined');
      // Windows to elsewhere are refused.
      await page.evaluate(() => window.open('https://example.invalid/'));
      expect(app.windows()).toHaveLength(1);
    } finally {
      await app.close();
    }
  });
});

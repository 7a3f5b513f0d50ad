/**
 * The desktop window, through Electron itself. Electron's binary is not part
 * of its npm package (its installer downloads it from outside the npm
 * registry), so on machines without it these tests are skipped, saying why.
 */
import { _electron as electron, expect, test } from '@playwright/test';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = process.cwd();

function electronBinary(): string | null {
  const dir = join(root, 'node_modules', 'electron');
  const pathFile = join(dir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

const binary = electronBinary();

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

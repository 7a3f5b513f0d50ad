/**
 * The desktop window, through Electron itself. Electron's binary is not part
 * of its npm package (its installer downloads it from outside the npm
 * registry), so on machines without it these tests are skipped, saying why.
 * The system's dialogs are answered from the main process, the way
 * Playwright drives Electron apps.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ElectronApplication, _electron as electron } from '@playwright/test';
import { electronBinary } from '../../app/electron/binary.js';
import { expect, test } from './fixtures.js';

const root = process.cwd();
const binary = electronBinary(root);

async function launch(): Promise<ElectronApplication> {
  const userData = mkdtempSync(join(tmpdir(), 'bpa-electron-'));
  return electron.launch({ executablePath: binary!, args: ['--no-sandbox', root, `--user-data-dir=${userData}`] });
}

test.describe('desktop window', () => {
  test.skip(binary === null, 'no Electron binary on this machine: Electron downloads it from outside the npm registry, which cannot be reached here');

  test('opens the game in a locked-down window', async () => {
    const app = await launch();
    try {
      const page = await app.firstWindow();
      await expect(page).toHaveTitle(/Backprop Arena/);
      await expect(page.getByRole('button', { name: 'Sandbox' })).toBeVisible();
      // No Node in the page, and the bridge is the only way out.
      expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
      expect(await page.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined');
      expect(await page.evaluate(() => Object.keys((globalThis as unknown as { backpropArena: object }).backpropArena).sort())).toEqual(
        ['exportCsv', 'exportScreenshot', 'info', 'onMenuCommand', 'onNetworkOpened', 'openNetwork', 'saveNetwork', 'setShellState'],
      );
      // Windows to elsewhere are refused.
      await page.evaluate(() => window.open('https://example.invalid/'));
      expect(app.windows()).toHaveLength(1);
      // The host answers on 127.0.0.1 only.
      const info = await page.evaluate(() => (globalThis as unknown as { backpropArena: { info(): Promise<{ hostUrl: string }> } }).backpropArena.info());
      expect(info.hostUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+/);
    } finally {
      await app.close();
    }
  });

  test('the sandbox works, and a network saves and opens through the dialogs', async () => {
    const app = await launch();
    const dir = mkdtempSync(join(tmpdir(), 'bpa-net-'));
    const path = join(dir, 'mine.bpnet');
    try {
      const page = await app.firstWindow();
      await page.getByRole('button', { name: 'Sandbox' }).click();
      await expect(page.getByRole('button', { name: 'Step' })).toBeEnabled();
      const w14 = page.getByRole('spinbutton', { name: 'w14', exact: true });
      await w14.fill('2.5');
      await w14.press('Enter');
      await expect.poll(async () => Number(await w14.inputValue())).toBeCloseTo(2.5, 6);

      await app.evaluate(({ dialog }, file) => {
        dialog.showSaveDialog = (async () => ({ canceled: false, filePath: file })) as never;
        dialog.showOpenDialog = (async () => ({ canceled: false, filePaths: [file] })) as never;
      }, path);
      await page.getByRole('button', { name: 'File' }).click();
      await page.getByRole('menuitem', { name: 'Save network…' }).click();
      await expect(page.getByText('Saved the network as mine.bpnet.')).toBeVisible();
      expect(JSON.parse(readFileSync(path, 'utf8')).network.weights).toContain(2.5);

      await page.getByRole('button', { name: 'Reset' }).click();
      await expect.poll(async () => Number(await w14.inputValue())).not.toBeCloseTo(2.5, 6);
      await page.getByRole('button', { name: 'File' }).click();
      await page.getByRole('menuitem', { name: 'Open network…' }).click();
      await expect.poll(async () => Number(await w14.inputValue())).toBeCloseTo(2.5, 9);

      writeFileSync(path, '{"not": "a network"}');
      await page.getByRole('button', { name: 'File' }).click();
      await page.getByRole('menuitem', { name: 'Open network…' }).click();
      await expect(page.getByText(/“mine\.bpnet” is not a Backprop Arena network/)).toBeVisible();
    } finally {
      await app.close();
    }
  });
});

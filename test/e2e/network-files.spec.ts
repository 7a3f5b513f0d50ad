/**
 * Saving and opening a network in the browser: "Save network…" downloads
 * a JSON file, "Open network…" reads one through the file picker and the
 * host takes the whole network back; a file that is not a network is
 * refused with words that say what is wrong, and the network stays as it
 * was. (The desktop app does the same through its dialogs: electron.spec.ts.)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { type SavedNetwork } from '../../core/protocol.js';
import { writeNetworkFile } from '../../core/network-file.js';
import { expect, test } from './fixtures.js';

const shots = 'test-results/screens';

async function openSandbox(page: Page): Promise<void> {
  await page.goto('/');
  await page.getByRole('button', { name: 'Sandbox' }).click();
  await expect(page.getByRole('button', { name: 'Step' })).toBeEnabled();
  await expect(page.getByRole('status', { name: 'Error' })).toContainText(/\d/);
}

async function typeWeight(input: Locator, value: string): Promise<void> {
  await input.fill(value);
  await input.press('Enter');
  await input.blur();
  await expect.poll(async () => Number(await input.inputValue())).toBeCloseTo(Number(value), 6);
}

async function fileMenu(page: Page, item: 'Open network…' | 'Save network…' | 'Export screenshot…'): Promise<void> {
  await page.getByRole('button', { name: 'File' }).click();
  await page.getByRole('menuitem', { name: item }).click();
}

async function openFile(page: Page, path: string): Promise<void> {
  const chooser = page.waitForEvent('filechooser');
  await fileMenu(page, 'Open network…');
  await (await chooser).setFiles(path);
}

test('a saved network downloads as JSON and opens again as it was', async ({ page }, info) => {
  await openSandbox(page);
  const w14 = page.getByRole('spinbutton', { name: 'w14', exact: true });
  const w46 = page.getByRole('spinbutton', { name: 'w46', exact: true });
  await typeWeight(w14, '2.5');
  await typeWeight(w46, '-1.75');

  const download = page.waitForEvent('download');
  await fileMenu(page, 'Save network…');
  const saved = await download;
  expect(saved.suggestedFilename()).toMatch(/^backprop-arena-2-3-2-1-step-\d+\.bpnet$/);
  const path = info.outputPath(saved.suggestedFilename());
  await saved.saveAs(path);
  const file = JSON.parse(readFileSync(path, 'utf8'));
  expect(file.format).toBe('backprop-arena/network');
  expect(file.network.hidden).toEqual([3, 2]);
  expect(file.network.weights).toContain(2.5);
  expect(file.network.weights).toContain(-1.75);
  await expect(page.getByText(/Saved the network as backprop-arena-2-3-2-1/)).toBeVisible();

  // Reset brings the seed's weights back; opening the file brings ours.
  await page.getByRole('button', { name: 'Reset' }).click();
  await expect.poll(async () => Number(await w14.inputValue())).not.toBeCloseTo(2.5, 6);
  await openFile(page, path);
  await expect(page.getByText(/Opened backprop-arena-2-3-2-1-step-\d+\.bpnet/)).toBeVisible();
  await expect.poll(async () => Number(await w14.inputValue())).toBeCloseTo(2.5, 9);
  await expect.poll(async () => Number(await w46.inputValue())).toBeCloseTo(-1.75, 9);
});

test('opening a network of another shape rebuilds the sandbox around it', async ({ page }, info) => {
  await openSandbox(page);
  const network: SavedNetwork = {
    hidden: [4],
    activation: 'tanh',
    outputActivation: 'sigmoid',
    bias: false,
    rule: 'article',
    batch: 1,
    dataset: { kind: 'xor', count: 4, noise: 0, testShare: 0, seed: 1 },
    seed: 9,
    schedule: { kind: 'constant', eta: 0.25 },
    weights: [0.75, -0.5, 0.25, 1, -1, 0.5, -0.25, 0.125, 1.5, -1.5, 0.5, -0.5],
    biases: [0, 0, 0, 0, 0, 0, 0],
  };
  const path = info.outputPath('two-four-one.bpnet');
  writeFileSync(path, writeNetworkFile(network, 300));
  await openFile(page, path);
  await expect(page.getByRole('spinbutton', { name: 'w45', exact: true })).toBeVisible();
  await expect(page.getByRole('spinbutton', { name: 'w46', exact: true })).toHaveCount(0);
  await expect.poll(async () => Number(await page.getByRole('spinbutton', { name: 'w(x1)1', exact: true }).inputValue())).toBeCloseTo(0.75, 9);
  await expect.poll(async () => Number(await page.getByRole('spinbutton', { name: 'w15', exact: true }).inputValue())).toBeCloseTo(1.5, 9);
  await expect(page.getByText(/a 2-4-1 network, saved at step 300/)).toBeVisible();
});

test('a file that is not a network is refused with what is wrong, and the network stays', async ({ page }, info) => {
  await openSandbox(page);
  const w14 = page.getByRole('spinbutton', { name: 'w14', exact: true });
  await typeWeight(w14, '3.25');

  const image = info.outputPath('picture.bpnet');
  writeFileSync(image, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0xff, 0xfe]));
  await openFile(page, image);
  await expect(page.getByText(/“picture\.bpnet” is not a saved network: it is not JSON text/)).toBeVisible();

  const other = info.outputPath('settings.json');
  writeFileSync(other, '{"theme": "dark", "__proto__": {"polluted": true}}');
  await openFile(page, other);
  await expect(page.getByText(/“settings\.json” is not a Backprop Arena network/)).toBeVisible();

  const tampered = info.outputPath('tampered.bpnet');
  const good = JSON.parse(writeNetworkFile({
    hidden: [3, 2], activation: 'sigmoid', outputActivation: 'sigmoid', bias: false, rule: 'exact', batch: 1,
    dataset: { kind: 'xor', count: 4, noise: 0, testShare: 0, seed: 1 }, seed: 5, schedule: { kind: 'constant', eta: 0.5 },
    weights: Array.from({ length: 14 }, () => 0.5), biases: Array.from({ length: 8 }, () => 0),
  }, 0));
  good.network.weights.pop();
  writeFileSync(tampered, JSON.stringify(good));
  await openFile(page, tampered);
  await expect(page.getByText(/“tampered\.bpnet” is damaged or was changed by hand \(a 2-3-2-1 network has 14 weights, but 13 were given\)/)).toBeVisible();
  await page.screenshot({ path: `${shots}/open-refused-en.png` });

  expect(Number(await w14.inputValue())).toBeCloseTo(3.25, 9);
});

test('the File menu works from the keyboard, and in Japanese', async ({ page }) => {
  await openSandbox(page);
  const trigger = page.getByRole('button', { name: 'File' });
  await trigger.focus();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('menuitem', { name: 'Open network…' })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('menuitem', { name: 'Save network…' })).toBeFocused();
  await page.screenshot({ path: `${shots}/file-menu-en.png` });
  await page.keyboard.press('Escape');
  await expect(page.getByRole('menu')).toBeHidden();
  await expect(trigger).toBeFocused();

  await page.getByRole('button', { name: '日本語' }).click();
  await page.getByRole('button', { name: 'ファイル' }).click();
  await expect(page.getByRole('menuitem', { name: 'ネットワークを保存…' })).toBeVisible();
  await page.screenshot({ path: `${shots}/file-menu-ja.png` });
  const download = page.waitForEvent('download');
  await page.getByRole('menuitem', { name: 'スクリーンショットを書き出す…' }).click();
  const png = await download;
  expect(png.suggestedFilename()).toMatch(/^backprop-arena-.*\.png$/);
  const bytes = readFileSync(await png.path());
  expect([...bytes.subarray(1, 4)].map((b) => String.fromCharCode(b)).join('')).toBe('PNG');
  // Not a blank image: a picture of a network is more than a few hundred bytes.
  expect(bytes.length).toBeGreaterThan(5000);
});

test('every page the host serves carries the Content-Security-Policy', async ({ request }) => {
  const index = await request.get('/');
  const policy = index.headers()['content-security-policy'];
  expect(policy).toContain("script-src 'self'");
  expect(policy).not.toContain('unsafe-eval');
  const html = await index.text();
  for (const asset of html.matchAll(/(?:src|href)="\.?\/?(assets\/[^"]+)"/g)) {
    const res = await request.get(`/${asset[1]}`);
    expect(res.status(), asset[1]).toBe(200);
    expect(res.headers()['content-security-policy'], asset[1]).toBe(policy);
  }
});

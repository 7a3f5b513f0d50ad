/**
 * The scene has two ways to draw: WebGL where the GPU runs it, the 2D
 * canvas where WebGL would run on the CPU (as in headless Chromium here).
 * Both must show the same picture, including after weights change.
 */
import { type Browser, type Page } from '@playwright/test';
import { expect, test } from './fixtures.js';
import { compareBlocks } from './pixels.js';

const shots = 'test-results/screens';

async function sandboxDrawnBy(browser: Browser, renderer: 'webgl' | 'canvas'): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 }, locale: 'en-US' });
  page.on('pageerror', (err) => {
    throw new Error(`the page threw: ${err.message}`);
  });
  await page.goto(`/?renderer=${renderer}`);
  await page.getByRole('button', { name: 'Sandbox' }).click();
  await expect(page.getByRole('button', { name: 'Step' })).toBeEnabled();
  await expect(page.locator('.network-scene')).toHaveAttribute('data-renderer', renderer);
  return page;
}

async function setWeight(page: Page, name: string, value: string): Promise<void> {
  const field = page.getByRole('spinbutton', { name, exact: true });
  await field.fill(value);
  await field.press('Enter');
  await expect.poll(async () => Number(await field.inputValue())).toBe(Number(value));
}

/** A screenshot of the picture once two in a row come out the same. */
async function settledPicture(page: Page): Promise<Buffer> {
  const scene = page.locator('.network-scene');
  let last = await scene.screenshot();
  for (let i = 0; i < 20; i++) {
    await page.waitForTimeout(150);
    const next = await scene.screenshot();
    if (next.equals(last)) return next;
    last = next;
  }
  throw new Error('the picture kept changing');
}

test('the 2D canvas and WebGL draw the same picture, before and after weights change', async ({ browser }) => {
  const pages = { webgl: await sandboxDrawnBy(browser, 'webgl'), canvas: await sandboxDrawnBy(browser, 'canvas') };
  const pictures: Record<string, Buffer[]> = { webgl: [], canvas: [] };
  for (const [name, page] of Object.entries(pages)) {
    pictures[name].push(await settledPicture(page));
    // A bigger weight (wider edge, new label) and a sign change (colour and dashes).
    await setWeight(page, 'w46', '2.5');
    await setWeight(page, 'w(x1)2', '1.2');
    pictures[name].push(await settledPicture(page));
  }
  for (const [k, when] of ['as the sandbox opens', 'after two weights were typed'].entries()) {
    const { differing } = await compareBlocks(pages.webgl, pictures.webgl[k], pictures.canvas[k]);
    expect(differing, `the pictures differ ${when}`).toEqual([]);
  }
  await Promise.all(Object.values(pages).map((p) => p.close()));
});

test('the 2D canvas and WebGL draw the same moments of a slow-motion step', async ({ browser }) => {
  // Two pages and ten screenshots: on shared, busy cores this takes longer than the default minute.
  test.setTimeout(240_000);
  const moments = [400, 1200, 2000, 2800, 3600];
  const pictures: Record<string, Buffer[]> = { webgl: [], canvas: [] };
  const pages: Page[] = [];
  for (const renderer of ['webgl', 'canvas'] as const) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 }, locale: 'en-US' });
    pages.push(page);
    // Both pages on the same made-up clock, so that their frames fall at the same moments.
    await page.clock.install({ time: new Date('2026-01-05T09:00:00Z') });
    const socket = page.waitForEvent('websocket');
    await page.goto(`/?renderer=${renderer}`);
    await page.getByRole('button', { name: 'Sandbox' }).click();
    await expect(page.getByRole('button', { name: 'Step' })).toBeEnabled();
    await settledPicture(page);
    // The clock stands still while the step's trace comes over the network in real time, so
    // the animation starts at the same made-up moment in both pages, whenever the trace arrives.
    await page.clock.pauseAt(new Date('2026-01-05T10:00:00Z'));
    const traced = (await socket).waitForEvent('framereceived', {
      predicate: (frame) => Buffer.from(frame.payload).includes('weightsBefore'),
    });
    await page.getByRole('button', { name: 'Step' }).click();
    await traced;
    // Time for the page to take the message in; its clock does not move meanwhile.
    await page.waitForTimeout(500);
    let at = 0;
    for (const t of moments) {
      await page.clock.runFor(t - at);
      if (at === 0) await expect(page.locator('.caption')).toHaveAttribute('data-phase', 'forward');
      at = t;
      pictures[renderer].push(await page.locator('.network-scene').screenshot({ path: `${shots}/step-${t}ms-${renderer}.png` }));
    }
  }
  for (const [k, t] of moments.entries()) {
    const { differing } = await compareBlocks(pages[0], pictures.webgl[k], pictures.canvas[k]);
    expect(differing, `the pictures differ ${t} ms into the step`).toEqual([]);
  }
  await Promise.all(pages.map((p) => p.close()));
});

test('the scene draws with WebGL on a GPU and with the 2D canvas where WebGL would run on the CPU', async ({ page }) => {
  await page.goto('/');
  const webgl = await page.evaluate(() => {
    const gl = document.createElement('canvas').getContext('webgl');
    if (!gl) return 'none';
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    return String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
  });
  await page.getByRole('button', { name: 'Sandbox' }).click();
  const onCpu = webgl === 'none' || /swiftshader|llvmpipe|lavapipe|softpipe|basic render driver|software/i.test(webgl);
  await expect(page.locator('.network-scene'), `WebGL here: ${webgl}`).toHaveAttribute('data-renderer', onCpu ? 'canvas' : 'webgl');
});

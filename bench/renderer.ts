/**
 * The renderer's frame times in headless Chromium at 1280×720: the time
 * between animation frames while a step plays in slow motion and while
 * training plays fast, on the article's network and on 2-16-16-16-1.
 * Reports the median and the 95th percentile. The real host serves the
 * game; the page is driven through its controls as a player would.
 *
 * First with the way of drawing the game picks on this machine (WebGL, or
 * the 2D canvas where WebGL runs on the CPU), then with the other one, for
 * comparison.
 */
import { chromium, type Page } from 'playwright-core';
import { startHost } from '../app/host/server.js';
import { rendererDir } from '../app/host/paths.js';
import { ensureRendererBuilt } from '../app/cli/renderer-build.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../test/e2e/chromium.js';

type RendererKind = 'webgl' | 'canvas';

export interface FrameFigures {
  renderer: RendererKind;
  /** Whether the game picked this renderer by itself here. */
  chosen: boolean;
  network: string;
  mode: 'slow-motion step' | 'fast play';
  frames: number;
  medianMs: number;
  p95Ms: number;
}

/** Records requestAnimationFrame intervals in the page for `ms` milliseconds. */
async function frameIntervals(page: Page, ms: number): Promise<number[]> {
  // Passed as text: the bench runs through a transpiler whose helpers do not exist in the page.
  return page.evaluate(`new Promise((done) => {
    const out = [];
    let last = performance.now();
    const end = last + ${ms};
    const frame = (t) => {
      out.push(t - last);
      last = t;
      if (t < end) requestAnimationFrame(frame);
      else done(out.slice(2));
    };
    requestAnimationFrame(frame);
  })`);
}

function summarise(xs: number[]): Pick<FrameFigures, 'frames' | 'medianMs' | 'p95Ms'> {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  return { frames: s.length, medianMs: at(0.5), p95Ms: at(0.95) };
}

export async function benchRenderer(executablePath = CHROMIUM_PATH): Promise<FrameFigures[]> {
  await ensureRendererBuilt(() => {});
  const host = await startHost({ port: 0, host: '127.0.0.1', staticDir: rendererDir(), dataDir: null });
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  const out: FrameFigures[] = [];
  try {
    let chosen: RendererKind | null = null;
    for (let run = 0; run < 4; run++) {
      const hidden = run % 2 === 0 ? null : '16, 16, 16';
      const asked: RendererKind | null = run < 2 ? null : chosen === 'canvas' ? 'webgl' : 'canvas';
      const page = await browser.newPage({ viewport: { width: 1280, height: 720 }, locale: 'en-US' });
      await page.goto(asked ? `${host.url}/?renderer=${asked}` : host.url);
      await page.getByRole('button', { name: 'Sandbox' }).click();
      await page.getByRole('button', { name: 'Step' }).waitFor();
      // The scene marks the renderer it got once PixiJS has started.
      const renderer = (await page.locator('.network-scene[data-renderer]').getAttribute('data-renderer')) as RendererKind;
      chosen ??= renderer;
      const about = { renderer, chosen: asked === null };
      await page.waitForTimeout(500);
      if (hidden) {
        const field = page.getByLabel('Hidden layers');
        await field.fill(hidden);
        await field.press('Enter');
        await page.getByRole('spinbutton', { name: 'w[1][15][15]' }).waitFor();
        await page.waitForTimeout(500);
      }
      const network = hidden ? '2-16-16-16-1' : '2-3-2-1';
      await page.getByRole('button', { name: 'Step' }).click();
      out.push({ ...about, network, mode: 'slow-motion step', ...summarise(await frameIntervals(page, 3000)) });
      await page.waitForTimeout(1500);
      const speed = page.getByRole('slider', { name: 'Speed' });
      await speed.fill((await speed.getAttribute('max')) ?? '100');
      await page.getByRole('button', { name: 'Play' }).click();
      await page.waitForTimeout(500);
      out.push({ ...about, network, mode: 'fast play', ...summarise(await frameIntervals(page, 3000)) });
      await page.getByRole('button', { name: 'Pause' }).click();
      await page.close();
    }
  } finally {
    await browser.close();
    await host.close();
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const f of await benchRenderer()) {
    console.log(`${f.renderer.padEnd(7)} ${f.chosen ? '(chosen)' : '        '} ${f.network.padEnd(14)} ${f.mode.padEnd(18)} median ${f.medianMs.toFixed(1)} ms  p95 ${f.p95Ms.toFixed(1)} ms  (${f.frames} frames)`);
  }
}

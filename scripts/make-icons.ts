/**
 * `npm run icons`: every icon the installers need, drawn from one source,
 * build/icon.svg, by Chromium (the same one the end-to-end tests use):
 *
 *   build/icons/NxN.png   Linux, 16 to 512 pixels (AppImage and deb)
 *   build/icon.png        1024 pixels, the largest
 *   build/icon.ico        Windows: 16, 24, 32, 48, 64, 128 and 256
 *   build/icon.icns       macOS: 16 to 1024, plain and @2x
 *   build/icons/source.sha256  the source's hash, so a test can tell the
 *                         icons were made again after the drawing changed
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../test/e2e/chromium.js';
import { icnsFrom, icoFrom } from './icon-files.js';

export const LINUX_SIZES = [16, 24, 32, 48, 64, 128, 256, 512];
export const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];
const ALL_SIZES = [...new Set([...LINUX_SIZES, ...ICO_SIZES, 1024])].sort((a, b) => a - b);

async function main(): Promise<void> {
  const root = process.cwd();
  const build = join(root, 'build');
  const svg = readFileSync(join(build, 'icon.svg'), 'utf8');
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  const pngs = new Map<number, Uint8Array>();
  try {
    for (const size of ALL_SIZES) {
      const page = await browser.newPage({ viewport: { width: size, height: size }, deviceScaleFactor: 1 });
      const sized = svg.replace('<svg ', `<svg width="${size}" height="${size}" `);
      await page.setContent(`<!doctype html><style>html,body{margin:0;background:transparent}svg{display:block}</style>${sized}`);
      pngs.set(size, new Uint8Array(await page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } })));
      await page.close();
    }
  } finally {
    await browser.close();
  }
  mkdirSync(join(build, 'icons'), { recursive: true });
  for (const size of LINUX_SIZES) writeFileSync(join(build, 'icons', `${size}x${size}.png`), pngs.get(size)!);
  writeFileSync(join(build, 'icon.png'), pngs.get(1024)!);
  writeFileSync(join(build, 'icon.ico'), icoFrom(ICO_SIZES.map((s) => pngs.get(s)!)));
  writeFileSync(join(build, 'icon.icns'), icnsFrom(pngs));
  writeFileSync(join(build, 'icons', 'source.sha256'), createHash('sha256').update(svg).digest('hex') + '\n');
  process.stdout.write(`icons: ${ALL_SIZES.length} sizes from build/icon.svg into build/\n`);
}

main().catch((err) => {
  process.stderr.write(`icons: ${(err as Error).message}\n`);
  process.exit(1);
});

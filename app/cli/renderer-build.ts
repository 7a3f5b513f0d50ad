/**
 * Builds the renderer with Vite when dist/renderer is missing or older than
 * its sources, so `serve` and `start` always show the current game.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot, rendererDir } from '../host/paths.js';

function newestIn(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestIn(path) : statSync(path).mtimeMs);
  }
  return newest;
}

export function rendererIsStale(): boolean {
  const index = join(rendererDir(), 'index.html');
  if (!existsSync(index)) return true;
  const root = projectRoot();
  const sources = ['renderer', 'core'].map((d) => join(root, d)).filter(existsSync);
  return Math.max(...sources.map(newestIn)) > statSync(index).mtimeMs;
}

export async function ensureRendererBuilt(log: (line: string) => void): Promise<void> {
  if (process.env.BACKPROP_ARENA_RENDERER || !rendererIsStale()) return;
  let vite: typeof import('vite');
  try {
    vite = await import('vite');
  } catch {
    throw new Error('the renderer is not built and Vite is not installed; run "npm install" then "npm run build"');
  }
  log('building the renderer…');
  await vite.build({ configFile: join(projectRoot(), 'vite.config.ts'), logLevel: 'warn' });
}

/**
 * Builds the renderer with Vite when dist/renderer is missing or older than
 * its sources, so `serve` and `start` always show the current game. Vite
 * runs in a process of its own, before the host listens: a build takes
 * hundreds of megabytes, which a host that ran it in-process would keep.
 */
import { spawn } from 'node:child_process';
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
  const root = projectRoot();
  const viteCli = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  if (!existsSync(viteCli)) {
    throw new Error('the renderer is not built and Vite is not installed; run "npm install" then "npm run build"');
  }
  log('building the renderer…');
  const code = await new Promise<number | null>((done, fail) => {
    const child = spawn(process.execPath, [viteCli, 'build', '--config', join(root, 'vite.config.ts'), '--logLevel', 'warn'], {
      cwd: root,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('error', fail);
    child.on('exit', (c) => done(c));
  });
  if (code !== 0) throw new Error(`building the renderer failed (Vite exited with ${code}); run "npm run build" to see why`);
}

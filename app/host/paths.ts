/** Where the host finds the built renderer, from the source tree or the packaged app. */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** The project root: two folders above app/host (or dist/app/host). */
export function projectRoot(): string {
  const up = resolve(here, '..', '..');
  return up.endsWith(`${'/'}dist`) || up.endsWith('\\dist') ? resolve(up, '..') : up;
}

export function rendererDir(): string {
  return process.env.BACKPROP_ARENA_RENDERER ?? resolve(projectRoot(), 'dist', 'renderer');
}

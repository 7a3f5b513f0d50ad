/** Where the host finds the built renderer, from the source tree or the compiled one (dist/app/host). */
import { basename, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** The project root: above app/host, or above dist/app/host. */
export function projectRoot(): string {
  const up = resolve(here, '..', '..');
  return basename(up) === 'dist' ? dirname(up) : up;
}

export function rendererDir(): string {
  return process.env.BACKPROP_ARENA_RENDERER ?? resolve(projectRoot(), 'dist', 'renderer');
}

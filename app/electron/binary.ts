/**
 * Where Electron's executable is, if it is installed. Electron's npm package
 * holds no binary: its installer downloads one from outside the npm registry
 * into node_modules/electron/dist and names it in path.txt.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export function electronBinary(projectRoot: string): string | null {
  const dir = join(projectRoot, 'node_modules', 'electron');
  const pathFile = join(dir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

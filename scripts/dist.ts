/**
 * `npm run dist [-- electron-builder options]`: the installers, through
 * electron-builder and electron-builder.yml. electron-builder starts from
 * Electron's own zip for the target platform, which it downloads from
 * GitHub (or ELECTRON_MIRROR) unless Electron's cache holds it. This
 * command looks for it first, in a few seconds: where it cannot be had, it
 * says in one line what is needed, instead of a long build that ends in a
 * stack trace.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

const root = process.cwd();
const version: string = JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version;
const platform = process.platform === 'win32' ? 'win32' : process.platform;
const zip = `electron-v${version}-${platform}-${process.arch}.zip`;

function fail(line: string): never {
  process.stderr.write(`dist: ${line}\n`);
  process.exit(1);
}

/** Electron's download cache (ELECTRON_CACHE, or the platform's usual place). */
function cacheDir(): string {
  if (process.env.ELECTRON_CACHE) return process.env.ELECTRON_CACHE;
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Caches', 'electron');
  if (process.platform === 'win32') return join(process.env.LOCALAPPDATA ?? join(homedir(), 'AppData', 'Local'), 'electron', 'Cache');
  return join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'electron');
}

function inCache(dir: string, depth = 2): boolean {
  if (!existsSync(dir)) return false;
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (entry === zip && statSync(path).size > 0) return true;
    if (depth > 0 && statSync(path).isDirectory() && inCache(path, depth - 1)) return true;
  }
  return false;
}

async function reachable(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { method: 'HEAD', redirect: 'follow', signal: AbortSignal.timeout(6000) });
    return res.ok;
  } catch {
    return false;
  }
}

async function main(): Promise<void> {
  const mirror = process.env.ELECTRON_MIRROR ?? 'https://github.com/electron/electron/releases/download/';
  const url = `${mirror.endsWith('/') ? mirror : mirror + '/'}v${version}/${zip}`;
  if (!inCache(cacheDir()) && !(await reachable(url))) {
    fail(`electron-builder needs Electron ${version} for ${platform}-${process.arch} (${zip}) from ${new URL(url).host} (or ELECTRON_MIRROR) or in Electron's cache (${cacheDir()}), and neither can be reached from this machine`);
  }
  const build = spawnSync('npm', ['run', 'build'], { stdio: 'inherit', shell: process.platform === 'win32' });
  if (build.status !== 0) fail('the build failed (above); no installers were made');
  const builder = spawnSync(process.execPath, [join(root, 'node_modules', 'electron-builder', 'cli.js'), ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(builder.status ?? 1);
}

void main();

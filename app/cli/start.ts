/**
 * `npm start`: the desktop game. With Electron's binary it opens the
 * window (app/electron/main.ts, compiled into dist/). Where the binary
 * cannot be had — Electron's npm package fetches it from outside the npm
 * registry, which offline machines cannot reach — it says so in one line
 * and serves the same game to the browser instead, printing the URL.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ArgsError, parseHostArgs } from './args.js';
import { ensureRendererBuilt } from './renderer-build.js';
import { projectRoot, rendererDir } from '../host/paths.js';
import { startHost } from '../host/server.js';
import { electronBinary } from '../electron/binary.js';

const root = projectRoot();
const electronDir = join(root, 'node_modules', 'electron');

const installedElectron = () => electronBinary(root);

/** Runs Electron's own installer once (it downloads the binary); false if that cannot work here. */
function tryInstallElectron(): boolean {
  if (!existsSync(join(electronDir, 'install.js'))) return false;
  process.stderr.write('start: no Electron binary yet; trying Electron’s own installer…\n');
  const result = spawnSync(process.execPath, [join(electronDir, 'install.js')], { stdio: 'ignore', timeout: 120_000 });
  return result.status === 0 && installedElectron() !== null;
}

async function browserMode(reason: string, port: number, host: string, dataDir?: string): Promise<void> {
  process.stdout.write(`${reason}; serving the game to your browser instead.\n`);
  const running = await startHost({ port, host, staticDir: rendererDir(), dataDir });
  process.stdout.write(`listening on ${running.url}\n`);
  process.stdout.write(`Open ${running.url} in a browser to play. Press Ctrl+C to stop.\n`);
  const stop = () => void running.close().finally(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

async function main(): Promise<void> {
  const args = parseHostArgs(process.argv.slice(2), { port: 0, host: '127.0.0.1' });
  await ensureRendererBuilt((line) => process.stderr.write(`start: ${line}\n`));

  if (process.env.BACKPROP_ARENA_NO_ELECTRON) {
    await browserMode('Browser mode asked for (BACKPROP_ARENA_NO_ELECTRON is set), so no Electron window', args.port, args.host, args.dataDir);
    return;
  }
  const binary = installedElectron() ?? (tryInstallElectron() ? installedElectron() : null);
  if (!binary) {
    await browserMode('No Electron binary on this machine (it cannot be downloaded here)', args.port, args.host, args.dataDir);
    return;
  }
  const main = join(root, 'dist', 'app', 'electron', 'main.js');
  if (!existsSync(main)) {
    const built = spawnSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
    if (built.status !== 0) throw new Error('could not compile the Electron main process');
  }
  if (args.dataDir) process.env.BACKPROP_ARENA_DATA_DIR = args.dataDir;
  const child = spawn(binary, [root], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
}

main().catch((err) => {
  const message = err instanceof ArgsError ? err.message : `could not start: ${(err as Error).message}`;
  process.stderr.write(`start: ${message}\n`);
  process.exit(err instanceof ArgsError ? 2 : 1);
});

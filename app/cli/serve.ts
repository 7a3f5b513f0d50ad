/**
 * `npm run serve -- --port N [--host H]`: the host without Electron. Serves
 * the built renderer and the game's rooms on one port, and prints
 * `listening on http://H:N` once ready.
 */
import { ArgsError, parseHostArgs } from './args.js';
import { ensureRendererBuilt } from './renderer-build.js';
import { startHost } from '../host/server.js';
import { rendererDir } from '../host/paths.js';

async function main(): Promise<void> {
  let args;
  try {
    args = parseHostArgs(process.argv.slice(2), { port: 8080, host: '127.0.0.1' });
  } catch (err) {
    if (err instanceof ArgsError) {
      process.stderr.write(`serve: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  try {
    await ensureRendererBuilt((line) => process.stderr.write(`serve: ${line}\n`));
  } catch (err) {
    process.stderr.write(`serve: ${(err as Error).message}\n`);
    process.exit(1);
  }
  const staticDir = rendererDir();
  try {
    const host = await startHost({ port: args.port, host: args.host, staticDir, dataDir: args.dataDir });
    process.stdout.write(`listening on ${host.url}\n`);
    const stop = () => {
      void host.close().finally(() => process.exit(0));
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') {
      process.stderr.write(`serve: port ${args.port} is already in use; pick another with --port\n`);
    } else if (code === 'EADDRNOTAVAIL') {
      process.stderr.write(`serve: this machine has no address ${args.host}; try 127.0.0.1 or 0.0.0.0\n`);
    } else {
      process.stderr.write(`serve: could not start: ${(err as Error).message}\n`);
    }
    process.exit(1);
  }
}

void main();

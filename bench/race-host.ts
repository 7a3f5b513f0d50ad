/** The host alone, for bench/race.ts: rooms only, on a free loopback port; prints the port. */
import { startHost } from '../app/host/server.js';

const host = await startHost({ port: 0, host: '127.0.0.1' });
process.stdout.write(`port ${host.port}\n`);
process.on('SIGTERM', () => void host.close().finally(() => process.exit(0)));

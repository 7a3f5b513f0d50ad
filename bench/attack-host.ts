/**
 * `tsx bench/attack-host.ts`: a host for bench/under-attack.ts, in a
 * process of its own. Prints "port N", then once a second a JSON line with
 * its event-loop utilisation and resident memory; stops on SIGTERM as
 * `serve` does.
 */
import { performance } from 'node:perf_hooks';
import { stopOnSignals } from '../app/cli/stop.js';
import { startHost } from '../app/host/server.js';

const host = await startHost({ port: 0, host: '127.0.0.1', log: () => {}, dataDir: null });
process.stdout.write(`port ${host.port}\n`);
stopOnSignals(host, 'bench host');
let last = performance.eventLoopUtilization();
setInterval(() => {
  const now = performance.eventLoopUtilization();
  const elu = performance.eventLoopUtilization(now, last).utilization;
  last = now;
  process.stdout.write(`${JSON.stringify({ elu, rssMb: process.memoryUsage().rss / 2 ** 20 })}\n`);
}, 1000).unref();

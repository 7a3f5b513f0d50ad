/**
 * The host alone, for bench/race.ts: rooms only, on a free loopback port;
 * prints the port. Told "measure" on stdin, it starts timing, and on
 * SIGTERM it prints to stdout how late its event loop ran and how long the
 * race room's ticks, plays and message handlers took meanwhile, so the
 * bench can tell time queued in the host from time queued in the bots.
 */
import { matchMaker } from '@colyseus/core';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startHost } from '../app/host/server.js';

const host = await startHost({ port: 0, host: '127.0.0.1', dataDir: null });
const lag = monitorEventLoopDelay({ resolution: 10 });
/** Durations in ms of each timed method of the race room, while measuring. */
const timed = new Map<string, number[]>();

/** Wraps a method of the live race room so each call is timed (the room itself is not changed). */
function time(room: Record<string, unknown>, name: string): void {
  const original = room[name] as (...a: unknown[]) => unknown;
  const times: number[] = [];
  timed.set(name, times);
  room[name] = function (this: unknown, ...a: unknown[]) {
    const t0 = performance.now();
    try {
      return original.apply(this, a);
    } finally {
      times.push(performance.now() - t0);
    }
  };
}

process.stdin.on('data', async (d) => {
  if (!d.toString().includes('measure')) return;
  const [listing] = await matchMaker.query({ name: 'race' });
  const room = listing ? (matchMaker.getLocalRoomById(listing.roomId) as unknown as Record<string, unknown>) : undefined;
  if (room) for (const name of ['tick', 'play', 'rank', 'handle', 'sendBoard', 'sendProjector', 'broadcastPatch']) time(room, name);
  lag.reset();
  lag.enable();
});
process.stdout.write(`port ${host.port}\n`);
process.on('SIGTERM', () => {
  lag.disable();
  const round = (ms: number) => Math.round(ms * 100) / 100;
  const report: Record<string, unknown> = {
    loopLate: { p50Ms: round(lag.percentile(50) / 1e6), p99Ms: round(lag.percentile(99) / 1e6), maxMs: round(lag.max / 1e6) },
  };
  for (const [name, times] of timed) {
    times.sort((a, b) => a - b);
    const q = (p: number) => round(times[Math.min(times.length - 1, Math.floor(p * times.length))] ?? NaN);
    report[name] = { calls: times.length, p50Ms: q(0.5), p99Ms: q(0.99), maxMs: round(times.at(-1) ?? NaN), totalMs: Math.round(times.reduce((s, t) => s + t, 0)) };
  }
  process.stdout.write(`host-timing ${JSON.stringify(report)}\n`);
  void host.close().finally(() => process.exit(0));
});

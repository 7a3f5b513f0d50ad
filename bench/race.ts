/**
 * `npm run --silent bench:race -- --players N [--seconds S]`: a host in a
 * process of its own and N bot players on loopback, each its own Colyseus
 * client, in one race. Every bot plays with random but valid intents; about
 * once a second it sets a fresh η and times how long until its own state
 * with that η comes back (intent leaving the client → the state change it
 * caused reaching that client). Prints a one-line JSON summary last.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Client, type Room } from 'colyseus.js';
import type { SelfUpdate } from '../core/race/index.js';

function arg(name: string, fallback: number): number {
  const k = process.argv.indexOf(`--${name}`);
  if (k < 0) return fallback;
  const v = Number(process.argv[k + 1]);
  if (!Number.isFinite(v) || v <= 0) {
    process.stderr.write(`bench:race: --${name} needs a positive number\n`);
    process.exit(2);
  }
  return v;
}

const players = Math.round(arg('players', 40));
const seconds = arg('seconds', 20);
const log = (line: string) => process.stderr.write(`bench:race: ${line}\n`);

/** utime + stime of a process, in seconds, and its resident memory in MB (Linux /proc). */
function usage(pid: number): { cpu: number; rssMb: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = 100;
  const cpu = (Number(fields[11]) + Number(fields[12])) / ticks;
  const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return { cpu, rssMb: rss ? Number(rss[1]) / 1024 : NaN };
}

const child = spawn(process.execPath, ['--import', 'tsx', 'bench/race-host.ts'], { stdio: ['ignore', 'pipe', 'inherit'] });
// However the bench ends, the host it started ends with it.
process.on('exit', () => child.kill('SIGKILL'));
process.on('uncaughtException', (err) => {
  log(`failed: ${err.stack ?? err.message}`);
  process.exit(1);
});
const port = await new Promise<number>((done, fail) => {
  let out = '';
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
    const m = /port (\d+)/.exec(out);
    if (m) done(Number(m[1]));
  });
  child.on('exit', (code) => fail(new Error(`the host exited (${code})`)));
});
const endpoint = `ws://127.0.0.1:${port}`;

const hostClient = new Client(endpoint);
const hostRoom = await hostClient.create('race', { role: 'host' });
hostRoom.onMessage('*', () => undefined);
await new Promise<void>((done) => {
  const wait = () => ((hostRoom.state as { code?: string }).code ? done() : setTimeout(wait, 20));
  wait();
});
const code = (hostRoom.state as unknown as { code: string }).code;
const phase = () => (hostRoom.state as unknown as { phase: string }).phase;

interface Bot {
  room: Room;
  bytes: number;
  dropped: boolean;
  pending: { eta: number; sent: number } | null;
}

const latencies: number[] = [];
let measuring = false;
let dropped = 0;
const bots: Bot[] = [];
/** Bytes and frames received by every bot, by message type (state patches as "(state)"). */
const byType = new Map<string, { bytes: number; frames: number }>();

/** The type of a room frame: a message's type string, or "(state)" for the shared state. */
function frameType(d: Uint8Array): string {
  if (d[0] === 14 || d[0] === 15) return '(state)';
  if (d[0] !== 13) return `(protocol ${d[0]})`;
  const len = d[1] & 0x1f;
  return (d[1] & 0xe0) === 0xa0 ? Buffer.from(d.subarray(2, 2 + len)).toString('utf8') : '(number)';
}

async function joinBot(k: number): Promise<void> {
  const client = new Client(endpoint);
  const room = await client.joinById(code, { role: 'player', nickname: `bot${k}` });
  const bot: Bot = { room, bytes: 0, dropped: false, pending: null };
  const ws = (room.connection.transport as unknown as { ws: { on(e: string, f: (d: ArrayBuffer | Buffer) => void): void } }).ws;
  ws.on('message', (d) => {
    if (!measuring) return;
    bot.bytes += d.byteLength;
    const type = frameType(d instanceof Buffer ? d : new Uint8Array(d));
    const t = byType.get(type) ?? { bytes: 0, frames: 0 };
    t.bytes += d.byteLength;
    t.frames += 1;
    byType.set(type, t);
  });
  room.onMessage('you', (m: SelfUpdate) => {
    const p = bot.pending;
    if (!p) return;
    // Updates carry what changed: the echo of a new η is its schedule.
    const s = m.changed?.schedule ?? m.full?.schedule;
    if (!s) return;
    if (s.kind === 'constant' && s.eta === p.eta) {
      if (measuring) latencies.push(performance.now() - p.sent);
      bot.pending = null;
    }
  });
  room.onMessage('*', () => undefined);
  room.onLeave((c) => {
    if (c !== 1000 && !bot.dropped) {
      bot.dropped = true;
      dropped++;
    }
  });
  bots.push(bot);
}

log(`host on port ${port}, race ${code}; joining ${players} players`);
const inFlight = 25;
let next = 0;
await Promise.all(
  Array.from({ length: Math.min(inFlight, players) }, async () => {
    while (next < players) {
      const k = next++;
      try {
        await joinBot(k);
      } catch (err) {
        dropped++;
        log(`bot${k} could not join: ${(err as Error).message}`);
      }
    }
  }),
);
log(`${bots.length} joined; starting`);
hostRoom.send('race.settings', { challenge: 'first-steps', stepBudget: 1_000_000, timeLimitSeconds: Math.ceil(seconds) + 60 });
hostRoom.send('race.start', {});
await new Promise<void>((done) => {
  const wait = () => (phase() === 'running' ? done() : setTimeout(wait, 20));
  wait();
});

let etaCounter = 0;
function act(bot: Bot): void {
  if (bot.dropped) return;
  const r = Math.random();
  if (r < 0.5 && !bot.pending) {
    // A fresh η no other intent of this bot has used, so its echo is unmistakable.
    const eta = Math.round((0.1 + ((etaCounter++ % 19_000) / 19_000) * 1.9) * 1e6) / 1e6;
    bot.pending = { eta, sent: performance.now() };
    bot.room.send('setEta', { eta });
  } else if (r < 0.65) bot.room.send('step', {});
  else if (r < 0.75) bot.room.send('play', {});
  else if (r < 0.8) bot.room.send('pause', {});
  else if (r < 0.9) bot.room.send('setWeight', { layer: 1, to: Math.floor(Math.random() * 2), from: Math.floor(Math.random() * 3), value: Math.random() * 4 - 2 });
  else bot.room.send('setSpeed', { stepsPerSecond: 50 + Math.floor(Math.random() * 400) });
}

const timers = bots.map((bot) => {
  const tick = () => {
    act(bot);
    return setTimeout(tickAgain, 500 + Math.random() * 1000);
  };
  let handle: ReturnType<typeof setTimeout>;
  const tickAgain = () => {
    handle = tick();
  };
  handle = setTimeout(tickAgain, Math.random() * 1000);
  return () => clearTimeout(handle);
});

// Warm up for two seconds, then measure.
await new Promise((r) => setTimeout(r, 2000));
measuring = true;
const before = usage(child.pid!);
const t0 = performance.now();
await new Promise((r) => setTimeout(r, seconds * 1000));
const elapsed = (performance.now() - t0) / 1000;
const after = usage(child.pid!);
measuring = false;
for (const stop of timers) stop();

latencies.sort((a, b) => a - b);
const q = (p: number) => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] : NaN);
const totalBytes = bots.reduce((s, b) => s + b.bytes, 0);
const summary = {
  players,
  p50Ms: Math.round(q(0.5) * 10) / 10,
  p99Ms: Math.round(q(0.99) * 10) / 10,
  hostCpuPct: Math.round(((after.cpu - before.cpu) / elapsed) * 1000) / 10,
  hostRssMb: Math.round(after.rssMb),
  bytesPerClientPerSec: Math.round(totalBytes / Math.max(1, bots.length) / elapsed),
  dropped,
};
log(`${latencies.length} timed intents over ${elapsed.toFixed(1)} s`);
const perClient = (n: number) => n / Math.max(1, bots.length) / elapsed;
for (const [type, t] of [...byType].sort((a, b) => b[1].bytes - a[1].bytes)) {
  log(`  ${type}: ${Math.round(perClient(t.bytes))} B/s per client, ${perClient(t.frames).toFixed(1)} frames/s, ${Math.round(t.bytes / t.frames)} B each`);
}
for (const b of bots) b.room.removeAllListeners();
child.kill('SIGTERM');
process.stdout.write(`${JSON.stringify(summary)}\n`);
process.exit(0);

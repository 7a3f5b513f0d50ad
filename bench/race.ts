/**
 * `npm run --silent bench:race -- --players N [--seconds S] [--processes P]`:
 * a host in a process of its own and N bot players on loopback, each its
 * own Colyseus client, in one race. The bots live in P processes
 * (race-bots.ts; by default one per 1,000 bots, at most as many as the
 * machine has CPUs: more processes than cores only add switching between
 * them, which the host then waits for), join a few at a
 * time, and play with random but valid intents; the latency is from an
 * intent leaving a client to the state change it caused reaching that
 * client. Prints the machine's load average, the bytes by message type and
 * the race's figures on stderr, and a one-line JSON summary last on stdout.
 */
import { type ChildProcess, fork, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { Client } from 'colyseus.js';
import type { BotOrder, BotReport } from './race-bots.js';

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
const processes = Math.round(arg('processes', Math.min(cpus().length, Math.ceil(players / 1000))));
/**
 * Joins in flight per bot process. Until it holds its seat, a bot's
 * connections count against the address's limit (front-door.ts), and every
 * bot here comes from 127.0.0.1.
 */
const IN_FLIGHT = Math.max(2, Math.floor(24 / processes));
const log = (line: string) => process.stderr.write(`bench:race: ${line}\n`);
const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');

/** utime + stime of a process, in seconds, and its resident memory in MB (Linux /proc). */
function usage(pid: number): { cpu: number; rssMb: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = 100;
  const cpu = (Number(fields[11]) + Number(fields[12])) / ticks;
  const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return { cpu, rssMb: rss ? Number(rss[1]) / 1024 : NaN };
}

const children: ChildProcess[] = [];
// However the bench ends, the processes it started end with it.
process.on('exit', () => {
  for (const c of children) c.kill('SIGKILL');
});
process.on('uncaughtException', (err) => {
  log(`failed: ${err.stack ?? err.message}`);
  process.exit(1);
});

log(`load average ${load()} (1, 5, 15 min) on ${readFileSync('/proc/cpuinfo', 'utf8').match(/^processor/gm)?.length ?? '?'} CPUs`);
/** `--cpu-prof DIR`: the host writes a CPU profile (Chrome DevTools' format) there when the bench ends. */
const profileAt = process.argv.indexOf('--cpu-prof');
const profile = profileAt >= 0 ? ['--cpu-prof', '--cpu-prof-dir', process.argv[profileAt + 1] ?? '.'] : [];
const host = spawn(process.execPath, [...profile, '--import', 'tsx', 'bench/race-host.ts'], { stdio: ['pipe', 'pipe', 'inherit'] });
children.push(host);
let hostOut = '';
const port = await new Promise<number>((done, fail) => {
  host.stdout!.on('data', (d: Buffer) => {
    hostOut += d.toString();
    const out = hostOut;
    const m = /port (\d+)/.exec(out);
    if (m) done(Number(m[1]));
  });
  host.on('exit', (code) => fail(new Error(`the host exited (${code})`)));
});
const endpoint = `ws://127.0.0.1:${port}`;

const teacher = await new Client(endpoint).create('race', { role: 'host' });
teacher.onMessage('*', () => undefined);
const raceState = () => teacher.state as unknown as { code?: string; phase?: string; players?: number };
const until = (test: () => boolean) =>
  new Promise<void>((done) => {
    const wait = () => (test() ? done() : setTimeout(wait, 20));
    wait();
  });
await until(() => !!raceState().code);
const code = raceState().code!;

// The bot processes, each with its share of the players.
const bots = Array.from({ length: processes }, () => {
  const c = fork('bench/race-bots.ts', [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  children.push(c);
  return c;
});
const order = (c: ChildProcess, o: BotOrder) => c.send(o);
const next = <T extends BotReport['type']>(c: ChildProcess, type: T) =>
  new Promise<Extract<BotReport, { type: T }>>((done) => {
    const on = (m: BotReport) => {
      if (m.type !== type) return;
      c.off('message', on);
      done(m as Extract<BotReport, { type: T }>);
    };
    c.on('message', on);
  });

log(`host on port ${port}, race ${code}; joining ${players} players from ${processes} process(es), ${IN_FLIGHT} at a time each`);
const joinStarted = performance.now();
const share = (k: number) => Math.floor(((k + 1) * players) / processes) - Math.floor((k * players) / processes);
const joined = await Promise.all(
  bots.map((c, k) => {
    const answer = next(c, 'joined');
    order(c, { type: 'join', endpoint, code, from: Math.floor((k * players) / processes), count: share(k), inFlight: IN_FLIGHT });
    return answer;
  }),
);
const joinedCount = joined.reduce((s, j) => s + j.joined, 0);
const neverJoined = joined.reduce((s, j) => s + j.failed, 0);
log(
  `${joinedCount} joined in ${((performance.now() - joinStarted) / 1000).toFixed(1)} s` +
    ` (${joined.reduce((s, j) => s + j.retries, 0)} joins tried again after a refusal); starting`,
);
teacher.send('race.settings', { challenge: 'first-steps', stepBudget: 1_000_000, timeLimitSeconds: Math.ceil(seconds) + 120 });
teacher.send('race.start', {});
await until(() => raceState().phase === 'running');
for (const c of bots) order(c, { type: 'play' });

// Warm up for two seconds, then measure.
await new Promise((r) => setTimeout(r, 2000));
for (const c of bots) order(c, { type: 'measure' });
host.stdin!.write('measure\n');
const paces: number[] = [];
teacher.onMessage('board', (b: { pacePercent: number }) => paces.push(b.pacePercent));
const before = usage(host.pid!);
const t0 = performance.now();
await new Promise((r) => setTimeout(r, seconds * 1000));
const elapsed = (performance.now() - t0) / 1000;
const after = usage(host.pid!);
teacher.removeAllListeners();
const results = await Promise.all(
  bots.map((c) => {
    const answer = next(c, 'result');
    order(c, { type: 'stop' });
    return answer;
  }),
);
const stillSeated = raceState().players ?? 0;

const latencies = results.flatMap((r) => r.latencies).sort((a, b) => a - b);
const q = (p: number) => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] : NaN);
const botCount = results.reduce((s, r) => s + r.bots, 0);
const totalBytes = results.reduce((s, r) => s + r.bytes, 0);
const byType = new Map<string, { bytes: number; frames: number }>();
for (const r of results) {
  for (const [type, t] of Object.entries(r.byType)) {
    const sum = byType.get(type) ?? { bytes: 0, frames: 0 };
    sum.bytes += t.bytes;
    sum.frames += t.frames;
    byType.set(type, sum);
  }
}
const perClient = (n: number) => n / Math.max(1, botCount) / elapsed;
log(`${latencies.length} timed intents over ${elapsed.toFixed(1)} s; ${stillSeated} players seated at the end`);
log(
  `steps per player (whole race): fewest ${Math.min(...results.map((r) => r.fewestSteps))},` +
    ` mean ${Math.round(results.reduce((s, r) => s + r.totalSteps, 0) / Math.max(1, botCount))};` +
    ` the race's pace (share of every player's speed the work budget paid): mean ${Math.round(paces.reduce((s, p) => s + p, 0) / Math.max(1, paces.length))}%, lowest ${Math.min(...paces)}%`,
);
for (const [type, t] of [...byType].sort((a, b) => b[1].bytes - a[1].bytes)) {
  log(`  ${type}: ${Math.round(perClient(t.bytes))} B/s per client, ${perClient(t.frames).toFixed(1)} frames/s, ${Math.round(t.bytes / t.frames)} B each`);
}
log(`load average ${load()} (1, 5, 15 min) at the end`);
const summary = {
  players,
  p50Ms: Math.round(q(0.5) * 10) / 10,
  p99Ms: Math.round(q(0.99) * 10) / 10,
  hostCpuPct: Math.round(((after.cpu - before.cpu) / elapsed) * 1000) / 10,
  hostRssMb: Math.round(after.rssMb),
  botsCpuPct: Math.round((results.reduce((s, r) => s + r.cpuSeconds, 0) / elapsed) * 1000) / 10,
  bytesPerClientPerSec: Math.round(totalBytes / Math.max(1, botCount) / elapsed),
  dropped: neverJoined + results.reduce((s, r) => s + r.dropped, 0),
  loadAvg1m: Math.round(loadavg()[0] * 100) / 100,
};
teacher.removeAllListeners();
// The host closes in its own time (and writes its profile, if asked), then the bench ends.
const closed = new Promise((done) => host.once('exit', done));
host.kill('SIGTERM');
await Promise.race([closed, new Promise((r) => setTimeout(r, 10_000))]);
const timing = /host-timing (\{.*\})/.exec(hostOut);
if (timing) {
  log('the host while measuring (its event loop running late, and the race room at work):');
  for (const [what, t] of Object.entries(JSON.parse(timing[1]) as Record<string, object>)) log(`  host ${what}: ${JSON.stringify(t)}`);
}
process.stdout.write(`${JSON.stringify(summary)}\n`);
process.exit(0);

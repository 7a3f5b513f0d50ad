/**
 * `npm run bench`: how fast the core trains, beside the libraries a user
 * would otherwise pick, on three workloads (workloads.ts):
 *
 *   W1  2-3-2-1 sigmoid, XOR, online            (the article's network)
 *   W2  2-8-8-1 tanh, 500 circles, batch 10
 *   W3  2-64-64-1 tanh, 2,000 circles, batch 32
 *
 * Peers (peers/*.ts, one file each, all `Peer`s): the core's Trainer (and
 * the same Trainer on the slower copies of its step, to show what each fast
 * copy buys), TensorFlow Playground's network code (a stand-in written after
 * its design, peers/playground-design.ts), brain.js's NeuralNetwork and
 * tfjs-core on its CPU backend, from the same initial weights, each measured
 * in a fresh process of its own (this file, run with `--one PEER WORKLOAD`),
 * so that no library's heap or compiled code weighs on another's figures;
 * then the trace command with `report: "summary"` (peers/trace-command.ts).
 * Each figure is the median of eleven short timed runs after a warm-up
 * (measure.ts), in sample-steps per second of wall-clock time; beside it the
 * fastest of those runs, and the median per second of the process's CPU
 * time (the machine may be shared: the load average is printed, and a busy
 * neighbour shows as a gap between median and best).
 * Every training process runs pinned to the CPU that is fastest on a fixed
 * probe (cpu.ts): on a shared machine the CPUs differ, and an unpinned
 * process lands on either from run to run.
 * The goal, the core at least 3× TensorFlow Playground on every workload,
 * is judged in the same run: the core and Playground are measured
 * GOAL_ROUNDS times each, alternately, and the goal's ratio is the median
 * of the ratios of each pair, so that a machine that speeds up or slows
 * down during the run moves both sides alike. It is judged per CPU-second:
 * on a shared machine a process may get only part of its CPU, which moves
 * wall-clock figures by 2× or more from one process to the next.
 * Timings are printed, never asserted: no test depends on them.
 */
import { execFile } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type CpuChoice, chooseCpu, onCpu } from './cpu.js';
import { type Rate, measureRate, median } from './measure.js';
import type { Peer } from './peers/peer.js';
import { measureTraceCommand } from './peers/trace-command.js';
import { WORKLOADS, type Workload } from './workloads.js';
import { benchHost } from './host.js';
import { benchUnderAttack } from './under-attack.js';
import { benchRenderer } from './renderer.js';

/** Each peer's module, loaded only in the process that measures it. */
const PEERS: Record<string, () => Promise<Peer>> = {
  core: async () => (await import('./peers/core.js')).corePeer,
  'core-unrolled': async () => (await import('./peers/core.js')).coreUnrolledPeer,
  'core-textbook': async () => (await import('./peers/core.js')).coreTextbookPeer,
  brain: async () => (await import('./peers/brainjs.js')).brainPeer,
  tfjs: async () => (await import('./peers/tfjs.js')).tfjsPeer,
  playground: async () => (await import('./peers/playground-design.js')).playgroundDesignPeer,
};
const TIMING = { warmupMs: 400, runMs: 150, runs: 11 };
const COMMAND_RUNS = 3;
const COMMAND_SECONDS = 1.2;
const TARGET = 3;
/** How many times the core and Playground are each measured, alternately, for the goal. */
const GOAL_ROUNDS = 3;

const count = (v: number) => Math.round(v).toLocaleString('en-US');
const ratio = (v: number) => (v >= 100 ? `${v.toFixed(0)}×` : v >= 10 ? `${v.toFixed(1)}×` : `${v.toFixed(2)}×`);

function row(cells: readonly string[]): string {
  const widths = [26, 13, 13, 13, 12];
  return '  ' + cells.map((c, k) => (k === 0 ? c.padEnd(widths[k]) : k < widths.length ? c.padStart(widths[k]) : `  ${c}`)).join('');
}

interface Measured extends Rate {
  readonly name: string;
  readonly note: string;
}

async function main(): Promise<void> {
  const started = performance.now();
  const cpu = os.cpus();
  console.log(`backprop-arena bench: Node ${process.version}, ${cpu[0]?.model ?? 'cpu'} × ${cpu.length}, load average ${os.loadavg()[0].toFixed(2)}`);
  const cpuChoice = await chooseCpu();
  console.log(cpuChoice.summary);
  console.log('sample-steps per second; "core ÷ peer" above 1 means the core is faster\n');

  const summary: string[] = [];
  for (const w of WORKLOADS) {
    console.log(`${w.id}  ${w.title}`);
    console.log(row(['peer', 'steps/s', 'best run', 'per CPU-s', 'core ÷ peer', 'how it runs']));
    // The core and Playground alternately, GOAL_ROUNDS times each: their ratio is judged pair by pair.
    const cores: Measured[] = [];
    const playgrounds: Measured[] = [];
    for (let k = 0; k < GOAL_ROUNDS; k++) {
      cores.push(await measureApart('core', w, cpuChoice));
      playgrounds.push(await measureApart('playground', w, cpuChoice));
    }
    const core = middle(cores);
    console.log(row([core.name, count(core.perSecond), count(core.best), count(core.perCpuSecond), '', core.note]));
    // What each fast copy of the step buys: the same core on its slower copies.
    for (const id of ['core-unrolled', 'core-textbook']) {
      const r = await measureApart(id, w, cpuChoice);
      console.log(row([r.name, count(r.perSecond), count(r.best), count(r.perCpuSecond), ratio(core.perSecond / r.perSecond), r.note]));
    }
    const playground = middle(playgrounds);
    const vsPlayground = median(cores.map((c, k) => c.perSecond / playgrounds[k].perSecond));
    const vsPlaygroundCpu = median(cores.map((c, k) => c.perCpuSecond / playgrounds[k].perCpuSecond));
    console.log(row([playground.name, count(playground.perSecond), count(playground.best), count(playground.perCpuSecond), ratio(vsPlayground), playground.note]));
    for (const id of ['brain', 'tfjs']) {
      const r = await measureApart(id, w, cpuChoice);
      console.log(row([r.name, count(r.perSecond), count(r.best), count(r.perCpuSecond), ratio(core.perSecond / r.perSecond), r.note]));
    }
    const steps = Math.max(1000, Math.round(core.perSecond * COMMAND_SECONDS));
    const cmd = await measureTraceCommand(w, steps, COMMAND_RUNS, cpuChoice);
    console.log(
      row([
        'trace command (summary)',
        count(cmd.perSecond),
        '',
        '',
        ratio(core.perSecond / cmd.perSecond),
        `node + tsx, ${count(steps)} steps, start-up ${cmd.startup.toFixed(2)} s subtracted`,
      ]),
    );
    const pairs = cores.map((c, k) => ratio(c.perCpuSecond / playgrounds[k].perCpuSecond)).join(', ');
    const mark = vsPlaygroundCpu >= TARGET ? 'meets' : 'BELOW';
    console.log(
      `  core ÷ TensorFlow Playground per CPU-second, ${GOAL_ROUNDS} alternate pairs: ${pairs}; median ${ratio(vsPlaygroundCpu)} (wall-clock ${ratio(vsPlayground)}); goal ≥ ${TARGET}×: ${mark}`,
    );
    console.log('');
    summary.push(`${w.id} ${ratio(vsPlaygroundCpu)} (wall-clock ${ratio(vsPlayground)})`);
  }
  console.log(`core ÷ TensorFlow Playground per CPU-second: ${summary.join(', ')}; goal ≥ ${TARGET}×`);
  if (process.env.BENCH_TRAINING_ONLY) {
    console.log(`\nhost, host under attack and renderer: skipped (BENCH_TRAINING_ONLY is set)`);
    console.log(`load average at the end ${os.loadavg()[0].toFixed(2)}; bench took ${((performance.now() - started) / 1000).toFixed(0)} s`);
    return;
  }

  console.log('\nhost: steps a second for one player at the fastest speed (20,000/s), streaming state at display rate');
  for (const f of await benchHost()) {
    console.log(`  ${f.network.padEnd(14)} ${count(f.stepsPerSecond).padStart(10)} steps/s   ${f.patchesPerSecond.toFixed(1)} state updates/s`);
  }

  console.log('\nhost under attack: another player\'s Step round trip while heavy players play the largest network');
  console.log('  (6 hidden layers of 16, 10,000 samples) at 20,000 steps/s and edit a weight 55 times a second (goal: p99 < 100 ms)');
  const attack = await benchUnderAttack();
  for (const r of attack.roundTrips) {
    console.log(`  ${String(r.heavyPlayers).padStart(2)} heavy players   p50 ${r.p50.toFixed(1).padStart(6)} ms   p99 ${r.p99.toFixed(1).padStart(6)} ms   host event loop ${(100 * r.hostLoad).toFixed(0)}% busy`);
  }
  const b = attack.hugeBody;
  console.log(`  300 MB matchmaking body: answered ${b.status} in ${b.ms.toFixed(0)} ms; host RSS ${b.rssBeforeMb.toFixed(0)} MB before, ${b.rssAfterMb.toFixed(0)} MB after`);
  const f = attack.creationFlood;
  console.log(`  ${f.asked} room creations from one address in ${f.seconds.toFixed(1)} s: ${f.created} opened, ${f.refused} refused`);
  console.log(`  SIGTERM after 40 unfinished requests: the host exited in ${attack.sigtermMs.toFixed(0)} ms`);

  if (process.env.BENCH_SKIP_RENDERER) {
    console.log('\nrenderer: skipped (BENCH_SKIP_RENDERER is set)');
  } else {
    console.log('\nrenderer: frame intervals in headless Chromium at 1280×720 (goal: p95 < 20 ms on 2-3-2-1, < 33 ms on 2-16-16-16-1)');
    console.log('  first as the game draws here by itself (chosen), then with its other renderer for comparison');
    try {
      for (const f of await benchRenderer()) {
        console.log(`  ${f.renderer.padEnd(6)} ${f.chosen ? '(chosen)' : '        '} ${f.network.padEnd(14)} ${f.mode.padEnd(18)} median ${f.medianMs.toFixed(1).padStart(5)} ms   p95 ${f.p95Ms.toFixed(1).padStart(5)} ms   (${f.frames} frames)`);
      }
    } catch (err) {
      const message = (err as Error).message.split('\n')[0];
      const launch = /executable|launch|ENOENT/i.test(message);
      console.log(`  failed: ${message}${launch ? '; set CHROMIUM_PATH to a Chromium binary' : ''}`);
    }
  }
  console.log(`load average at the end ${os.loadavg()[0].toFixed(2)}; bench took ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

/** Of several measurements of one peer, the one with the median rate. */
function middle(all: readonly Measured[]): Measured {
  const sorted = [...all].sort((a, b) => a.perSecond - b.perSecond);
  return sorted[(sorted.length - 1) >> 1];
}

/** Measures one peer on one workload in a fresh process (this file with --one). */
function measureApart(peer: string, w: Workload, cpu: CpuChoice): Promise<Measured> {
  const self = fileURLToPath(import.meta.url);
  const [cmd, args] = onCpu(cpu, process.execPath, ['--import', 'tsx', self, '--one', peer, w.id]);
  return new Promise((resolve, reject) => {
    execFile(
      cmd,
      args,
      { cwd: path.resolve(path.dirname(self), '..'), maxBuffer: 1 << 20 },
      (err, stdout, stderr) => {
        if (err) return reject(new Error(`${peer} on ${w.id}: ${stderr.trim() || err.message}`));
        resolve(JSON.parse(stdout.trim().split('\n').pop()!) as Measured);
      },
    );
  });
}

/** The child's side: measure, print one JSON line. */
async function one(peerId: string, workloadId: string): Promise<void> {
  const w = WORKLOADS.find((x) => x.id === workloadId);
  const load = PEERS[peerId];
  if (!w || !load) throw new Error(`no peer ${peerId} or workload ${workloadId}`);
  const peer = await load();
  const run = await peer.prepare(w);
  try {
    const rate = await measureRate(run, TIMING);
    const out: Measured = { ...rate, name: peer.name, note: peer.note(w) };
    process.stdout.write(JSON.stringify(out) + '\n');
  } finally {
    run.dispose?.();
  }
}

const args = process.argv.slice(2);
(args[0] === '--one' ? one(args[1], args[2]) : main()).catch((err: unknown) => {
  console.error(`bench: ${(err as Error).stack ?? err}`);
  process.exit(1);
});

/**
 * `npx tsx bench/alternate.ts W2 unrolled fastest [TREE_A TREE_B]`: two
 * copies of the step (or the same copy from two checkouts of the project)
 * on one workload, in one process, timed in turns: A, B, B, A, A, B, ….
 * On a shared machine whose speed drifts by half within a minute, two
 * figures taken in separate processes at separate moments say little about
 * a change of 10–30%; taken in turns, both sides meet the same drift.
 * Prints the median sample-steps per CPU-second of each side and their
 * ratio. Paths: fastest, unrolled, textbook (trainer.ts's StepPath).
 * TREE_A and TREE_B default to this checkout; a tree is a directory holding
 * the project's core/ (an older commit checked out with `git worktree add`).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WORKLOADS } from './workloads.js';

const here = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [id = 'W1', pathA = 'unrolled', pathB = 'fastest', treeA = here, treeB = here] = process.argv.slice(2).map((a, k) => (k >= 3 ? path.resolve(a) : a));
const w = WORKLOADS.find((x) => x.id === id);
if (!w) throw new Error(`no workload ${id}: W1, W2 or W3`);
const ROUNDS = 15;
const STEPS: Record<string, number> = { W1: 300_000, W2: 100_000, W3: 3_000 };

interface Runner {
  run(n: number): number;
}

async function trainer(tree: string, stepPath: string): Promise<Runner> {
  const network = await import(path.join(tree, 'core/network.ts'));
  const schedule = await import(path.join(tree, 'core/schedule.ts'));
  const { Trainer } = await import(path.join(tree, 'core/trainer.ts'));
  const net = network.createNetwork({ layers: w!.layers, activation: w!.activation, bias: w!.bias });
  network.loadNestedWeights(net, w!.weights);
  network.loadNestedBiases(net, w!.biases);
  return new Trainer({ network: net, samples: w!.samples, rule: 'exact', schedule: schedule.constantSchedule(w!.eta), batch: w!.batch, path: stepPath });
}

function perCpuSecond(t: Runner, n: number): number {
  const c0 = process.cpuUsage();
  const done = t.run(n);
  const c = process.cpuUsage(c0);
  return done / ((c.user + c.system) / 1e6);
}

const median = (v: number[]) => [...v].sort((x, y) => x - y)[v.length >> 1];

const a = await trainer(treeA, pathA);
const b = await trainer(treeB, pathB);
const n = STEPS[id] ?? 10_000;
// Warm-up: the compiler settles on both.
for (let k = 0; k < 3; k++) {
  perCpuSecond(a, n);
  perCpuSecond(b, n);
}
const ra: number[] = [];
const rb: number[] = [];
for (let k = 0; k < ROUNDS; k++) {
  if (k % 2 === 0) {
    ra.push(perCpuSecond(a, n));
    rb.push(perCpuSecond(b, n));
  } else {
    rb.push(perCpuSecond(b, n));
    ra.push(perCpuSecond(a, n));
  }
}
const fmt = (v: number) => Math.round(v).toLocaleString('en-US');
const label = (p: string, tree: string) => (treeA === treeB ? p : `${p} (${tree})`);
console.log(
  `${id}: A ${label(pathA, treeA)} ${fmt(median(ra))}/CPU-s, B ${label(pathB, treeB)} ${fmt(median(rb))}/CPU-s, B ÷ A ${(median(rb) / median(ra)).toFixed(2)}× (medians of ${ROUNDS} turns each)`,
);

/**
 * Which CPU the training figures are measured on.
 *
 * On a shared virtual machine one CPU can run the same code much slower than
 * another (its physical core busy with a neighbour's work), and which one a
 * process lands on changes from run to run: the same command then gives
 * figures that differ by half. So the bench first times a fixed piece of
 * arithmetic on each CPU, picks the fastest, and runs every training peer
 * (the core, the libraries and the trace command) pinned to that one CPU
 * with `taskset`, so that they are all measured alike and the figures repeat.
 */
import { execFile } from 'node:child_process';
import os from 'node:os';

export interface CpuChoice {
  /** The CPU to pin to, or null when pinning is not possible here. */
  readonly cpu: number | null;
  /** Milliseconds the probe took on each CPU (best of its repeats), by CPU number. */
  readonly probeMs: readonly number[];
  /** One line for the bench's header. */
  readonly summary: string;
}

/** A fixed multiply-add loop over a small typed array, timed in a child process. */
const PROBE = `
const a = new Float64Array(64).map((_, i) => (i % 7) * 0.01);
function spin(n) { let s = 0; for (let k = 0; k < n; k++) for (let i = 0; i < 64; i++) s += a[i] * a[(i + k) & 63]; return s; }
spin(50000);
let best = Infinity;
for (let r = 0; r < 3; r++) { const t = performance.now(); spin(600000); best = Math.min(best, performance.now() - t); }
process.stdout.write(String(best));
`;

function run(cmd: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { maxBuffer: 1 << 16 }, (err, stdout, stderr) => {
      if (err) reject(new Error(stderr.trim() || err.message));
      else resolve(stdout.trim());
    });
  });
}

/** Times the probe on every CPU this process may use and picks the fastest. */
export async function chooseCpu(): Promise<CpuChoice> {
  const count = os.cpus().length;
  if (process.platform !== 'linux' || count < 2) {
    return { cpu: null, probeMs: [], summary: 'CPU: not pinned (one CPU, or not Linux)' };
  }
  const probeOn = async (c: number) => Number(await run('taskset', ['-c', String(c), process.execPath, '-e', PROBE]));
  const probeMs: number[] = [];
  try {
    // Twice each, interleaved with the others, so that a passing burst does not decide.
    for (let c = 0; c < count; c++) probeMs.push(await probeOn(c));
    for (let c = 0; c < count; c++) probeMs[c] = Math.min(probeMs[c], await probeOn(c));
  } catch (err) {
    return {
      cpu: null,
      probeMs: [],
      summary: `CPU: not pinned (taskset failed: ${(err as Error).message.split('\n')[0]})`,
    };
  }
  let cpu = 0;
  for (let c = 1; c < count; c++) if (probeMs[c] < probeMs[cpu]) cpu = c;
  const slowest = Math.max(...probeMs);
  const times = probeMs.map((ms, c) => `cpu${c} ${ms.toFixed(0)} ms`).join(', ');
  return {
    cpu,
    probeMs,
    summary:
      `CPU: training peers pinned to cpu${cpu}, the fastest on a fixed probe (${times}` +
      `; the slowest takes ${(slowest / probeMs[cpu]).toFixed(2)}× as long)`,
  };
}

/** The command and arguments that run `cmd args` on the chosen CPU (or as is). */
export function onCpu(choice: CpuChoice | null, cmd: string, args: readonly string[]): [string, string[]] {
  if (!choice || choice.cpu === null) return [cmd, [...args]];
  return ['taskset', ['-c', String(choice.cpu), cmd, ...args]];
}

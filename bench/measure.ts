/** Timing: calibrate, warm up, then time a few runs and keep the median. */
import type { PreparedRun } from './peers/peer.js';

export interface Rate {
  /** Median sample-steps per second of wall-clock time. */
  readonly perSecond: number;
  /** Median sample-steps per second of this process's CPU time. */
  readonly perCpuSecond: number;
  /** The fastest run's sample-steps per second of wall-clock time. */
  readonly best: number;
  readonly runs: readonly number[];
}

export interface MeasureOptions {
  readonly warmupMs: number;
  readonly runMs: number;
  readonly runs: number;
}

export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

async function timed(run: PreparedRun, n: number): Promise<{ done: number; wall: number; cpu: number }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const done = await run.train(n);
  const wall = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  return { done, wall, cpu: (c.user + c.system) / 1e6 };
}

export async function measureRate(run: PreparedRun, o: MeasureOptions): Promise<Rate> {
  // Calibrate: grow the run until it takes 20 ms.
  let n = 8;
  let t = await timed(run, n);
  while (t.wall < 0.02) {
    n *= 4;
    t = await timed(run, n);
  }
  let rate = t.done / t.wall;
  // Warm up (the compiler settles on the hot loops), then measure.
  const warm = await timed(run, Math.max(1, Math.round((rate * o.warmupMs) / 1000)));
  rate = warm.done / warm.wall;
  const walls: number[] = [];
  const cpus: number[] = [];
  for (let k = 0; k < o.runs; k++) {
    const r = await timed(run, Math.max(1, Math.round((rate * o.runMs) / 1000)));
    walls.push(r.done / r.wall);
    cpus.push(r.done / r.cpu);
  }
  return { perSecond: median(walls), perCpuSecond: median(cpus), best: Math.max(...walls), runs: walls };
}

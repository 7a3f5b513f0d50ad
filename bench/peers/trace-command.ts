/**
 * The trace command as a user runs it (node with tsx, `report: "summary"`):
 * a fresh process per run, timed from spawn to exit. The start-up (node,
 * tsx, reading and checking the spec) is measured with `steps: 0` on the
 * same spec and subtracted.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type CpuChoice, onCpu } from '../cpu.js';
import { median } from '../measure.js';
import { type Workload, plainSamples } from '../workloads.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface CommandRate {
  readonly perSecond: number;
  /** Median start-up seconds (steps: 0). */
  readonly startup: number;
  readonly steps: number;
}

function runOnce(file: string, cpu: CpuChoice | null): Promise<number> {
  return new Promise((resolve, reject) => {
    const [cmd, args] = onCpu(cpu, process.execPath, ['--import', 'tsx', path.join(repoRoot, 'app/cli/trace.ts'), file]);
    const t0 = performance.now();
    const child = spawn(cmd, args, {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = (performance.now() - t0) / 1000;
      if (code !== 0) return reject(new Error(`trace command exited ${code}: ${err.trim()}`));
      const result = JSON.parse(out) as { lastLoss: number | null };
      if (result.lastLoss !== null && !Number.isFinite(result.lastLoss)) return reject(new Error('trace command gave no loss'));
      resolve(seconds);
    });
  });
}

/** Times `steps` sample-steps of workload w through the command, `runs` times each. */
export async function measureTraceCommand(w: Workload, steps: number, runs: number, cpu: CpuChoice | null = null): Promise<CommandRate> {
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-trace-'));
  try {
    const spec = {
      layers: w.layers,
      activation: w.activation,
      bias: w.bias,
      weights: w.weights,
      biases: w.biases,
      rule: 'exact',
      eta: w.eta,
      samples: plainSamples(w),
      batch: w.batch,
      report: 'summary',
    };
    const idle = path.join(dir, 'idle.json');
    const busy = path.join(dir, 'busy.json');
    writeFileSync(idle, JSON.stringify({ ...spec, steps: 0 }));
    writeFileSync(busy, JSON.stringify({ ...spec, steps }));
    const startups: number[] = [];
    const totals: number[] = [];
    // Alternate, so that a passing disturbance touches both alike.
    for (let k = 0; k < runs; k++) {
      startups.push(await runOnce(idle, cpu));
      totals.push(await runOnce(busy, cpu));
    }
    const startup = median(startups);
    return { perSecond: steps / Math.max(1e-3, median(totals) - startup), startup, steps };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Shared helpers of the core tests: where the repository and the shared
 * vectors are, running the real `trace` command, and comparing numbers
 * nested in JSON to a relative tolerance.
 */
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const vectorsDir = path.resolve(repoRoot, '../shared/vectors');

export interface Vector {
  readonly name: string;
  readonly file: string;
  readonly spec: Record<string, unknown>;
  readonly expected: unknown;
}

export function loadVectors(): Vector[] {
  return readdirSync(vectorsDir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const file = path.join(vectorsDir, f);
      const { spec, expected } = JSON.parse(readFileSync(file, 'utf8'));
      return { name: f, file, spec, expected };
    });
}

export interface CommandResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `tsx app/cli/trace.ts ARGS…`, feeding `stdin` if given. */
export function runTraceCommand(args: readonly string[], stdin?: string): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(repoRoot, 'node_modules/.bin/tsx'), ['app/cli/trace.ts', ...args], {
      cwd: repoRoot,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.on('error', () => {});
    child.stdin.end(stdin ?? '');
  });
}

/** |a − b| ≤ rel·max(|a|, |b|) + abs */
export function near(a: number, b: number, rel = 1e-9, abs = 1e-12): boolean {
  return Math.abs(a - b) <= rel * Math.max(Math.abs(a), Math.abs(b)) + abs;
}

/**
 * Compares two JSON values: same shape and keys, strings and booleans equal,
 * numbers near(). Returns null when they match, else where and how they differ.
 */
export function jsonMismatch(actual: unknown, expected: unknown, rel = 1e-9, abs = 1e-12, where = '$'): string | null {
  if (typeof expected === 'number') {
    if (typeof actual !== 'number') return `${where}: expected a number ${expected}, got ${JSON.stringify(actual)}`;
    return near(actual, expected, rel, abs) ? null : `${where}: expected ${expected}, got ${actual}`;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return `${where}: expected a list, got ${JSON.stringify(actual)}`;
    if (actual.length !== expected.length) return `${where}: expected ${expected.length} entries, got ${actual.length}`;
    for (let k = 0; k < expected.length; k++) {
      const m = jsonMismatch(actual[k], expected[k], rel, abs, `${where}[${k}]`);
      if (m) return m;
    }
    return null;
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) {
      return `${where}: expected an object, got ${JSON.stringify(actual)}`;
    }
    const ek = Object.keys(expected).sort();
    const ak = Object.keys(actual).sort();
    if (ek.join() !== ak.join()) return `${where}: expected fields ${ek.join(', ')}, got ${ak.join(', ')}`;
    for (const k of ek) {
      const m = jsonMismatch((actual as Record<string, unknown>)[k], (expected as Record<string, unknown>)[k], rel, abs, `${where}.${k}`);
      if (m) return m;
    }
    return null;
  }
  return actual === expected ? null : `${where}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`;
}

/** True when two typed arrays hold the same bits. */
export function sameBits(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  const x = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const y = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  for (let k = 0; k < x.length; k++) if (x[k] !== y[k]) return false;
  return true;
}

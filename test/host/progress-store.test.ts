/**
 * Progress on disk: what is written is read back; a file that cannot be
 * read is moved aside with a message and a fresh one started; and killing
 * the writer with SIGKILL mid-write, many times over, never leaves a file
 * that fails to load.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DATA_DIR_ENV, PROGRESS_FILE, loadProgress, openProgressStore, resolveDataDir } from '../../app/host/progress-store.js';

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'bpa-progress-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true, maxRetries: 5 });
});

describe('the progress store', () => {
  it('keeps wins (best stars, fewest steps) and settings across a restart', async () => {
    const dir = tempDir();
    const store = openProgressStore(dir);
    await store.recordWin('first-steps', { stars: 2, steps: 5000, error: 0.04 });
    await store.recordWin('first-steps', { stars: 3, steps: 4000, error: 0.045 });
    await store.recordWin('first-steps', { stars: 1, steps: 5900, error: 0.03 });
    await store.setSettings({ language: 'ja', reducedMotion: true, slowMotionPace: 6 });
    const again = openProgressStore(dir);
    expect(again.loadProblem).toBeNull();
    expect(again.progress.levels['first-steps']).toEqual({ stars: 3, bestSteps: 4000, bestError: 0.03 });
    expect(again.progress.settings).toEqual({ language: 'ja', reducedMotion: true, slowMotionPace: 6 });
  });

  it('starts fresh where there is no file, and writes nothing until something changes', () => {
    const dir = tempDir();
    const store = openProgressStore(join(dir, 'not-yet'));
    expect(store.progress.levels).toEqual({});
    expect(existsSync(join(dir, 'not-yet'))).toBe(false);
  });

  for (const [what, text] of [
    ['not JSON', '{"version": 1, "levels": {'],
    ['an unknown version', JSON.stringify({ version: 99, levels: {}, settings: {} })],
    ['a file that breaks the schema', JSON.stringify({ version: 1, levels: { a: { stars: 7 } }, settings: {} })],
  ] as const) {
    it(`moves ${what} aside with a message and starts fresh`, () => {
      const dir = tempDir();
      writeFileSync(join(dir, PROGRESS_FILE), text);
      const lines: string[] = [];
      const store = openProgressStore(dir, (l) => lines.push(l));
      expect(store.progress.levels).toEqual({});
      expect(lines.join('\n')).toMatch(/moved to .*unreadable/);
      const aside = readdirSync(dir).filter((f) => f.includes('unreadable'));
      expect(aside).toHaveLength(1);
      expect(readFileSync(join(dir, aside[0]), 'utf8')).toBe(text);
    });
  }

  it('finds its folder from --data-dir, then the environment variable, then the platform', () => {
    const before = process.env[DATA_DIR_ENV];
    try {
      process.env[DATA_DIR_ENV] = '/tmp/from-env';
      expect(resolveDataDir('rel/dir')).toBe(resolve('rel/dir'));
      expect(resolveDataDir()).toBe('/tmp/from-env');
      delete process.env[DATA_DIR_ENV];
      expect(resolveDataDir()).toMatch(/backprop-arena/);
    } finally {
      if (before === undefined) delete process.env[DATA_DIR_ENV];
      else process.env[DATA_DIR_ENV] = before;
    }
  });

  it('survives SIGKILL during writes, many times over: the file always loads', async () => {
    const dir = tempDir();
    const writer = resolve('test/host/fixtures/progress-writer.ts');
    let lastLevels = 0;
    for (let round = 0; round < 12; round++) {
      const child = spawn(process.execPath, ['--import', 'tsx', writer, dir], { stdio: ['ignore', 'pipe', 'inherit'] });
      await new Promise<void>((ok) => child.stdout.once('data', () => ok()));
      // Let it write for a while (a different while each round), then kill it mid-stride.
      await new Promise((ok) => setTimeout(ok, 40 + ((round * 37) % 160)));
      const gone = new Promise((ok) => child.once('exit', ok));
      child.kill('SIGKILL');
      await gone;
      const loaded = loadProgress(dir);
      expect(loaded.problem, `round ${round}`).toBeNull();
      lastLevels = Object.keys(loaded.progress.levels).length;
    }
    expect(lastLevels).toBeGreaterThan(0);
    // What a kill leaves besides the file is at most write-file-atomic's temporary files.
    for (const f of readdirSync(dir)) expect(f).toMatch(/^progress\.json(\.\d+)?$/);
    expect(readdirSync(dir).filter((f) => f.includes('unreadable'))).toEqual([]);
  }, 120_000);
});

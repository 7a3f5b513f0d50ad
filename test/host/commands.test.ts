/**
 * The `serve` and `start` commands as a user runs them: real processes,
 * on loopback ports, reading what they print.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';


// Each test starts real processes and servers; on a busy shared machine that takes seconds.
vi.setConfig({ testTimeout: 30_000 });
const tsx = join(process.cwd(), 'node_modules', 'tsx', 'dist', 'cli.mjs');
// A stand-in renderer folder, so the commands serve files without building the game first.
const rendererDir = mkdtempSync(join(tmpdir(), 'arena-renderer-'));
writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Backprop Arena</title>');

const running: ChildProcess[] = [];
afterEach(() => {
  for (const p of running.splice(0)) p.kill('SIGTERM');
});

function run(script: string, args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [tsx, script, ...args], {
    env: { ...process.env, BACKPROP_ARENA_RENDERER: rendererDir, ...env },
  });
  running.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  const line = (pattern: RegExp, ms = 20_000) =>
    new Promise<RegExpMatchArray>((done, fail) => {
      const timer = setTimeout(() => fail(new Error(`no line matching ${pattern}; stdout: ${stdout} stderr: ${stderr}`)), ms);
      const look = () => {
        const m = stdout.match(pattern);
        if (m) {
          clearTimeout(timer);
          done(m);
        }
      };
      child.stdout!.on('data', look);
      look();
    });
  return { child, line, exited, output: () => ({ stdout, stderr }) };
}

describe('npm run serve', () => {
  it('prints where it listens once ready, and serves the game there with a strict CSP', async () => {
    const serve = run('app/cli/serve.ts', ['--port', '0']);
    const [, url] = await serve.line(/^listening on (http:\/\/127\.0\.0\.1:\d+)$/m);
    const page = await fetch(url + '/');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Backprop Arena');
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    expect(page.headers.get('content-security-policy')).not.toMatch(/unsafe-eval/);
    // Sockets only to this host, by the name the page was loaded with.
    const connectSrc = /connect-src ([^;]*)/.exec(page.headers.get('content-security-policy') ?? '')?.[1];
    const authority = new URL(url).host;
    expect(connectSrc).toBe(`'self' ws://${authority} wss://${authority}`);
    expect((await fetch(url + '/no-such-file.js')).status).toBe(404);
    expect((await fetch(url + '/%2e%2e/%2e%2e/package.json')).status).toBeGreaterThanOrEqual(400);
    const room = await fetch(url + '/matchmake/create/sandbox', { method: 'POST', body: '{}' });
    expect((await room.json()).room.name).toBe('sandbox');
  });

  it('says what is wrong with its options, in one line, and exits 2', async () => {
    const serve = run('app/cli/serve.ts', ['--port', 'eighty']);
    expect(await serve.exited).toBe(2);
    expect(serve.output().stderr.trim().split('\n')).toEqual([expect.stringMatching(/--port must be a whole number/)]);
  });

  it('says so when the port is taken', async () => {
    const first = run('app/cli/serve.ts', ['--port', '0']);
    const [, port] = await first.line(/listening on http:\/\/127\.0\.0\.1:(\d+)/);
    const second = run('app/cli/serve.ts', ['--port', port]);
    expect(await second.exited).toBe(1);
    expect(second.output().stderr).toMatch(new RegExp(`port ${port} is already in use`));
  });
});

describe('npm start in browser mode', () => {
  it('says so in one line, then serves the game to the browser and prints the URL', async () => {
    const start = run('app/cli/start.ts', [], { BACKPROP_ARENA_NO_ELECTRON: '1' });
    const [, url] = await start.line(/^listening on (http:\/\/127\.0\.0\.1:\d+)$/m);
    const lines = start.output().stdout.trim().split('\n');
    expect(lines[0]).toMatch(/no Electron window.*browser instead/);
    expect((await fetch(url + '/')).status).toBe(200);
  });
});

/**
 * Stopping the host: `serve` given SIGTERM after a run of hostile traffic
 * (requests that never finish their headers or body, half-closed sockets
 * that are never read, a WebSocket client that stops reading) must tell
 * its players, close, and exit within a few seconds.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'colyseus.js';
import WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import type { RefusalMessage } from '../../core/protocol.js';

const tsx = join(process.cwd(), 'node_modules', 'tsx', 'dist', 'cli.mjs');
const rendererDir = mkdtempSync(join(tmpdir(), 'arena-renderer-'));
writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Backprop Arena</title>');

const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
});

function serve(): Promise<{ child: ChildProcess; port: number; stderr: () => string }> {
  const child = spawn(process.execPath, [tsx, 'app/cli/serve.ts', '--port', '0'], {
    env: { ...process.env, BACKPROP_ARENA_RENDERER: rendererDir },
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  return new Promise((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`serve did not start: ${stderr}`)), 30_000);
    child.stdout!.on('data', (d) => {
      stdout += d;
      const m = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(stdout);
      if (m) {
        clearTimeout(timer);
        done({ child, port: Number(m[1]), stderr: () => stderr });
      }
    });
  });
}

describe('stopping the host', () => {
  it('exits within a few seconds of SIGTERM after hostile traffic, telling its players first', async () => {
    const { child, port, stderr } = await serve();
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));

    // A player, who should hear that the host is closing.
    const player = await new Client(`ws://127.0.0.1:${port}`).create('sandbox');
    const told: RefusalMessage[] = [];
    player.onMessage('refused', (m: RefusalMessage) => told.push(m));
    const left = new Promise<void>((done) => player.onLeave(() => done()));

    // A WebSocket client that joins a room, then stops reading anything.
    const reservation = (await (await fetch(`http://127.0.0.1:${port}/matchmake/create/sandbox`, { method: 'POST', body: '{}' })).json()) as {
      room: { processId: string; roomId: string };
      sessionId: string;
    };
    const deaf = new WebSocket(`ws://127.0.0.1:${port}/${reservation.room.processId}/${reservation.room.roomId}?sessionId=${reservation.sessionId}`);
    await new Promise((done) => deaf.once('open', done));
    (deaf as unknown as { _socket: { pause(): void } })._socket.pause();
    deaf.on('error', () => {});

    // Requests that never finish, and half-closed sockets with a body left unread.
    const raw = [];
    for (let k = 0; k < 10; k++) {
      const s = connect({ host: '127.0.0.1', port, allowHalfOpen: true });
      s.on('error', () => {});
      if (k % 2 === 0) s.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n');
      else {
        s.write(`POST /matchmake/create/sandbox HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Length: 4000\r\n\r\n` + 'x'.repeat(2300));
        s.end();
      }
      s.pause();
      raw.push(s);
    }
    await new Promise((r) => setTimeout(r, 500));

    const t0 = Date.now();
    child.kill('SIGTERM');
    const code = await exited;
    const took = Date.now() - t0;
    expect(code).toBe(0);
    expect(took).toBeLessThan(8000);
    await left;
    expect(told.map((m) => m.reason)).toContainEqual(expect.stringMatching(/shutting down/));
    expect(stderr()).toMatch(/SIGTERM: closing the rooms and stopping/);
    for (const s of raw) s.destroy();
    deaf.terminate();
  }, 60_000);
});

/**
 * A guest: a browser on another computer of the LAN (a student's) reaching
 * a host that listens beyond loopback. It may join the race hosted there,
 * and nothing else: not the other rooms, and not the host player's
 * progress or settings. Needs an address of this machine other than
 * loopback to come from; without one, the test says so and is skipped.
 */
import { mkdtempSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningHost, startHost } from '../../app/host/server.js';

const lanAddress = Object.values(networkInterfaces())
  .flat()
  .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;

describe.skipIf(!lanAddress)(`a guest on the LAN (${lanAddress ?? 'this machine has no address but loopback'})`, () => {
  let host: RunningHost;

  beforeAll(async () => {
    host = await startHost({ port: 0, host: '0.0.0.0', log: () => {}, dataDir: mkdtempSync(join(tmpdir(), 'bpa-guest-')) });
  });
  afterAll(async () => {
    await host?.close();
  });

  /** A request as a page served from `name` sends it: to `name`, with that Origin. */
  const from = (name: string, path: string, init: RequestInit = {}) =>
    fetch(`http://${name}:${host.port}${path}`, { ...init, headers: { Origin: `http://${name}:${host.port}`, ...(init.headers ?? {}) } });
  const matchmake = (name: string, method: string, room: string, options: object = {}) =>
    from(name, `/matchmake/${method}/${room}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(options) });

  it("is refused the host player's progress and settings, in words, and cannot change them", async () => {
    const own = await from('127.0.0.1', '/api/settings', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ language: 'ja' }) });
    expect(own.status).toBe(200);

    const read = await from(lanAddress!, '/api/progress');
    expect(read.status).toBe(403);
    expect((await read.json()).error).toMatch(/host computer only/);
    const write = await from(lanAddress!, '/api/settings', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ language: 'en' }) });
    expect(write.status).toBe(403);

    const kept = await (await from('127.0.0.1', '/api/progress')).json();
    expect(kept.settings.language).toBe('ja');
  });

  it('may not open a sandbox, a challenge or a lesson, and is told why', async () => {
    for (const room of ['sandbox', 'challenge', 'lesson']) {
      const res = await matchmake(lanAddress!, 'create', room, room === 'challenge' ? { levelId: 'first-steps' } : {});
      expect(res.status, room).toBe(403);
      expect((await res.json()).error, room).toMatch(/only the race hosted here can be joined/);
    }
    // The same requests from the host computer itself open the rooms.
    const own = await matchmake('127.0.0.1', 'create', 'sandbox');
    expect(own.status).toBe(200);
    expect((await own.json()).room?.roomId).toBeTruthy();
  });

  it('may join a race hosted from the host computer, but not host one', async () => {
    const hosted = await matchmake('127.0.0.1', 'create', 'race', { role: 'host' });
    const { room } = await hosted.json();
    expect(room?.roomId).toBeTruthy();

    const joined = await matchmake(lanAddress!, 'joinById', room.roomId, { role: 'player', nickname: 'Ada' });
    expect(joined.status).toBe(200);
    expect((await joined.json()).sessionId).toBeTruthy();

    const hosting = await (await matchmake(lanAddress!, 'create', 'race', { role: 'host' })).json();
    expect(hosting.error).toMatch(/only be hosted from the host computer/);
  });
});

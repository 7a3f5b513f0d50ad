/**
 * The host under attack, through the real server on a loopback port:
 * clients that ask for the most work allowed, hostile HTTP and WebSocket
 * traffic, and pages of other origins. Each test is something a review did
 * to the host, and what a player (or the teacher running it) must see.
 */
import { request } from 'node:http';
import { connect } from 'node:net';
import { Client, type Room } from 'colyseus.js';
import WebSocket from 'ws';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type HostOptions, type RunningHost, matchMaker, startHost } from '../../app/host/server.js';
import { HEAVIEST_CONFIG, heavyPlayersProcess, percentile, stepRoundTrips } from '../../bench/attack.js';
import type { RefusalMessage, WireState } from '../../core/protocol.js';


// Each test starts real processes and servers; on a busy shared machine that takes seconds.
vi.setConfig({ testTimeout: 30_000 });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, get: () => T | undefined | false, ms = 10_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const v = get();
    if (v !== undefined && v !== false) return v;
    if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One HTTP request to the host, with whatever method, headers and body a hostile client likes. */
function http(port: number, method: string, path: string, headers: Record<string, string> = {}, body?: string | Buffer): Promise<Answer> {
  return new Promise((done, fail) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers: { Host: `127.0.0.1:${port}`, ...headers }, timeout: 10_000 }, (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      res.on('error', fail);
    });
    req.on('timeout', () => req.destroy(new Error(`${method} ${path}: no answer within 10 s`)));
    req.on('error', fail);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

const hosts: RunningHost[] = [];
async function host(options: Partial<HostOptions> = {}): Promise<RunningHost> {
  const h = await startHost({ port: 0, host: '127.0.0.1', log: () => {}, ...options });
  hosts.push(h);
  return h;
}
afterEach(async () => {
  for (const h of hosts.splice(0)) await h.close(1000);
});

const ws = (h: RunningHost) => `ws://127.0.0.1:${h.port}`;

async function joined(h: RunningHost): Promise<{ room: Room; refusals: RefusalMessage[] }> {
  const room = await new Client(ws(h)).create('sandbox');
  const refusals: RefusalMessage[] = [];
  room.onMessage('refused', (m: RefusalMessage) => refusals.push(m));
  room.onMessage('trace', () => {});
  await until('first state', () => (room.state as { layers?: unknown })?.layers !== undefined);
  return { room, refusals };
}

const stateOf = (room: Room) => (room.state as { toJSON(): WireState }).toJSON();

describe('work is budgeted, not messages', () => {
  it("keeps another player's step quick while others play the heaviest network at full speed and edit weights at the rate limit", async () => {
    const h = await host();
    const heavy = await heavyPlayersProcess(ws(h), 4);
    try {
      await sleep(1500);
      const times = await stepRoundTrips(ws(h), 60);
      // The real figures (p50, p99) are in `npm run bench`; this bound is generous for a shared
      // machine, and far below the seconds one such player used to cost everyone else.
      expect(percentile(times, 50)).toBeLessThan(300);
    } finally {
      await heavy.stop();
    }
  }, 90_000);

  it('still scores and charts the error of a 10,000-sample dataset while playing it', async () => {
    const h = await host();
    const { room } = await joined(h);
    room.send('configure', { ...HEAVIEST_CONFIG, hidden: [8], dataset: { kind: 'gaussians', count: 10_000, noise: 0.05, testShare: 0.2, seed: 1 } });
    const before = await until('the new network', () => {
      const s = stateOf(room);
      return s.layers.length === 3 && s.trainError >= 0 ? s : undefined;
    });
    room.send('setEta', { eta: 0.5 });
    room.send('setSpeed', { stepsPerSecond: 20_000 });
    room.send('play', {});
    const later = await until('error below its start', () => {
      const s = stateOf(room);
      return s.step > 2000 && s.trainError < before.trainError * 0.5 ? s : undefined;
    }, 30_000);
    expect(later.testError).toBeGreaterThanOrEqual(0);
    await room.leave();
  }, 40_000);

  it('pauses the network of a player who vanished mid-play, and resumes it when they return', async () => {
    const h = await host();
    const client = new Client(ws(h));
    const room = await client.create('sandbox');
    room.onMessage('*', () => {});
    await until('first state', () => (room.state as { layers?: unknown })?.layers !== undefined);
    room.send('setSpeed', { stepsPerSecond: 20_000 });
    room.send('play', {});
    await until('playing', () => stateOf(room).step > 1000);
    const token = room.reconnectionToken;
    const roomId = room.roomId;
    (room.connection as unknown as { close(code?: number): void }).close(3000);
    const onHost = () => (matchMaker.getLocalRoomById(roomId) as unknown as { session: { trainer: { stepCount: number } } }).session.trainer.stepCount;
    await sleep(300);
    const whenGone = onHost();
    await sleep(1500);
    expect(onHost()).toBe(whenGone);
    const back = await client.reconnect(token);
    back.onMessage('*', () => {});
    await until('training again', () => onHost() > whenGone + 1000);
    await until('the state again, still playing', () => (back.state as { layers?: unknown })?.layers !== undefined && stateOf(back).playing);
    await back.leave();
  }, 30_000);

  it('disconnects a client that goes on flooding after being told', async () => {
    const h = await host();
    const { room, refusals } = await joined(h);
    const closed = new Promise<number>((done) => room.onLeave((code) => done(code)));
    for (let k = 0; k < 1500; k++) room.send('pause', {});
    expect(await closed).toBe(4008);
    expect(refusals.some((r) => /slow down/.test(r.reason))).toBe(true);
    expect(refusals.at(-1)?.reason).toMatch(/disconnected/);
  });
});

describe('limits on rooms and connections, refused in words', () => {
  it('refuses rooms beyond the per-address limit and beyond the creation rate', async () => {
    const h = await host({ limits: { maxRoomsPerAddress: 3, roomCreationBurst: 100 } });
    const rooms = await Promise.all([0, 1, 2].map(() => new Client(ws(h)).create('sandbox')));
    await expect(new Client(ws(h)).create('sandbox')).rejects.toThrow(/too many rooms open from your address/);
    await rooms[0].leave();
    await until('a room freed', () => matchMaker.getLocalRoomById(rooms[0].roomId) === undefined);
    const again = await new Client(ws(h)).create('sandbox');
    await Promise.all([again, ...rooms.slice(1)].map((r) => r.leave()));

    const slow = await host({ limits: { roomCreationRate: 1, roomCreationBurst: 2 } });
    const two = await Promise.all([0, 1].map(() => new Client(ws(slow)).create('sandbox')));
    await expect(new Client(ws(slow)).create('sandbox')).rejects.toThrow(/too fast/);
    await Promise.all(two.map((r) => r.leave()));

    const full = await host({ limits: { maxRooms: 2 } });
    const both = await Promise.all([0, 1].map(() => new Client(ws(full)).create('sandbox')));
    await expect(new Client(ws(full)).create('sandbox')).rejects.toThrow(/the host is full/);
    await Promise.all(both.map((r) => r.leave()));
  });

  it('answers connections beyond the per-address limit with 429, and closes slow headers after the header timeout', async () => {
    const h = await host({ limits: { maxConnectionsPerAddress: 5 }, timeouts: { headersMs: 4000 } });
    const sockets = [0, 1, 2, 3, 4].map(() => {
      const s = connect(h.port, '127.0.0.1');
      s.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n'); // never finished
      return s;
    });
    const closedAt = sockets.map((s) => new Promise<number>((done) => s.on('close', () => done(Date.now()))));
    const answers = sockets.map((s) => new Promise<string>((done) => s.on('data', (d) => done(String(d)))));
    await Promise.all(sockets.map((s) => new Promise((done) => (s.readyState === 'open' ? done(null) : s.once('connect', done)))));
    await sleep(300);
    const over = await http(h.port, 'GET', '/').catch((e: Error) => ({ status: -1, body: e.message }) as Answer);
    expect(over.status).toBe(429);
    expect(over.body).toMatch(/too many connections/);
    const t0 = Date.now();
    const closed = await Promise.all(closedAt);
    expect(Math.max(...closed) - t0).toBeLessThan(10_000);
    for (const a of await Promise.all(answers)) expect(a).toMatch(/^HTTP\/1.1 408/);
    // Room again once they are gone.
    expect((await http(h.port, 'GET', '/')).status).toBe(404);
  }, 20_000);
});

describe('matchmaking answers every request, briefly', () => {
  it('answers 405 to HEAD, GET, PUT, DELETE and PATCH on /matchmake, saying what it takes', async () => {
    const h = await host();
    for (const method of ['HEAD', 'GET', 'PUT', 'DELETE', 'PATCH']) {
      const a = await http(h.port, method, '/matchmake/create/sandbox', {}, method === 'HEAD' || method === 'GET' ? undefined : '{}');
      expect(a.status, method).toBe(405);
      expect(a.headers.allow).toBe('POST, OPTIONS');
    }
  });

  it('refuses a large body with 413 at once, without reading it', async () => {
    const h = await host();
    const big = Buffer.alloc(1024 * 1024, 'a');
    const declared = await http(h.port, 'POST', '/matchmake/create/sandbox', { 'Content-Type': 'text/plain' }, big).catch((e: Error) => ({ status: -1, body: e.message }) as Answer);
    expect(declared.status).toBe(413);
    expect(declared.body).toMatch(/larger than 4096 bytes/);
    // Chunked, with no length announced.
    const chunked = await new Promise<number>((done, fail) => {
      const req = request({ host: '127.0.0.1', port: h.port, method: 'POST', path: '/matchmake/create/sandbox', headers: { Host: `127.0.0.1:${h.port}`, 'Transfer-Encoding': 'chunked' } }, (res) => done(res.statusCode ?? 0));
      req.on('error', fail);
      let sent = 0;
      const more = () => {
        while (sent < 64 && req.write(Buffer.alloc(16 * 1024, 'b'))) sent++;
        if (sent < 64) req.once('drain', more);
        else req.end();
      };
      more();
    }).catch(() => 413);
    expect(chunked).toBe(413);
    // A room is still to be had.
    const { room } = await joined(h);
    await room.leave();
  });
});

describe('only the game’s own pages may drive the host', () => {
  it('refuses matchmaking from another origin, and invites none with CORS', async () => {
    const h = await host();
    const evil = await http(h.port, 'POST', '/matchmake/create/sandbox', { Origin: 'http://evil.example', 'Content-Type': 'text/plain' }, '{}');
    expect(evil.status).toBe(403);
    expect(evil.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await http(h.port, 'OPTIONS', '/matchmake/create/sandbox', { Origin: 'http://evil.example', 'Access-Control-Request-Method': 'POST' });
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    expect(preflight.headers['access-control-allow-credentials']).toBeUndefined();
    // Another port of this very machine is another site.
    const otherPort = await http(h.port, 'POST', '/matchmake/create/sandbox', { Origin: `http://localhost:${h.port + 1}`, 'Content-Type': 'text/plain' }, '{}');
    expect(otherPort.status).toBe(403);
    const own = await http(h.port, 'POST', '/matchmake/create/sandbox', { Origin: `http://localhost:${h.port}`, 'Content-Type': 'application/json' }, '{}');
    expect(own.status).toBe(200);
    expect(JSON.parse(own.body).room.name).toBe('sandbox');
  });

  it('answers no request that names another host (DNS rebinding), until the host is told that name', async () => {
    const h = await host();
    expect((await http(h.port, 'GET', '/', { Host: 'evil.example' })).status).toBe(421);
    expect((await http(h.port, 'POST', '/matchmake/create/sandbox', { Host: `evil.example:${h.port}` }, '{}')).status).toBe(421);
    expect((await http(h.port, 'GET', '/', { Host: `localhost:${h.port}` })).status).toBe(404);
    expect((await http(h.port, 'POST', '/matchmake/create/sandbox', { Host: `192.168.7.20:${h.port}`, Origin: `http://192.168.7.20:${h.port}` }, '{}')).status).toBe(421);
    h.allowName('192.168.7.20');
    expect((await http(h.port, 'POST', '/matchmake/create/sandbox', { Host: `192.168.7.20:${h.port}`, Origin: `http://192.168.7.20:${h.port}` }, '{}')).status).toBe(200);
  });

  it('refuses WebSockets from another origin or to another name', async () => {
    const h = await host();
    const open = (headers: Record<string, string>) =>
      new Promise<string>((done) => {
        const s = new WebSocket(`${ws(h)}/whatever/room`, { headers });
        s.on('open', () => {
          done('open');
          s.close();
        });
        s.on('unexpected-response', (_req, res) => done(String(res.statusCode)));
        s.on('error', (e) => done(e.message));
      });
    expect(await open({ Origin: 'http://evil.example' })).toBe('403');
    expect(await open({ Origin: `http://127.0.0.1:${h.port}`, Host: 'evil.example' })).toBe('421');
    expect(await open({ Origin: `http://127.0.0.1:${h.port}` })).toBe('open');
  });
});

describe('hostile messages', () => {
  it('refuses message types named after an object’s prototype, and plays on', async () => {
    const h = await host();
    const { room, refusals } = await joined(h);
    const names = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf'];
    for (const n of names) room.send(n, {});
    await until('every refusal', () => refusals.length >= names.length);
    expect(refusals.map((r) => r.type)).toEqual(names);
    for (const r of refusals) expect(r.reason).toMatch(/unknown message/);
    room.send('step', {});
    await until('a step', () => stateOf(room).step === 1);
    await room.leave();
  });

  it('ignores an undecodable frame, as promised, without disconnecting', async () => {
    const h = await host();
    const { room, refusals } = await joined(h);
    const connection = room.connection as unknown as { send(data: Uint8Array): void };
    connection.send(new Uint8Array([13, 0xa3, 0x61, 0x62, 0x63, 0xc1, 0xc1]));
    connection.send(new Uint8Array([13, 0xd9]));
    await until('two refusals', () => refusals.length >= 2);
    expect(refusals[0].reason).toMatch(/could not be read/);
    room.send('step', {});
    await until('a step', () => stateOf(room).step === 1);
    await room.leave();
  });

  it('limits every η of a schedule as it limits the η slider', async () => {
    const h = await host();
    const { room, refusals } = await joined(h);
    room.send('setSchedule', { schedule: { kind: 'constant', eta: 100 } });
    room.send('setSchedule', { schedule: { kind: 'decay', start: 1, end: 5e-324, halfLife: 10 } });
    room.send('setSchedule', { schedule: { kind: 'decay', start: 2, end: 0.1, halfLife: 10 } });
    await until('two refusals', () => refusals.length >= 2);
    expect(refusals[0].reason).toMatch(/main η must be between 0.0001 and 10/);
    expect(refusals[1].reason).toMatch(/schedule\.end/);
    await until('the good schedule', () => JSON.parse(stateOf(room).scheduleJson).start === 2);
    await room.leave();
  });
});

describe('logs', () => {
  let warn: { mock: { calls: unknown[][] }; mockRestore(): void };
  beforeAll(() => {
    warn = vi.spyOn(console, 'warn');
  });
  afterAll(() => warn.mockRestore());

  it('sends the largest network’s state without overflowing the encoder, and logs garbage in single rate-limited lines', async () => {
    const lines: string[] = [];
    const h = await host({ log: (l) => lines.push(l) });
    const { room } = await joined(h);
    room.send('configure', HEAVIEST_CONFIG);
    await until('the largest network', () => stateOf(room).layers.length === 8);
    room.send('setSpeed', { stepsPerSecond: 20_000 });
    room.send('play', {});
    await until('a long chart', () => stateOf(room).history.length > 50, 20_000);
    expect(warn.mock.calls.filter((c: unknown[]) => /buffer overflow/.test(String(c[0])))).toEqual([]);
    // 100 connections with no seat reserved.
    await Promise.all(
      Array.from({ length: 100 }, () =>
        new Promise<void>((done) => {
          const s = new WebSocket(`${ws(h)}/abc/def?sessionId=nope`);
          s.on('close', () => done());
          s.on('error', () => done());
        }),
      ),
    );
    await room.leave();
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.length).toBeLessThanOrEqual(21);
    for (const l of lines) {
      expect(l).not.toMatch(/\n/);
      expect(l).not.toMatch(/^\s+at /);
    }
  }, 40_000);
});

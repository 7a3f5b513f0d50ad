/**
 * A class behind one address (a school router; loopback for the bench)
 * through the real host: the per-address connection limit must not turn
 * students away from a race, and must still hold connections that take no seat.
 */
import { Client, type Room } from 'colyseus.js';
import { connect } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type RunningHost, startHost } from '../../app/host/server.js';
import type { BoardRow, SelfMessage, SelfUpdate } from '../../core/race/index.js';
import { applySelfUpdate } from '../../core/race/index.js';
import { untilWithin } from './until.js';

const PER_ADDRESS = 6;
let host: RunningHost;
let endpoint: string;

beforeAll(async () => {
  host = await startHost({ port: 0, host: '127.0.0.1', dataDir: null, limits: { maxConnectionsPerAddress: PER_ADDRESS }, race: { countdownSeconds: 1 } });
  endpoint = `ws://127.0.0.1:${host.port}`;
});

afterAll(async () => {
  await host.close();
});

const until = untilWithin(10_000);

interface Player {
  room: Room;
  self(): SelfMessage | null;
}

async function join(code: string, nickname: string): Promise<Player> {
  const room = await new Client(endpoint).joinById(code, { role: 'player', nickname });
  let self: SelfMessage | null = null;
  room.onMessage('you', (u: SelfUpdate) => (self = applySelfUpdate(self, u)));
  room.onMessage('*', () => undefined);
  await until(`${nickname}'s own state`, () => self);
  return { room, self: () => self };
}

it('seats a class that shares one address beyond the connections one address may otherwise open, and still holds a flood of others', async () => {
  const teacher = await new Client(endpoint).create('race', { role: 'host' });
  let rows: BoardRow[] = [];
  teacher.onMessage('board', (b: { rows: BoardRow[] }) => (rows = b.rows));
  teacher.onMessage('*', () => undefined);
  const code = await until('the code', () => (teacher.state as { code?: string } | undefined)?.code);
  const players: Player[] = [];
  for (let k = 0; k < PER_ADDRESS * 2 + 2; k++) players.push(await join(code, `Student ${k + 1}`));
  await until('every student on the leaderboard', () => rows.length === players.length || undefined);
  // Every seat plays, the last to join too.
  teacher.send('race.start', {});
  await until('the race running', () => (teacher.state as { phase?: string }).phase === 'running' || undefined);
  const last = players[players.length - 1];
  last.room.send('step', {});
  await until('the last to join stepped', () => (last.self()?.steps === 1 ? true : undefined));
  // Connections that take no seat still meet the limit per address.
  const flood = Array.from({ length: PER_ADDRESS + 1 }, () => {
    const socket = connect(host.port, '127.0.0.1');
    socket.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n'); // never finished
    return { socket, answer: new Promise<string>((done) => socket.on('data', (d) => done(String(d)))) };
  });
  const refused = await Promise.race(flood.map((f) => f.answer));
  expect(refused).toMatch(/^HTTP\/1.1 429/);
  expect(refused).toMatch(/too many connections/);
  for (const f of flood) f.socket.destroy();
  for (const p of players) await p.room.leave();
  await teacher.leave();
}, 60_000);

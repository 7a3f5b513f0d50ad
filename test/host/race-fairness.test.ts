/**
 * A race on a host whose work budget cannot pay for every player's steps
 * (a busy host, here made busy by a tiny budget), through the real host:
 * everyone slows alike, nobody is skipped, and what each asked for keeps its
 * proportion (a player at twice the speed still takes twice the steps).
 */
import { Client, type Room } from 'colyseus.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type RunningHost, startHost } from '../../app/host/server.js';
import type { BoardMessage } from '../../core/race/index.js';
import { untilWithin } from './until.js';

let host: RunningHost;
let endpoint: string;

beforeAll(async () => {
  // A share of the loop so small that two players at full speed cannot both be paid for.
  host = await startHost({ port: 0, host: '127.0.0.1', dataDir: null, work: { roomShare: 0.004, hostShare: 0.004 }, race: { countdownSeconds: 0 } });
  endpoint = `ws://127.0.0.1:${host.port}`;
});

afterAll(async () => {
  await host.close();
});

const until = untilWithin(100_000);

it('slows every player alike when the host cannot pay for all their steps', async () => {
  const teacher = await new Client(endpoint).create('race', { role: 'host' });
  let board: BoardMessage | null = null;
  teacher.onMessage('board', (b: BoardMessage) => (board = b));
  teacher.onMessage('*', () => undefined);
  const code = await until('the code', () => (teacher.state as { code?: string } | undefined)?.code);
  const players: Room[] = [];
  const busy = Array.from({ length: 40 }, (_, k) => `Busy ${k + 1}`);
  for (const nickname of ['Fast', 'Slow', 'Also fast', ...busy]) {
    const room = await new Client(endpoint).joinById(code, { role: 'player', nickname });
    room.onMessage('*', () => undefined);
    players.push(room);
  }
  teacher.send('race.settings', { challenge: 'first-steps', stepBudget: 1_000_000, timeLimitSeconds: 600 });
  teacher.send('race.start', {});
  await until('the race running', () => (teacher.state as { phase?: string }).phase === 'running' || undefined);
  const [fast, slow, alsoFast, ...others] = players;
  for (const [room, speed] of [[fast, 200], [slow, 100], [alsoFast, 200], ...others.map((o) => [o, 200] as const)] as const) {
    room.send('setSpeed', { stepsPerSecond: speed });
    room.send('play', {});
  }
  const steps = (b: BoardMessage, nickname: string) => b.rows.find((r) => r.nickname === nickname)?.steps ?? 0;
  const seen = await until('a hundred steps', () => {
    const b = board as BoardMessage | null;
    return b && steps(b, 'Fast') >= 100 ? b : undefined;
  });
  // The host could not pay for everything: the race plays slower than asked…
  expect(seen.pacePercent).toBeLessThan(100);
  // …and alike for all: the same speed gets the same steps, half the speed half of them
  // (give or take the ticks between their Play presses).
  const f = steps(seen, 'Fast');
  for (const name of ['Also fast', ...busy]) expect(Math.abs(steps(seen, name) - f), name).toBeLessThanOrEqual(f * 0.1 + 20);
  expect(Math.abs(steps(seen, 'Slow') - f / 2)).toBeLessThanOrEqual(f * 0.1 + 20);
  for (const room of players) await room.leave();
  await teacher.leave();
}, 150_000);

/**
 * A race the size of a hall, made small for a test: a host whose hall
 * begins at 2 players sends the shared clock only every 10 seconds, and
 * the screens (renderer/race-client.ts, run here in Node against the real
 * host on loopback) count it down themselves in between.
 */
import { Client } from 'colyseus.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type RunningHost, startHost } from '../../app/host/server.js';
import { type RaceConnection, hostRace, joinRace } from '../../renderer/race-client.js';
import { untilWithin } from './until.js';

let host: RunningHost;
let endpoint: string;
const open: RaceConnection[] = [];

beforeAll(async () => {
  host = await startHost({ port: 0, host: '127.0.0.1', dataDir: null, race: { countdownSeconds: 0, hallSize: 1 } });
  endpoint = `ws://127.0.0.1:${host.port}`;
});

afterAll(async () => {
  for (const c of open) await c.leave();
  await host.close();
});

const until = untilWithin(20_000);

it("in a hall the student's clock still counts down every second, from a clock the host sets only now and then", async () => {
  const teacher = await hostRace(endpoint);
  open.push(teacher);
  const code = await until('the join code', () => teacher.view?.code);
  const ada = await joinRace(code, 'Ada', endpoint);
  const bob = await joinRace(code, 'Bob', endpoint);
  open.push(ada, bob);
  // A third player on the bare SDK sees the shared state as the host sends it.
  const raw = await new Client(endpoint).joinById(code, { role: 'player', nickname: 'Cy' });
  const sent: number[] = [];
  raw.onStateChange((s: { phase: string; secondsLeft: number }) => {
    if (s.phase === 'running' && sent.at(-1) !== s.secondsLeft) sent.push(s.secondsLeft);
  });
  raw.onMessage('*', () => undefined);
  await until('the players seated', () => (teacher.view?.players ?? 0) >= 3 || undefined);

  teacher.sendHost('race.start', {});
  await until("Ada's race running", () => ada.view?.phase === 'running');
  const shown: number[] = [];
  ada.onView((v) => {
    if (v.phase === 'running' && shown.at(-1) !== v.secondsLeft) shown.push(v.secondsLeft);
  });
  await until('four seconds shown on the clock', () => shown.length >= 4);

  // Ada's screen counted down…
  for (let k = 1; k < shown.length; k++) expect(shown[k]).toBeLessThan(shown[k - 1]);
  // …while the host set the clock fewer times than that (every 10 s in a hall).
  expect(sent.length).toBeLessThan(shown.length);
  await raw.leave();
});

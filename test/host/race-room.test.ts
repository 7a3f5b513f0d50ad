/**
 * Races through the real host: a Colyseus server on a loopback port, a
 * teacher's client and students' clients on the real SDK, as their
 * screens would be.
 */
import { Client, type Room } from 'colyseus.js';
import fc from 'fast-check';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JOIN_REFUSALS } from '../../app/host/race-room.js';
import { type RunningHost, startHost } from '../../app/host/server.js';
import {
  type BoardRow,
  JOIN_CODE_ALPHABET,
  RACE_LIMITS,
  type ResultsMessage,
  type SelfMessage,
  type SelfUpdate,
  applySelfUpdate,
  findRaceLevel,
} from '../../core/race/index.js';
import type { RefusalMessage } from '../../core/protocol.js';
import { untilWithin } from './until.js';

const RECONNECT_SECONDS = 2;
let host: RunningHost;
let endpoint: string;

beforeAll(async () => {
  host = await startHost({ port: 0, host: '127.0.0.1', race: { reconnectSeconds: RECONNECT_SECONDS, countdownSeconds: 1 } });
  endpoint = `ws://127.0.0.1:${host.port}`;
});

afterAll(async () => {
  await host.close();
});

const until = untilWithin(8000);

interface RaceStateJson {
  phase: string;
  code: string;
  countdown: number;
  players: number;
  stepBudget: number;
  timeLimitSeconds: number;
  stepsPerSecondCap: number;
  endReason: string;
}

interface Screen {
  room: Room;
  client: Client;
  state(): RaceStateJson;
  refusals: RefusalMessage[];
  messages: Map<string, unknown[]>;
  /** The player's own updates as they came (what changed), before they are put together. */
  updates: SelfUpdate[];
  last<T>(type: string): T | undefined;
}

function watch(client: Client, room: Room): Screen {
  const messages = new Map<string, unknown[]>();
  const refusals: RefusalMessage[] = [];
  let self: SelfMessage | null = null;
  const updates: SelfUpdate[] = [];
  room.onMessage('*', (type, message) => {
    const key = String(type);
    let body = message;
    if (key === 'you') updates.push(message as SelfUpdate);
    // A player's own state travels as what changed; the screen's view is the sum.
    if (key === 'you') body = self = applySelfUpdate(self, message as SelfUpdate);
    if (key === 'refused') refusals.push(body as RefusalMessage);
    if (!messages.has(key)) messages.set(key, []);
    messages.get(key)!.push(body);
  });
  return {
    room,
    client,
    state: () => (room.state as { toJSON(): RaceStateJson }).toJSON(),
    refusals,
    messages,
    updates,
    last<T>(type: string) {
      const list = messages.get(type);
      return list ? (list[list.length - 1] as T) : undefined;
    },
  };
}

async function hostRace(at = endpoint): Promise<Screen> {
  const client = new Client(at);
  const s = watch(client, await client.create('race', { role: 'host' }));
  await until('the code', () => s.room.state && s.state().code);
  return s;
}

async function joinRace(code: string, nickname: string, at = endpoint): Promise<Screen> {
  const client = new Client(at);
  const s = watch(client, await client.joinById(code, { role: 'player', nickname }));
  await until(`${nickname}'s own state`, () => s.last<SelfMessage>('you'));
  return s;
}

async function joinError(code: string, nickname: string): Promise<{ code: number; message: string }> {
  try {
    const room = await new Client(endpoint).joinById(code, { role: 'player', nickname });
    await room.leave();
  } catch (err) {
    return err as { code: number; message: string };
  }
  throw new Error(`joining as ${JSON.stringify(nickname)} was not refused`);
}

/** Leaves, or gives up waiting for a goodbye on a connection the host already closed. */
async function bye(s: Screen): Promise<void> {
  await Promise.race([s.room.leave().catch(() => undefined), new Promise((r) => setTimeout(r, 1000))]);
}

function board(h: Screen): BoardRow[] {
  return h.last<{ rows: BoardRow[] }>('board')?.rows ?? [];
}

async function start(h: Screen): Promise<void> {
  h.room.send('race.start', {});
  await until('the countdown', () => h.state().phase === 'countdown' || h.state().phase === 'running');
  await until('the race running', () => h.state().phase === 'running');
}

describe('race room', () => {
  it('gives a join code of 5 characters without look-alikes, and opens to the LAN only while hosted', async () => {
    const h = await hostRace();
    const code = h.state().code;
    expect(code).toMatch(new RegExp(`^[${JOIN_CODE_ALPHABET}]{5}$`));
    expect(code).not.toMatch(/[0O1IL2Z5S8B]/);
    const lan = await until('the LAN addresses', () => h.last<{ urls: string[] }>('lan'));
    if (lan.urls.length > 0) {
      // The lobby's address answers while the race is hosted…
      expect(host.lan.isOpen).toBe(true);
      const url = new URL(lan.urls[0]);
      const canConnect = () =>
        new Promise<boolean>((done) => {
          const socket = connect(Number(url.port), url.hostname, () => {
            socket.destroy();
            done(true);
          });
          socket.on('error', () => done(false));
        });
      expect(await canConnect()).toBe(true);
      const p = await joinRace(code, 'Ada');
      await start(h);
      h.room.send('race.end', {});
      await until('the end', () => h.state().phase === 'ended');
      // …and not once it is over.
      await until('the LAN door closed', () => !host.lan.isOpen);
      expect(await canConnect()).toBe(false);
      await p.room.leave();
    }
    await h.room.leave();
  });

  it('lets players join by code, refuses a wrong code, and shows each in the lobby', async () => {
    const h = await hostRace();
    const code = h.state().code;
    const a = await joinRace(code, 'Ada');
    const b = await joinRace(code, '  Grace   Hopper ');
    await until('two rows', () => board(h).length === 2 || undefined);
    expect(board(h).map((r) => r.nickname).sort()).toEqual(['Ada', 'Grace Hopper']);
    await until('a count of two', () => h.state().players === 2 || undefined);
    const wrong = await joinError('XXXXX', 'Linus');
    expect(wrong.message).toMatch(/not found|invalid|XXXXX/i);
    // Both start from the same seeded network.
    expect(a.last<SelfMessage>('you')!.snapshot.weights).toEqual(b.last<SelfMessage>('you')!.snapshot.weights);
    for (const s of [a, b, h]) await s.room.leave();
  });

  it('refuses a nickname that clashes (whatever the case or width) and hostile nicknames, in words', async () => {
    const h = await hostRace();
    const code = h.state().code;
    const a = await joinRace(code, 'Ada');
    const clash = await joinError(code, 'ＡＤＡ');
    expect(clash.code).toBe(JOIN_REFUSALS.taken);
    expect(clash.message).toMatch(/already has that nickname/);
    for (const hostile of ['<img src=x onerror=alert(1)>', '"><script>', 'a\u0000b', '']) {
      const refused = await joinError(code, hostile);
      expect([JOIN_REFUSALS.characters, JOIN_REFUSALS.empty, JOIN_REFUSALS.tooLong]).toContain(refused.code);
    }
    expect((await joinError(code, 'x'.repeat(17))).code).toBe(JOIN_REFUSALS.tooLong);
    // Property: whatever is typed, either it is refused in words, or the name shown is plain text within the rules.
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 24 }), async (typed) => {
        try {
          const room = await new Client(endpoint).joinById(code, { role: 'player', nickname: typed });
          const mine = await until('own state', () => (room as Room).state && true);
          void mine;
          await room.leave();
        } catch (err) {
          expect(Object.values(JOIN_REFUSALS)).toContain((err as { code: number }).code);
        }
      }),
      { numRuns: 25 },
    );
    await until('only Ada left', () => board(h).length === 1 || undefined);
    expect(board(h).every((r) => !/[<>"]/.test(r.nickname))).toBe(true);
    await a.room.leave();
    await h.room.leave();
  });

  it('counts down, then lets players train, capped at the same steps a second for all', async () => {
    const h = await hostRace();
    const code = h.state().code;
    const a = await joinRace(code, 'Ada');
    a.room.send('step', {});
    await until('a refusal before the start', () => a.refusals.find((r) => /not started/.test(r.reason)));
    h.room.send('race.start', {});
    await until('the countdown', () => h.state().phase === 'countdown');
    expect(h.state().countdown).toBeGreaterThan(0);
    await until('running', () => h.state().phase === 'running');
    a.room.send('setSpeed', { stepsPerSecond: 20_000 });
    a.room.send('play', {});
    const playing = await until('playing', () => {
      const you = a.last<SelfMessage>('you');
      return you?.snapshot.playing && you.steps > 0 ? you : undefined;
    });
    expect(playing.snapshot.speed).toBe(RACE_LIMITS.stepsPerSecondCap);
    expect(h.state().stepsPerSecondCap).toBe(RACE_LIMITS.stepsPerSecondCap);
    for (const s of [a, h]) await s.room.leave();
  });

  it('pauses and resumes for everyone, and refuses steering while paused', async () => {
    const h = await hostRace();
    const a = await joinRace(h.state().code, 'Ada');
    await start(h);
    h.room.send('race.pause', {});
    await until('paused', () => h.state().phase === 'paused');
    a.room.send('step', {});
    await until('a refusal while paused', () => a.refusals.find((r) => /paused/.test(r.reason)));
    h.room.send('race.resume', {});
    await until('running again', () => h.state().phase === 'running');
    a.room.send('step', {});
    await until('one step', () => (a.last<SelfMessage>('you')?.steps === 1 ? true : undefined));
    for (const s of [a, h]) await s.room.leave();
  });

  it('ignores race commands from a player: nothing a player sends changes the race or another network', async () => {
    const h = await hostRace();
    const a = await joinRace(h.state().code, 'Ada');
    const b = await joinRace(h.state().code, 'Bob');
    await start(h);
    const bWeights = b.last<SelfMessage>('you')!.snapshot.weights;
    a.room.send('race.end', {});
    a.room.send('race.kick', { seat: b.room.sessionId });
    a.room.send('race.settings', { challenge: 'deep-circles', stepBudget: 10, timeLimitSeconds: 10 });
    a.room.send('configure', { hidden: [16] });
    a.room.send('setWeight', { layer: 0, to: 0, from: 0, value: 3 });
    await until('refusals', () => (a.refusals.length >= 4 ? true : undefined));
    expect(h.state().phase).toBe('running');
    await until('a count of two', () => h.state().players === 2 || undefined);
    b.room.send('pause', {});
    const bNow = await until('b again', () => {
      const list = b.messages.get('you') ?? [];
      return list.length > 2 ? (list[list.length - 1] as SelfMessage) : undefined;
    });
    expect(bNow.snapshot.weights).toEqual(bWeights);
    for (const s of [a, b, h]) await s.room.leave();
  });

  it('survives garbage and floods from many clients, refusing each to its sender only', async () => {
    const h = await hostRace();
    const code = h.state().code;
    const good = await joinRace(code, 'Good');
    const bad = await Promise.all([1, 2, 3].map((k) => joinRace(code, `Bad${k}`)));
    await start(h);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...bad),
        fc.oneof(fc.string(), fc.constantFrom('setEta', 'setWeight', 'step', 'setSchedule', 'race.end', 'race.kick')),
        fc.anything(),
        async (who, type, body) => {
          who.room.send(type, body as never);
        },
      ),
      { numRuns: 60 },
    );
    (bad[0].room.connection as unknown as { send(d: Uint8Array): void }).send(new Uint8Array([13, 0xc1, 0xff, 0x00]));
    good.room.send('step', {});
    await until('the good player stepped', () => (good.last<SelfMessage>('you')?.steps === 1 ? true : undefined));
    expect(good.refusals).toEqual([]);
    expect(h.state().phase).toBe('running');
    for (const s of [good, ...bad, h]) await bye(s);
  }, 60_000);

  it('kicks a player, who cannot take the seat back', async () => {
    const h = await hostRace();
    const code = h.state().code;
    const a = await joinRace(code, 'Ada');
    const token = a.room.reconnectionToken;
    h.room.send('race.kick', { seat: a.room.sessionId });
    await until('told they were removed', () => a.last<{ reason: string }>('closed')?.reason === 'kicked' || undefined);
    await until('gone from the board', () => board(h).length === 0 || undefined);
    await expect(a.client.reconnect(token)).rejects.toBeTruthy();
    expect((await joinError(code, 'Ada')).code).toBe(JOIN_REFUSALS.kicked);
    await h.room.leave();
  });

  it('ranks, ends, and exports the results as CSV', async () => {
    const h = await hostRace();
    const code = h.state().code;
    const a = await joinRace(code, 'Ada');
    const b = await joinRace(code, '-Bob');
    await start(h);
    // Ada takes three steps, Bob one: both far from the target, ranked by error.
    for (let k = 0; k < 3; k++) a.room.send('step', {});
    b.room.send('setEta', { eta: 2 });
    b.room.send('step', {});
    await until('steps taken', () => (a.last<SelfMessage>('you')?.steps === 3 && b.last<SelfMessage>('you')?.steps === 1 ? true : undefined));
    h.room.send('race.end', {});
    const results = await until('results', () => h.last<ResultsMessage>('results'));
    // The results message and the state's patch travel apart: wait for the patch, then check it.
    await until('the race marked ended', () => (h.state().endReason !== '' ? true : undefined));
    expect(h.state().endReason).toBe('host-ended');
    await until('over for players', () => a.last('over'));
    const rows = results.rows;
    expect(rows).toHaveLength(2);
    const errors = rows.map((r) => r.error as number);
    expect(errors[0]).toBeLessThanOrEqual(errors[1]);
    expect(rows.map((r) => r.place)).toEqual(errors[0] === errors[1] ? [1, 1] : [1, 2]);
    const lines = results.csv.trim().split('\r\n');
    expect(lines[0]).toBe('place,nickname,reached,steps,final error,time (s),η,schedule');
    const bob = lines.find((l) => l.includes('Bob'))!;
    expect(bob).toContain("'-Bob");
    expect(bob).toMatch(/,no,1,/);
    expect(bob).toContain(',2,constant 2');
    for (const s of [a, b, h]) await s.room.leave();
  });

  it('gives a dropped player their network, steps and place back within the window, and frees the seat after', async () => {
    const h = await hostRace();
    const code = h.state().code;
    const a = await joinRace(code, 'Ada');
    const b = await joinRace(code, 'Bob');
    await start(h);
    a.room.send('step', {});
    a.room.send('step', {});
    const mine = await until('two steps', () => (a.last<SelfMessage>('you')?.steps === 2 ? a.last<SelfMessage>('you') : undefined));
    const token = a.room.reconnectionToken;
    (a.room.connection as unknown as { close(code?: number): void }).close(3000);
    await until('shown as away', () => board(h).find((r) => r.nickname === 'Ada' && !r.connected));
    const back = watch(a.client, await a.client.reconnect(token));
    const again = await until('own state again', () => back.last<SelfMessage>('you'));
    expect(again.steps).toBe(2);
    expect(again.snapshot.weights).toEqual(mine!.snapshot.weights);
    expect(again.place).toBe(mine!.place);
    // Bob drops and stays away past the window: his seat is freed.
    (b.room.connection as unknown as { close(code?: number): void }).close(3000);
    await until('Bob freed', () => (board(h).length === 1 ? true : undefined), (RECONNECT_SECONDS + 5) * 1000);
    await expect(b.client.reconnect(b.room.reconnectionToken)).rejects.toBeTruthy();
    for (const s of [back, h]) await s.room.leave();
  });

  it('sends a player only what changed of their network, and what their screen puts together is the whole of it', async () => {
    const h = await hostRace();
    const a = await joinRace(h.state().code, 'Ada');
    await start(h);
    a.room.send('setSpeed', { stepsPerSecond: RACE_LIMITS.stepsPerSecondCap });
    a.room.send('play', {});
    await until('a hundred steps', () => ((a.last<SelfMessage>('you')?.steps ?? 0) >= 100 ? true : undefined), 20_000);
    a.room.send('pause', {});
    const paused = await until('paused', () => {
      const y = a.last<SelfMessage>('you');
      return y && !y.snapshot.playing ? y : undefined;
    });
    expect(paused.snapshot.history.length).toBeGreaterThan(2);
    // The whole network went out when it was made (the join, the start); during play only what changed.
    expect(a.updates[0].full).toBeDefined();
    const play = a.updates.findIndex((u) => u.changed?.playing === true);
    expect(play).toBeGreaterThan(0);
    expect(a.updates.slice(play).filter((u) => u.full)).toEqual([]);
    expect(a.updates.some((u) => u.history && (u.historyFrom ?? 0) > 0)).toBe(true);
    // While nothing changes, nothing more is sent (once the last top ten, spaced out, has come).
    await new Promise((r) => setTimeout(r, 1500));
    const quiet = a.updates.length;
    await new Promise((r) => setTimeout(r, 1500));
    expect(a.updates.length).toBe(quiet);
    // A reconnection brings the whole network again: it is what the updates had put together.
    const token = a.room.reconnectionToken;
    (a.room.connection as unknown as { close(code?: number): void }).close(3000);
    await until('shown as away', () => board(h).find((r) => r.nickname === 'Ada' && !r.connected));
    const back = watch(a.client, await a.client.reconnect(token));
    const whole = await until('the whole network again', () => back.updates.find((u) => u.full));
    const before = a.last<SelfMessage>('you')!;
    expect(whole.full).toEqual(before.snapshot);
    expect(back.last<SelfMessage>('you')!.steps).toBe(before.steps);
    for (const s of [back, h]) await s.room.leave();
  }, 40_000);

  it('tells every player when the host leaves', async () => {
    const h = await hostRace();
    const a = await joinRace(h.state().code, 'Ada');
    await h.room.leave();
    await until('told', () => a.last<{ reason: string }>('over'));
    expect(a.last<{ reason: string }>('closed')?.reason ?? a.last<{ reason: string }>('over')?.reason).toMatch(/host/);
    await a.room.leave();
  });

  it('refuses a page from another origin, and a host that is not this computer', async () => {
    const res = await fetch(`http://127.0.0.1:${host.port}/matchmake/create/race`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: 'http://evil.example' },
      body: JSON.stringify({ role: 'host' }),
    });
    const body = (await res.json()) as { error?: string; room?: unknown };
    expect(body.room).toBeUndefined();
    expect(res.status).toBe(403);
    expect(body.error).toMatch(/only the game’s own pages/);
    const same = await fetch(`http://127.0.0.1:${host.port}/matchmake/create/race`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: `http://127.0.0.1:${host.port}` },
      body: JSON.stringify({ role: 'host' }),
    });
    expect(((await same.json()) as { room?: unknown }).room).toBeTruthy();
  });

  it('lets the host change the challenge, budget and time in the lobby only', async () => {
    const h = await hostRace();
    const a = await joinRace(h.state().code, 'Ada');
    h.room.send('race.settings', { challenge: 'deep-circles', stepBudget: 500, timeLimitSeconds: 60 });
    await until('new settings', () => (h.state().stepBudget === 500 ? true : undefined));
    const deep = findRaceLevel('deep-circles')!;
    const you = await until('new network', () => {
      const y = a.last<SelfMessage>('you');
      return y && y.snapshot.layers.length === 4 && y.snapshot.layers[1] === 8 ? y : undefined;
    });
    expect(you.snapshot.layers).toEqual([2, ...deep.network.hidden, 1]);
    h.room.send('race.settings', { challenge: 'deep-circles', stepBudget: 1, timeLimitSeconds: 60 });
    await until('refused', () => h.refusals.find((r) => r.type === 'race.settings'));
    await start(h);
    h.room.send('race.settings', { challenge: 'first-steps', stepBudget: 500, timeLimitSeconds: 60 });
    await until('refused while running', () => h.refusals.find((r) => /only in the lobby/.test(r.reason)));
    for (const s of [a, h]) await s.room.leave();
  });
});

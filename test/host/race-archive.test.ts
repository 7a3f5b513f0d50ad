/**
 * Past races through the real host: races played to their end by real
 * Colyseus clients on a loopback port are kept in the data folder, listed
 * and served by /api/races, survive a restart of the host, are bounded
 * (the oldest go first) and can be deleted; a damaged file is moved aside
 * and the host still starts; the teacher's screen is told whether the
 * results were saved; and a browser elsewhere on the LAN is refused.
 */
import { Client, type Room } from 'colyseus.js';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { RACES_DIR, openRaceArchive, raceFileName } from '../../app/host/race-archive.js';
import { type RunningHost, startHost } from '../../app/host/server.js';
import type { ArchivedMessage, FinishedRace, RaceAnswer, RaceListAnswer, ResultsMessage } from '../../core/race/index.js';
import { untilWithin } from './until.js';

const until = untilWithin(15_000);
const hosts: RunningHost[] = [];
const dirs: string[] = [];

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'bpa-races-'));
  dirs.push(d);
  return d;
}

async function boot(dataDir: string, more: { keptRaces?: number; log?: (l: string) => void; reconnectSeconds?: number } = {}): Promise<RunningHost> {
  const race = { countdownSeconds: 0, ...(more.reconnectSeconds === undefined ? {} : { reconnectSeconds: more.reconnectSeconds }) };
  const host = await startHost({ port: 0, host: '127.0.0.1', dataDir, log: more.log ?? (() => {}), keptRaces: more.keptRaces, race });
  hosts.push(host);
  return host;
}

afterEach(async () => {
  for (const h of hosts.splice(0)) await h.close();
});
afterAll(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true, maxRetries: 5 });
});

interface Seen {
  room: Room;
  messages: Map<string, unknown[]>;
  last<T>(type: string): T | undefined;
  phase(): string;
}

function watch(room: Room): Seen {
  const messages = new Map<string, unknown[]>();
  room.onMessage('*', (type, body) => {
    const key = String(type);
    if (!messages.has(key)) messages.set(key, []);
    messages.get(key)!.push(body);
  });
  return {
    room,
    messages,
    last<T>(type: string) {
      const list = messages.get(type);
      return list ? (list[list.length - 1] as T) : undefined;
    },
    phase: () => (room.state as { phase?: string }).phase ?? '',
  };
}

const ws = (host: RunningHost) => `ws://127.0.0.1:${host.port}`;

async function hostRace(host: RunningHost): Promise<Seen> {
  const s = watch(await new Client(ws(host)).create('race', { role: 'host' }));
  await until('the join code', () => (s.room.state as { code?: string }).code);
  return s;
}

async function joinRace(host: RunningHost, code: string, nickname: string): Promise<Seen> {
  const s = watch(await new Client(ws(host)).joinById(code, { role: 'player', nickname }));
  await until(`${nickname} seated`, () => s.last('you'));
  return s;
}

const codeOf = (s: Seen) => (s.room.state as { code: string }).code;

async function startRace(teacher: Seen): Promise<void> {
  teacher.room.send('race.start', {});
  await until('the race running', () => teacher.phase() === 'running');
}

/** A race the host ends at once, with these players, each having taken one step; resolves to what the teacher's screen was told. */
async function quickRace(host: RunningHost, nicknames: string[]): Promise<ArchivedMessage> {
  const teacher = await hostRace(host);
  const players = [];
  for (const n of nicknames) players.push(await joinRace(host, codeOf(teacher), n));
  await startRace(teacher);
  for (const p of players) p.room.send('step', {});
  await until('the steps on the board', () => {
    const rows = teacher.last<{ rows: { steps: number }[] }>('board')?.rows ?? [];
    return rows.length === nicknames.length && rows.every((r) => r.steps === 1);
  });
  teacher.room.send('race.end', {});
  const note = await until('word of the saved results', () => teacher.last<ArchivedMessage>('archived'));
  for (const s of [teacher, ...players]) await s.room.leave().catch(() => undefined);
  return note;
}

async function api(host: RunningHost, path: string, init: RequestInit = {}): Promise<{ status: number; body: any }> {
  const res = await fetch(`http://127.0.0.1:${host.port}${path}`, init);
  return { status: res.status, body: await res.json() };
}

/** Polls the list until it holds `n` races. */
async function untilListed(host: RunningHost, n: number): Promise<RaceListAnswer['races']> {
  const start = Date.now();
  for (;;) {
    const { races } = await list(host);
    if (races.length === n) return races;
    if (Date.now() - start > 15_000) throw new Error(`timed out waiting for ${n} races to be listed (there are ${races.length})`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function list(host: RunningHost): Promise<RaceListAnswer> {
  const res = await api(host, '/api/races');
  expect(res.status).toBe(200);
  return res.body as RaceListAnswer;
}

describe('past races', () => {
  it('keeps a race played to its end on disk, lists it, serves its rows and CSV, and still has it after a restart', async () => {
    const dataDir = tempDir();
    let host = await boot(dataDir);
    const teacher = await hostRace(host);
    const ada = await joinRace(host, codeOf(teacher), 'Ada');
    const bob = await joinRace(host, codeOf(teacher), "Bob O'Neil");
    // Ten steps each: the race ends by itself once both have used their budget (or reached the target).
    teacher.room.send('race.settings', { challenge: 'first-steps', stepBudget: 10, timeLimitSeconds: 60 });
    await until('the budget of 10', () => (teacher.room.state as { stepBudget: number }).stepBudget === 10);
    await startRace(teacher);
    for (const p of [ada, bob]) {
      p.room.send('setSpeed', { stepsPerSecond: 200 });
      p.room.send('play', {});
    }
    const results = await until('the results', () => teacher.last<ResultsMessage>('results'));
    expect(await until('why it ended', () => (teacher.room.state as { endReason: string }).endReason || undefined)).toBe('finished');
    const note = await until('word of the saved results', () => teacher.last<ArchivedMessage>('archived'));
    expect(note.saved).toBe(true);
    const id = (note as { id: string }).id;
    expect(id).toMatch(/^\d{8}-\d{6}-[0-9a-f]{4}$/);

    // On disk, in the data folder, as the schema says.
    const file = join(dataDir, RACES_DIR, raceFileName(id));
    const onDisk = JSON.parse(readFileSync(file, 'utf8'));
    expect(onDisk.version).toBe(1);
    expect(onDisk.race.rows.map((r: { nickname: string }) => r.nickname).sort()).toEqual(['Ada', "Bob O'Neil"]);
    expect(onDisk.race.stepBudget).toBe(10);
    expect(onDisk.race.timeLimitSeconds).toBe(60);
    expect(onDisk.race.challenge.code).toBe('first-steps');
    expect(onDisk.race.reason).toBe('finished');

    // Listed, with what the list shows.
    const { races } = await list(host);
    expect(races).toHaveLength(1);
    expect(races[0]).toMatchObject({ id, players: 2, reason: 'finished', winner: results.rows[0].nickname });
    expect(races[0].challenge.titleEn).toBeTruthy();
    expect(races[0].challenge.titleJa).toBeTruthy();
    expect(races[0].reached).toBe(results.rows.filter((r) => r.reached).length);
    expect(Date.now() - Date.parse(races[0].ended)).toBeLessThan(10 * 60_000);

    // One race: its rows, and the same CSV the podium exported.
    const one = await api(host, `/api/races/${id}`);
    expect(one.status).toBe(200);
    const answer = one.body as RaceAnswer;
    expect(answer.race.rows).toHaveLength(2);
    expect(answer.race.rows.map((r) => r.steps)).toEqual(results.rows.map((r) => r.steps));
    expect(answer.csv).toBe(results.csv);
    expect(answer.csv.split('\r\n')[0]).toBe('place,nickname,reached,steps,final error,time (s),η,schedule');
    for (const s of [teacher, ada, bob]) await s.room.leave().catch(() => undefined);

    // A restart on the same folder lists it still.
    await host.close();
    host = await boot(dataDir);
    expect((await list(host)).races.map((r) => r.id)).toEqual([id]);
    expect((await api(host, `/api/races/${id}`)).body.csv).toBe(results.csv);
  });

  it("keeps the race when the teacher's window closes mid-race and does not come back", async () => {
    const host = await boot(tempDir(), { reconnectSeconds: 1 });
    const teacher = await hostRace(host);
    const ada = await joinRace(host, codeOf(teacher), 'Ada');
    await startRace(teacher);
    ada.room.send('step', {});
    await until('the step on the board', () => teacher.last<{ rows: { steps: number }[] }>('board')?.rows[0]?.steps === 1);
    // Gone without a goodbye (a closed window, a restarted computer): the host waits for it, then ends the race.
    await teacher.room.leave(false);
    const kept = await untilListed(host, 1);
    expect(kept[0]).toMatchObject({ players: 1, winner: 'Ada', reason: 'host-left' });
    await ada.room.leave().catch(() => undefined);
  });

  it('keeps no race without players, nor one ended in the lobby', async () => {
    const host = await boot(tempDir());
    // Ended in the lobby with a player seated: never played.
    const t1 = await hostRace(host);
    const p1 = await joinRace(host, codeOf(t1), 'Lobby');
    t1.room.send('race.end', {});
    await until('the end', () => t1.phase() === 'ended');
    // Played, but the only player left before the end: nobody to keep.
    const t2 = await hostRace(host);
    const p2 = await joinRace(host, codeOf(t2), 'Leaver');
    await startRace(t2);
    await p2.room.leave();
    await until('an empty board', () => t2.last<{ rows: unknown[] }>('board')?.rows.length === 0);
    t2.room.send('race.end', {});
    await until('the results', () => t2.last<ResultsMessage>('results'));
    for (const s of [t1, p1, t2]) await s.room.leave().catch(() => undefined);
    // A race kept after them, in turn: had either been kept, it would be listed before this one's word came.
    const note = await quickRace(host, ['Kept']);
    expect(note.saved).toBe(true);
    const { races } = await list(host);
    expect(races.map((r) => r.winner)).toEqual(['Kept']);
    expect(t1.last('archived')).toBeUndefined();
    expect(t2.last('archived')).toBeUndefined();
  });

  it('keeps at most the bound, dropping the oldest first', async () => {
    const dataDir = tempDir();
    const host = await boot(dataDir, { keptRaces: 2 });
    const ids: string[] = [];
    for (const name of ['First', 'Second', 'Third']) {
      const note = await quickRace(host, [name]);
      if (!note.saved) throw new Error(`not saved: ${note.reason}`);
      ids.push(note.id);
    }
    const { races, max } = await list(host);
    expect(max).toBe(2);
    expect(races.map((r) => r.winner)).toEqual(['Third', 'Second']);
    expect(existsSync(join(dataDir, RACES_DIR, raceFileName(ids[0])))).toBe(false);
    expect(readdirSync(join(dataDir, RACES_DIR)).filter((f) => f.endsWith('.json')).sort()).toEqual([raceFileName(ids[1]), raceFileName(ids[2])].sort());
    expect((await api(host, `/api/races/${ids[0]}`)).status).toBe(404);
  });

  it('deletes a race on request, and answers bad ids and methods in words', async () => {
    const dataDir = tempDir();
    const host = await boot(dataDir);
    const note = await quickRace(host, ['Gone']);
    if (!note.saved) throw new Error(`not saved: ${note.reason}`);
    const del = await api(host, `/api/races/${note.id}`, { method: 'DELETE' });
    expect(del.status).toBe(200);
    expect((await list(host)).races).toEqual([]);
    expect(existsSync(join(dataDir, RACES_DIR, raceFileName(note.id)))).toBe(false);
    const again = await api(host, `/api/races/${note.id}`, { method: 'DELETE' });
    expect(again.status).toBe(404);
    expect(again.body.error).toMatch(/no past race/);
    const bad = await api(host, '/api/races/..%2Fprogress');
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/not a race id/);
    const post = await api(host, '/api/races', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(post.status).toBe(405);
    expect(post.body.error).toMatch(/can only be read/);
    // And the progress file next to the races is untouched by all this.
    expect((await api(host, '/api/progress')).status).toBe(200);
  });

  it('moves a damaged race file aside with a message, keeps the others, and starts', async () => {
    const dataDir = tempDir();
    let host = await boot(dataDir);
    const note = await quickRace(host, ['Whole']);
    if (!note.saved) throw new Error(`not saved: ${note.reason}`);
    await host.close();
    const races = join(dataDir, RACES_DIR);
    const broken = raceFileName('20250101-120000-abcd');
    writeFileSync(join(races, broken), '{"version": 1, "race": {"id": "20250101-1');
    const lines: string[] = [];
    host = await boot(dataDir, { log: (l) => lines.push(l) });
    expect((await list(host)).races.map((r) => r.id)).toEqual([note.id]);
    expect(lines.join('\n')).toMatch(/is not valid JSON; it was moved to .*unreadable/);
    const aside = readdirSync(races).filter((f) => f.startsWith(`${broken}.unreadable-`));
    expect(aside).toHaveLength(1);
    expect(readFileSync(join(races, aside[0]), 'utf8')).toContain('"version": 1');
  });

  it('moves aside a races folder that is not a folder, and keeps the next race', async () => {
    const dataDir = tempDir();
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(join(dataDir, RACES_DIR), 'not a folder');
    const lines: string[] = [];
    const host = await boot(dataDir, { log: (l) => lines.push(l) });
    expect(lines.join('\n')).toMatch(/is not a folder; it was moved to/);
    expect((await list(host)).races).toEqual([]);
    const note = await quickRace(host, ['After']);
    expect(note.saved).toBe(true);
    expect((await list(host)).races.map((r) => r.winner)).toEqual(['After']);
  });

  it("tells the teacher's screen when the results could not be saved", async () => {
    const dataDir = tempDir();
    const host = await boot(dataDir);
    // Where the races folder should be, after the host started: a file in the way.
    writeFileSync(join(dataDir, RACES_DIR), 'in the way');
    const note = await quickRace(host, ['Unsaved']);
    expect(note.saved).toBe(false);
    expect((note as { reason: string }).reason).toMatch(/could not write/);
    expect((await list(host)).races).toEqual([]);
  });
});

const lanAddress = Object.values(networkInterfaces())
  .flat()
  .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;

describe.skipIf(!lanAddress)(`past races from another computer (${lanAddress ?? 'this machine has no address but loopback'})`, () => {
  it('are refused with 403, in words, and cannot be deleted', async () => {
    const host = await startHost({ port: 0, host: '0.0.0.0', log: () => {}, dataDir: tempDir(), race: { countdownSeconds: 0 } });
    hosts.push(host);
    const note = await quickRace(host, ['Private']);
    if (!note.saved) throw new Error(`not saved: ${note.reason}`);
    const from = (path: string, method = 'GET') =>
      fetch(`http://${lanAddress}:${host.port}${path}`, { method, headers: { Origin: `http://${lanAddress}:${host.port}` } });
    for (const [path, method] of [['/api/races', 'GET'], [`/api/races/${note.id}`, 'GET'], [`/api/races/${note.id}`, 'DELETE']]) {
      const res = await from(path, method);
      expect(res.status, `${method} ${path}`).toBe(403);
      expect((await res.json()).error).toMatch(/teacher at the host computer only/);
    }
    expect((await list(host)).races.map((r) => r.id)).toEqual([note.id]);
  });
});

describe('the race archive, file by file', () => {
  const race = (nickname: string, ended: string): FinishedRace => ({
    ended,
    challenge: { code: 'first-steps', titleEn: 'First steps', titleJa: 'はじめの一歩' },
    targetError: 0.05,
    targetOn: 'train',
    stepBudget: 6000,
    timeLimitSeconds: 180,
    playedSeconds: 42.5,
    reason: 'time',
    rows: [{ place: 1, nickname, reached: false, steps: 120, error: 0.12, seconds: 42.5, eta: 0.5, schedule: { kind: 'constant', eta: 0.5 } }],
  });

  it('drops the race that ended first, whatever order the races were kept in', async () => {
    const archive = openRaceArchive(tempDir(), { max: 2, log: () => {} });
    await archive.keep(race('Noon', '2026-11-30T12:00:00.000Z'));
    await archive.keep(race('Morning', '2026-11-30T09:00:00.000Z'));
    await archive.keep(race('Evening', '2026-11-30T18:00:00.000Z'));
    expect(archive.list().map((r) => r.winner)).toEqual(['Evening', 'Noon']);
    expect(archive.list()[0].id).toMatch(/^20261130-180000-[0-9a-f]{4}$/);
  });

  it('refuses results that break the format, saying why, and writes nothing', async () => {
    const dir = tempDir();
    const archive = openRaceArchive(dir, { log: () => {} });
    const note = await archive.keep({ ...race('Ada', '2026-11-30T12:00:00.000Z'), stepBudget: -1 });
    expect(note).toEqual({ saved: false, reason: expect.stringMatching(/stepBudget/) });
    expect(existsSync(join(dir, RACES_DIR))).toBe(false);
  });

  it('moves aside a file from a newer game, and one whose race is not the one its name says', async () => {
    const dir = tempDir();
    const first = openRaceArchive(dir, { log: () => {} });
    const kept = await first.keep(race('Ada', '2026-11-30T12:00:00.000Z'));
    if (!kept.saved) throw new Error(kept.reason);
    const races = join(dir, RACES_DIR);
    const text = readFileSync(join(races, raceFileName(kept.id)), 'utf8');
    writeFileSync(join(races, raceFileName('20261201-000000-0000')), text.replace('"version":1', '"version":2'));
    writeFileSync(join(races, raceFileName('20261202-000000-0000')), text);
    const lines: string[] = [];
    const again = openRaceArchive(dir, { log: (l) => lines.push(l) });
    expect(again.list().map((r) => r.id)).toEqual([kept.id]);
    expect(lines.join('\n')).toMatch(/newer version of the game \(file version 2\)/);
    expect(lines.join('\n')).toMatch(new RegExp(`holds race ${kept.id}, not 20261202-000000-0000`));
    expect(readdirSync(races).filter((f) => f.includes('.unreadable-'))).toHaveLength(2);
  });

  it('answers 404 for a race whose file was damaged after the host started, and moves it aside', async () => {
    const dataDir = tempDir();
    const host = await boot(dataDir);
    const note = await quickRace(host, ['Damaged']);
    if (!note.saved) throw new Error(note.reason);
    writeFileSync(join(dataDir, RACES_DIR, raceFileName(note.id)), 'garbage');
    const res = await api(host, `/api/races/${note.id}`);
    expect(res.status).toBe(404);
    expect((await list(host)).races).toEqual([]);
    expect(readdirSync(join(dataDir, RACES_DIR)).some((f) => f.startsWith(`${raceFileName(note.id)}.unreadable-`))).toBe(true);
  });
});

/**
 * The challenge room through the real host on a loopback port, joined by
 * the real client SDK. The host decides: a cheater's intents — claiming a
 * win, changing the network or the budget, stepping past the budget,
 * editing locked weights, moving a fixed η — are refused in words, and a
 * real win is written to the progress file.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, type Room } from 'colyseus.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningHost, startHost } from '../../app/host/server.js';
import { levelCode, levelIndex } from '../../core/index.js';
import type { RefusalMessage } from '../../core/protocol.js';

let host: RunningHost;
let endpoint: string;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'bpa-challenge-'));
  host = await startHost({ port: 0, host: '127.0.0.1', dataDir });
  endpoint = `ws://127.0.0.1:${host.port}`;
});

afterAll(async () => {
  await host.close();
  rmSync(dataDir, { recursive: true, force: true });
});

interface Wire {
  step: number;
  weights: number[];
  layers: number[];
  eta: number;
  outcomeJson: string;
  levelJson: string;
  targetError: number;
}

async function enter(options: object): Promise<{ room: Room; refusals: RefusalMessage[]; state(): Wire; until(f: (w: Wire) => boolean, ms?: number): Promise<Wire>; refusal(type: string): Promise<RefusalMessage> }> {
  const room = await new Client(endpoint).create('challenge', options);
  const refusals: RefusalMessage[] = [];
  room.onMessage('refused', (m: RefusalMessage) => refusals.push(m));
  room.onMessage('trace', () => undefined);
  const state = () => (room.state as { toJSON(): Wire }).toJSON();
  const until = async (f: (w: Wire) => boolean, ms = 20_000) => {
    const start = Date.now();
    for (;;) {
      if ((room.state as { layers?: unknown })?.layers) {
        const w = state();
        if (f(w)) return w;
      }
      if (Date.now() - start > ms) throw new Error(`timed out; last state ${JSON.stringify(state()).slice(0, 300)}`);
      await new Promise((ok) => setTimeout(ok, 20));
    }
  };
  const refusal = async (type: string) => {
    const start = Date.now();
    for (;;) {
      const r = refusals.find((m) => m.type === type);
      if (r) return r;
      if (Date.now() - start > 5000) throw new Error(`no refusal of ${type}; got ${JSON.stringify(refusals)}`);
      await new Promise((ok) => setTimeout(ok, 20));
    }
  };
  await until((w) => w.levelJson !== '');
  return { room, refusals, state, until, refusal };
}

describe('the challenge room', () => {
  it('refuses to open a level that is still locked, or an unreadable code', async () => {
    await expect(new Client(endpoint).create('challenge', { levelId: 'choose-eta' })).rejects.toThrow(/locked/);
    await expect(new Client(endpoint).create('challenge', { code: 'NOT-A-CODE' })).rejects.toThrow(/code/);
  });

  it('refuses a cheater: no claimed win, no new network, no change of budget, no locked weights, no fixed η', async () => {
    // choose-eta, opened by its code: training only (weights locked), constant schedule.
    const p = await enter({ code: levelCode(levelIndex('choose-eta')) });
    const before = p.state();
    p.room.send('win', { stars: 3 });
    p.room.send('outcome', { kind: 'won' });
    p.room.send('configure', { hidden: [16, 16] });
    p.room.send('setBudget', { budget: 1_000_000 });
    p.room.send('setWeight', { layer: 2, to: 0, from: 0, value: 5 });
    p.room.send('setSchedule', { schedule: { kind: 'decay', start: 2, end: 1, halfLife: 100 } });
    expect((await p.refusal('win')).reason).toMatch(/unknown message/);
    expect((await p.refusal('outcome')).reason).toMatch(/unknown message/);
    expect((await p.refusal('configure')).reason).toMatch(/level sets its own network/);
    expect((await p.refusal('setBudget')).reason).toMatch(/unknown message/);
    expect((await p.refusal('setWeight')).reason).toMatch(/weights are locked/);
    expect((await p.refusal('setSchedule')).reason).toMatch(/schedule is fixed/);
    const after = p.state();
    expect(after.outcomeJson).toBe('');
    expect(after.layers).toEqual(before.layers);
    expect(after.weights).toEqual(before.weights);
    expect(JSON.parse(after.levelJson).budget).toBe(3500);
    await p.room.leave();
  });

  it('keeps a fixed η fixed and a hand-only level untrained', async () => {
    const decay = await enter({ code: levelCode(levelIndex('decay')) });
    decay.room.send('setEta', { eta: 8 });
    expect((await decay.refusal('setEta')).reason).toMatch(/η is fixed/);
    await decay.room.leave();
    const hand = await enter({ code: levelCode(levelIndex('by-hand')) });
    hand.room.send('step', {});
    hand.room.send('play', {});
    expect((await hand.refusal('step')).reason).toMatch(/by hand only/);
    expect((await hand.refusal('play')).reason).toMatch(/by hand only/);
    expect(hand.state().step).toBe(0);
    await hand.room.leave();
  });

  it('stops at the budget: a lost attempt takes no more steps until Retry', async () => {
    // choose-eta at its own η (0.05) runs out of its 3,500 steps.
    const p = await enter({ code: levelCode(levelIndex('choose-eta')) });
    p.room.send('setSpeed', { stepsPerSecond: 20_000 });
    p.room.send('play', {});
    const lost = await p.until((w) => w.outcomeJson !== '');
    expect(JSON.parse(lost.outcomeJson)).toMatchObject({ kind: 'lost', why: 'budget' });
    expect(lost.step).toBe(3500);
    p.room.send('step', {});
    expect((await p.refusal('step')).reason).toMatch(/attempt is over/);
    expect(p.state().step).toBe(3500);
    p.room.send('reset', {});
    const again = await p.until((w) => w.outcomeJson === '');
    expect(again.step).toBe(0);
    await p.room.leave();
  });

  it('decides a real win, writes it to disk, and opens the next level', async () => {
    const p = await enter({ levelId: 'first-steps' });
    p.room.send('setSpeed', { stepsPerSecond: 20_000 });
    p.room.send('play', {});
    const won = await p.until((w) => w.outcomeJson !== '');
    const outcome = JSON.parse(won.outcomeJson);
    expect(outcome).toMatchObject({ kind: 'won', stars: 3 });
    expect(won.targetError).toBeLessThanOrEqual(0.05);
    await p.room.leave();
    const progressOnDisk = async () => JSON.parse(readFileSync(join(dataDir, 'progress.json'), 'utf8'));
    for (let k = 0; k < 100; k++) {
      try {
        if ((await progressOnDisk()).levels['first-steps']) break;
      } catch {
        // not written yet
      }
      await new Promise((ok) => setTimeout(ok, 50));
    }
    expect((await progressOnDisk()).levels['first-steps']).toEqual({ stars: 3, bestSteps: outcome.steps, bestError: outcome.error });
    const res = await fetch(`http://127.0.0.1:${host.port}/api/progress`);
    expect((await res.json()).levels['first-steps'].stars).toBe(3);
    const next = await enter({ levelId: 'choose-eta' });
    await next.room.leave();
  });

  it('keeps settings sent by the renderer, and refuses settings that are not settings', async () => {
    const url = `http://127.0.0.1:${host.port}/api/settings`;
    const ok = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ language: 'ja', reducedMotion: true }) });
    expect(ok.status).toBe(200);
    const bad = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ language: 'klingon' }) });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatch(/language/);
    const plain = await fetch(url, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{}' });
    expect(plain.status).toBe(415);
    const stored = await (await fetch(`http://127.0.0.1:${host.port}/api/progress`)).json();
    expect(stored.settings).toEqual({ language: 'ja', reducedMotion: true });
  });
});

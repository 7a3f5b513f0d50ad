/**
 * The live training of the last lesson through the real host: the room
 * plays the lesson's run like a level, and only the host decides when the
 * target error is reached within the budget. A network it does not own,
 * a claimed pass or a rule change mid-run are refused in words; the
 * article's rule runs out of budget; a good η with the exact rule wins and
 * marks the lesson done.
 */
import { Client, type Room } from 'colyseus.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningHost, startHost } from '../../app/host/server.js';
import { memoryLessonProgress } from '../../app/host/lesson-progress.js';
import { type LessonProgressStore } from '../../app/host/lesson-progress.js';
import { LESSON_IDS } from '../../core/lessons/index.js';
import type { RefusalMessage } from '../../core/protocol.js';

let host: RunningHost;
let endpoint: string;
let progress: LessonProgressStore;

beforeAll(async () => {
  // Every lesson before the last is done.
  progress = memoryLessonProgress(LESSON_IDS.filter((id) => id !== 'xor'));
  host = await startHost({ port: 0, host: '127.0.0.1', lessonProgress: progress });
  endpoint = `ws://127.0.0.1:${host.port}`;
});

afterAll(async () => {
  await host.close();
});

interface Wire {
  step: number;
  rule: string;
  layers: number[];
  outcomeJson: string;
  targetError: number;
  levelJson: string;
}

async function enter(): Promise<{ room: Room; state(): Wire; until(f: (w: Wire) => boolean): Promise<Wire>; refusal(type: string, reason: RegExp): Promise<RefusalMessage> }> {
  const room = await new Client(endpoint).create('lesson-train', { lesson: 'xor' });
  const refusals: RefusalMessage[] = [];
  room.onMessage('refused', (m: RefusalMessage) => refusals.push(m));
  room.onMessage('trace', () => undefined);
  const state = () => (room.state as { toJSON(): Wire }).toJSON();
  const poll = async <T>(read: () => T | undefined, what: string): Promise<T> => {
    const start = Date.now();
    for (;;) {
      const v = read();
      if (v !== undefined) return v;
      if (Date.now() - start > 60_000) throw new Error(`timed out waiting for ${what}`);
      await new Promise((ok) => setTimeout(ok, 20));
    }
  };
  const until = (f: (w: Wire) => boolean) => poll(() => ((room.state as { layers?: unknown })?.layers && f(state()) ? state() : undefined), 'the state');
  const refusal = (type: string, reason: RegExp) => poll(() => refusals.find((m) => m.type === type && reason.test(m.reason)), `a refusal of ${type} saying ${reason}`);
  await until((w) => w.levelJson !== '');
  return { room, state, until, refusal };
}

describe('the live training of lesson 9', () => {
  it('refuses a lesson with no live training, and a missing one', async () => {
    await expect(new Client(endpoint).create('lesson-train', { lesson: 'neuron' })).rejects.toThrow(/no live training/);
    await expect(new Client(endpoint).create('lesson-train', {})).rejects.toThrow(/say which lesson/);
  });

  it('keeps its own network, refuses a claimed pass, and lets the rule change only before the first step', async () => {
    const p = await enter();
    expect(p.state().layers).toEqual([2, 3, 2, 1]);
    p.room.send('configure', { hidden: [8] });
    p.room.send('win', {});
    await p.refusal('configure', /sets its own network/);
    await p.refusal('win', /unknown message/);
    p.room.send('configure', { rule: 'article' });
    await p.until((w) => w.rule === 'article');
    p.room.send('step', {});
    await p.until((w) => w.step === 1);
    p.room.send('configure', { rule: 'exact' });
    await p.refusal('configure', /before the first step/);
    await p.room.leave();
  });

  it('the article\'s rule runs out of budget above the target; the lesson stays open', async () => {
    const p = await enter();
    p.room.send('configure', { rule: 'article' });
    p.room.send('setEta', { eta: 2 });
    p.room.send('setSpeed', { stepsPerSecond: 20_000 });
    p.room.send('play', {});
    const end = await p.until((w) => w.outcomeJson !== '');
    expect(JSON.parse(end.outcomeJson)).toMatchObject({ kind: 'lost', why: 'budget', steps: 10_000 });
    expect(end.targetError).toBeGreaterThan(0.01);
    expect(progress.done()).not.toContain('xor');
    await p.room.leave();
  });

  it('the starting η is too small for the budget; η = 1 with the exact rule reaches the target and the lesson is done', async () => {
    const slow = await enter();
    slow.room.send('setSpeed', { stepsPerSecond: 20_000 });
    slow.room.send('play', {});
    const missed = await slow.until((w) => w.outcomeJson !== '');
    expect(JSON.parse(missed.outcomeJson)).toMatchObject({ kind: 'lost', why: 'budget' });
    await slow.room.leave();

    const p = await enter();
    p.room.send('setEta', { eta: 1 });
    p.room.send('setSpeed', { stepsPerSecond: 20_000 });
    p.room.send('play', {});
    const won = await p.until((w) => w.outcomeJson !== '');
    const outcome = JSON.parse(won.outcomeJson);
    expect(outcome).toMatchObject({ kind: 'won' });
    expect(outcome.steps).toBeLessThanOrEqual(10_000);
    expect(outcome.error).toBeLessThanOrEqual(0.01);
    expect(won.step).toBe(outcome.steps);
    expect(progress.done()).toContain('xor');
    // A won run takes no more steps.
    p.room.send('step', {});
    await p.refusal('step', /over/);
    await p.room.leave();
  });
});

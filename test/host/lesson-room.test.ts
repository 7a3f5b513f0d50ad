/**
 * The lessons through the real host: a Colyseus server on a loopback port,
 * joined by the real client SDK. Each number check is answered from the
 * numbers it gives, worked out here by the article's formulas (not by the
 * code under test), once wrong and once right; the host must refuse the
 * wrong answer with a hint and take the right one.
 */
import { Client, type Room } from 'colyseus.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningHost, startHost } from '../../app/host/server.js';
import { memoryLessonProgress } from '../../app/host/lesson-progress.js';
import type { LessonId, LessonVerdict, LessonView, NumberPrompt, SlopeReading, TrialPrompt } from '../../core/lessons/index.js';
import type { RefusalMessage } from '../../core/protocol.js';

let host: RunningHost;
let endpoint: string;

beforeAll(async () => {
  host = await startHost({ port: 0, host: '127.0.0.1', lessonProgress: memoryLessonProgress() });
  endpoint = `ws://127.0.0.1:${host.port}`;
});

afterAll(async () => {
  await host.close();
});

interface Player {
  room: Room;
  next<T>(type: string, ms?: number): Promise<T>;
  ask<T>(type: string, body: unknown, reply: string): Promise<T>;
}

async function join(): Promise<Player> {
  const room = await new Client(endpoint).create('lesson');
  const inbox = new Map<string, unknown[]>();
  const waiting = new Map<string, ((v: unknown) => void)[]>();
  for (const type of ['lesson', 'verdict', 'slope', 'trace', 'refused', 'progress']) {
    room.onMessage(type, (m: unknown) => {
      const w = waiting.get(type);
      if (w && w.length) w.shift()!(m);
      else inbox.set(type, [...(inbox.get(type) ?? []), m]);
    });
  }
  const next = <T>(type: string, ms = 10_000) =>
    new Promise<T>((resolve, reject) => {
      const queued = inbox.get(type);
      if (queued && queued.length) return resolve(queued.shift() as T);
      const timer = setTimeout(() => reject(new Error(`no ${type} message within ${ms} ms`)), ms);
      waiting.set(type, [...(waiting.get(type) ?? []), (v) => (clearTimeout(timer), resolve(v as T))]);
    });
  return {
    room,
    next,
    async ask<T>(type: string, body: unknown, reply: string) {
      room.send(type, body);
      return next<T>(reply);
    },
  };
}

const f = (e: number) => 1 / (1 + Math.exp(-e));

/** The answer to a number check, from its given numbers by the article's formulas. */
function solve(p: NumberPrompt): number {
  const g = Object.fromEntries(p.given.map((v) => [v.name, v.value]));
  switch (p.lesson) {
    case 'neuron':
      return f(g['w(x1)1'] * g.x1 + g['w(x2)1'] * g.x2);
    case 'data':
      return g.x1 !== g.x2 ? 1 : 0;
    case 'forward':
      return f(g.w14 * g.y1 + g.w24 * g.y2 + g.w34 * g.y3);
    case 'error':
      return g.z - g.y;
    case 'backward':
      return g.w14 * (g.w46 * g['δ']) + g.w15 * (g.w56 * g['δ']);
    case 'update':
      return g.w46 + g['η'] * g['δ'] * g.y6 * (1 - g.y6) * g.y4;
    default:
      throw new Error(`no number check in ${p.lesson}`);
  }
}

const NUMBER_LESSONS: LessonId[] = ['neuron', 'data', 'forward', 'error', 'backward', 'update'];

describe('lesson checks through the host', () => {
  it('refuses a lesson that is not open yet, and opens the first', async () => {
    const p = await join();
    const refused = await p.ask<RefusalMessage>('open', { lesson: 'update' }, 'refused');
    expect(refused.reason).toMatch(/finish the lessons before this one/);
    const view = await p.ask<LessonView>('open', { lesson: 'neuron' }, 'lesson');
    expect(view.lesson).toBe('neuron');
    expect(view.passed).toBe(false);
    await p.room.leave();
  });

  it('refuses a wrong answer with a hint and takes the right one, for every number lesson in order', async () => {
    const p = await join();
    for (const lesson of NUMBER_LESSONS) {
      const view = await p.ask<LessonView>('open', { lesson }, 'lesson');
      const check = view.check as NumberPrompt;
      expect(check.kind).toBe('number');
      // The renderer gets the question, never the answer: the asked value is "?" (null) in the picture.
      expect(JSON.stringify(check)).not.toContain('"answer"');
      const right = solve(check);
      const wrong = right + 10 * check.tolerance + 0.5;
      const no = await p.ask<LessonVerdict>('answer', { value: wrong }, 'verdict');
      expect(no.correct, lesson).toBe(false);
      expect(no.hint?.formula.length, lesson).toBeGreaterThan(3);
      expect(no.hint?.parts.length, lesson).toBeGreaterThan(0);
      const after = await p.next<LessonView>('lesson');
      expect(after.attempts).toBe(1);
      expect(after.passed).toBe(false);
      const yes = await p.ask<LessonVerdict>('answer', { value: right + check.tolerance * 0.8 }, 'verdict');
      expect(yes.correct, lesson).toBe(true);
      const done = await p.next<LessonView>('lesson');
      expect(done.passed).toBe(true);
      expect(done.done).toContain(lesson);
    }
    await p.room.leave();
  });

  it('recognises a forgotten f(e) and says so', async () => {
    const p = await join();
    const view = await p.ask<LessonView>('open', { lesson: 'neuron' }, 'lesson');
    const g = Object.fromEntries((view.check as NumberPrompt).given.map((v) => [v.name, v.value]));
    const e1 = g['w(x1)1'] * g.x1 + g['w(x2)1'] * g.x2;
    const v = await p.ask<LessonVerdict>('answer', { value: e1 }, 'verdict');
    expect(v.correct).toBe(false);
    expect(v.hint?.key).toBe('hint.neuron.forgotF');
    expect(v.hint?.parts).toEqual([{ kind: 'f', l: 1, j: 0 }]);
    await p.room.leave();
  });

  it('draws new numbers on request', async () => {
    const p = await join();
    const a = await p.ask<LessonView>('open', { lesson: 'forward' }, 'lesson');
    const b = await p.ask<LessonView>('newCheck', {}, 'lesson');
    expect((b.check as NumberPrompt).given).not.toEqual((a.check as NumberPrompt).given);
    await p.room.leave();
  });

  it('lesson 7: a too-small η misses the target within the budget; a good one reaches it', async () => {
    const p = await join();
    const view = await p.ask<LessonView>('open', { lesson: 'eta' }, 'lesson');
    const check = view.check as TrialPrompt;
    expect(check.kind).toBe('trial');
    const slow = await p.ask<LessonVerdict>('trial', { schedule: { kind: 'constant', eta: 0.1 } }, 'verdict');
    expect(slow.correct).toBe(false);
    expect(slow.trial!.error).toBeGreaterThan(check.target);
    expect(slow.trial!.steps).toBe(check.budget);
    expect(slow.hint?.key).toMatch(/^hint\.trial\./);
    const big = await p.ask<LessonVerdict>('trial', { schedule: { kind: 'constant', eta: 30 } }, 'verdict');
    expect(big.correct).toBe(false);
    const good = await p.ask<LessonVerdict>('trial', { schedule: { kind: 'constant', eta: 3 } }, 'verdict');
    expect(good.correct).toBe(true);
    expect(good.trial!.error).toBeLessThanOrEqual(check.target);
    expect(good.trial!.steps).toBeLessThanOrEqual(check.budget);
    const warm = await p.ask<LessonVerdict>(
      'trial',
      { schedule: { kind: 'warmup', start: 0.5, peak: 5, end: 1, rise: 300, hold: 600, settle: 300 } },
      'verdict',
    );
    expect(warm.correct).toBe(true);
    await p.room.leave();
  });

  it('lesson 8: the measured slope matches the exact rule, not the article\'s, before the last layer; the check wants both answers right', async () => {
    const p = await join();
    await p.ask<LessonView>('open', { lesson: 'rules' }, 'lesson');
    const r = await p.ask<SlopeReading>('nudge', { layer: 1, to: 0, from: 0 }, 'slope');
    expect(Math.abs(r.measured - r.exact)).toBeLessThan(1e-6);
    expect(Math.abs(r.measured - r.article)).toBeGreaterThan(1e-3);
    const last = await p.ask<SlopeReading>('nudge', { layer: 2, to: 0, from: 0 }, 'slope');
    expect(Math.abs(last.exact - last.article)).toBeLessThan(1e-12);
    const half = await p.ask<LessonVerdict>('choose', { answers: { which: 'exact', why: 'eta' } }, 'verdict');
    expect(half.correct).toBe(false);
    expect(half.hint?.key).toBe('hint.rules.why');
    const wrong = await p.ask<LessonVerdict>('choose', { answers: { which: 'article', why: 'derivative' } }, 'verdict');
    expect(wrong.hint?.key).toBe('hint.rules.which');
    const right = await p.ask<LessonVerdict>('choose', { answers: { which: 'exact', why: 'derivative' } }, 'verdict');
    expect(right.correct).toBe(true);
    await p.room.leave();
  });

  it('lesson 9: the article\'s rule does not train XOR to the target; the exact rule does', async () => {
    const p = await join();
    await p.ask<LessonView>('open', { lesson: 'xor' }, 'lesson');
    const art = await p.ask<LessonVerdict>('trial', { schedule: { kind: 'constant', eta: 2 }, rule: 'article' }, 'verdict');
    expect(art.correct).toBe(false);
    expect(art.hint?.key).toBe('hint.trial.rule');
    expect((await p.next<LessonView>('lesson')).passed).toBe(false);
    const ok = await p.ask<LessonVerdict>('trial', { schedule: { kind: 'constant', eta: 2 }, rule: 'exact' }, 'verdict');
    expect(ok.correct).toBe(true);
    const view = await p.next<LessonView>('lesson');
    expect(view.done).toEqual(['neuron', 'data', 'forward', 'error', 'backward', 'update', 'eta', 'rules', 'xor']);
    await p.room.leave();
  });

  it('keeps progress for the next visit, and refuses malformed messages in words', async () => {
    const p = await join();
    const progress = await p.next<{ done: LessonId[] }>('progress');
    expect(progress.done).toContain('neuron');
    const bad = await p.ask<RefusalMessage>('answer', { value: 'seven' }, 'refused');
    expect(bad.reason).toMatch(/answer: value/);
    const early = await p.ask<RefusalMessage>('answer', { value: 1 }, 'refused');
    expect(early.reason).toMatch(/open a lesson first/);
    const step = await p.ask<LessonView>('open', { lesson: 'update' }, 'lesson');
    expect(step.lesson).toBe('update');
    p.room.send('step', {});
    const trace = await p.next<{ weightsBefore: number[]; weightsAfter: number[] }>('trace');
    expect(trace.weightsAfter).not.toEqual(trace.weightsBefore);
    await p.room.leave();
  });
});

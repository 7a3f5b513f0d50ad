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
  for (const type of ['lesson', 'verdict', 'slope', 'trace', 'compare', 'refused', 'progress']) {
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

/**
 * The article's network worked out here, apart from the core: layers 2-3-2-1, sigmoid, no bias,
 * weights flat (layer by layer; within a layer, neuron j's weights from i = 0, 1, …).
 */
const SIZES = [2, 3, 2, 1];
function errorOf(w: readonly number[], x: readonly number[], z: number): number {
  let signal = [...x];
  let k = 0;
  for (let l = 1; l < SIZES.length; l++) {
    const out: number[] = [];
    for (let j = 0; j < SIZES[l]; j++) {
      let e = 0;
      for (let i = 0; i < SIZES[l - 1]; i++) e += w[k++] * signal[i];
      out.push(f(e));
    }
    signal = out;
  }
  return 0.5 * (z - signal[0]) ** 2;
}

/** dE/dw for every weight, by central differences. */
function slopes(w: readonly number[], x: readonly number[], z: number, h = 1e-5): number[] {
  return w.map((_, k) => {
    const up = [...w];
    const down = [...w];
    up[k] += h;
    down[k] -= h;
    return (errorOf(up, x, z) - errorOf(down, x, z)) / (2 * h);
  });
}

/** Polls `read` until `ok` holds (the state arrives in patches). */
async function until<T>(read: () => T, ok: (v: T) => boolean, ms = 60_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const v = read();
    if (ok(v)) return v;
    if (Date.now() - start > ms) throw new Error(`timed out; last ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

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
    // The last lesson's live training is locked too.
    await expect(new Client(endpoint).create('lesson-train', { lesson: 'xor' })).rejects.toThrow(/locked/);
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
    const view = await p.ask<LessonView>('open', { lesson: 'rules' }, 'lesson');
    const x = view.explore.y.slice(0, 2) as number[];
    const z = view.explore.z[0]!;
    const measuredHere = slopes(view.explore.weights, x, z);
    const r = await p.ask<SlopeReading>('nudge', { layer: 1, to: 0, from: 0 }, 'slope');
    // w14 is weight 6 in the flat layout: 2·3 weights into layer 1 come first.
    expect(r.measured).toBeCloseTo(measuredHere[6], 6);
    expect(Math.abs(r.measured - r.exact)).toBeLessThan(1e-6);
    expect(Math.abs(r.measured - r.article)).toBeGreaterThan(1e-3);
    const last = await p.ask<SlopeReading>('nudge', { layer: 2, to: 0, from: 0 }, 'slope');
    expect(last.measured).toBeCloseTo(measuredHere[12], 6);
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

  it('lesson 8 side by side: one step of each rule from the same weights; the exact one goes down the measured slope, the article\'s not before the last layer', async () => {
    const p = await join();
    const view = await p.ask<LessonView>('open', { lesson: 'rules' }, 'lesson');
    expect(view.exploreExact?.weights).toEqual(view.explore.weights);
    expect(view.exploreExact?.rule).toBe('exact');
    expect(view.explore.rule).toBe('article');
    interface Trace { weightsBefore: number[]; weightsAfter: number[]; change: number[]; delta: number[]; y: number[]; x: number[]; z: number[]; eta: number; rule: string }
    type Comparison = { article: Trace; exact: Trace; rows: { neuron: number; article: number; exact: number; differs: boolean }[] };
    p.room.send('step', {});
    const c = await p.next<Comparison>('compare');
    expect(c.article.rule).toBe('article');
    expect(c.exact.rule).toBe('exact');
    expect(c.article.weightsBefore).toEqual(c.exact.weightsBefore);
    // Each rule moves a weight by η·δ·df(e)/de·input; true gradient descent moves it by −η·dE/dw.
    const measured = slopes(c.exact.weightsBefore, c.exact.x, c.exact.z[0]);
    const eta = c.exact.eta;
    c.exact.change.forEach((dw, k) => expect(dw, `exact, weight ${k}`).toBeCloseTo(-eta * measured[k], 6));
    c.article.change.forEach((dw, k) => {
      if (k >= 12) expect(dw, `article, weight ${k} into neuron 6`).toBeCloseTo(-eta * measured[k], 6);
      // (A weight from an input of 0 carries no signal: neither rule moves it.)
      else if (Math.abs(measured[k]) > 1e-9) expect(Math.abs(dw + eta * measured[k]), `article, weight ${k}`).toBeGreaterThan(1e-4);
      else expect(dw).toBe(0);
    });
    // The δ rows: the output's δ = z − y is the same under both; every hidden δ is marked as different.
    expect(c.rows.map((row) => row.neuron)).toEqual([1, 2, 3, 4, 5, 6]);
    const y = errorOf(c.exact.weightsBefore, c.exact.x, c.exact.z[0]);
    const six = c.rows[5];
    expect(six.differs).toBe(false);
    expect(0.5 * six.exact ** 2).toBeCloseTo(y, 12);
    for (const row of c.rows.slice(0, 5)) expect(row.differs, `δ${row.neuron}`).toBe(true);
    // The article's δ4 = w46·δ; the exact one carries neuron 6's slope too.
    const w46 = c.article.weightsBefore[12];
    expect(c.rows[3].article).toBeCloseTo(w46 * six.article, 12);
    const y6 = c.exact.y[c.exact.y.length - 1];
    expect(c.rows[3].exact).toBeCloseTo(w46 * y6 * (1 - y6) * six.exact, 12);
    // After the step each picture holds its own rule's weights; Reset puts both back where they started.
    const stepped = await p.next<LessonView>('lesson');
    expect(stepped.steps).toBe(1);
    expect(stepped.explore.weights).toEqual(c.article.weightsAfter);
    expect(stepped.exploreExact?.weights).toEqual(c.exact.weightsAfter);
    const reset = await p.ask<LessonView>('reset', {}, 'lesson');
    expect(reset.steps).toBe(0);
    expect(reset.explore.weights).toEqual(view.explore.weights);
    expect(reset.exploreExact?.weights).toEqual(view.explore.weights);
    await p.room.leave();
  });

  it('lesson 9 is trained live: the lesson room refuses the one-call run, and marks it done once the live run wins', async () => {
    const p = await join();
    const view = await p.ask<LessonView>('open', { lesson: 'xor' }, 'lesson');
    const check = view.check as TrialPrompt;
    expect(check).toMatchObject({ kind: 'trial', target: 0.01, budget: 10_000, pickRule: true });
    const refused = await p.ask<RefusalMessage>('trial', { schedule: { kind: 'constant', eta: 2 }, rule: 'exact' }, 'refused');
    expect(refused.reason).toMatch(/trained live/);
    // The live run (test/host/lesson-train.test.ts covers its rules): η = 2, exact rule, Play.
    const train = await new Client(endpoint).create('lesson-train', { lesson: 'xor' });
    train.onMessage('trace', () => undefined);
    train.onMessage('refused', () => undefined);
    train.send('setSpeed', { stepsPerSecond: 20_000 });
    train.send('setEta', { eta: 2 });
    train.send('play', {});
    const outcome = await until(() => (train.state as { outcomeJson?: string }).outcomeJson ?? '', (o) => o !== '');
    expect(JSON.parse(outcome)).toMatchObject({ kind: 'won' });
    await train.leave();
    const again = await p.ask<LessonView>('open', { lesson: 'xor' }, 'lesson');
    expect(again.passed).toBe(true);
    expect(again.done).toEqual(['neuron', 'data', 'forward', 'error', 'backward', 'update', 'eta', 'rules', 'xor']);
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
    await p.next<LessonView>('lesson');
    // The explore step's η is the player's, within its range.
    expect((await p.ask<LessonView>('setEta', { eta: 0.5 }, 'lesson')).eta).toBe(0.5);
    p.room.send('step', {});
    expect((await p.next<{ eta: number }>('trace')).eta).toBe(0.5);
    expect((await p.ask<RefusalMessage>('setEta', { eta: 50 }, 'refused')).reason).toMatch(/setEta: eta/);
    await p.room.leave();
  });
});

/**
 * η schedules (core/schedule.ts): constant, the article's "start large and
 * lower it" (decay) and "start small, raise it, lower it at the end" (warmup).
 */
import { describe, expect, it } from 'vitest';
import { SCHEDULE_KINDS, type Schedule, baseEta, defaultSchedule, etaAt, scheduleSchema, withBaseEta } from '../../core/schedule.js';
import { createNetwork } from '../../core/network.js';
import { sampleSetFrom } from '../../core/dataset.js';
import { Trainer } from '../../core/trainer.js';

const close = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(b)));

describe('η schedules', () => {
  it('constant stays put', () => {
    const s: Schedule = { kind: 'constant', eta: 0.3 };
    for (const t of [0, 1, 10, 1e6]) expect(etaAt(s, t)).toBe(0.3);
  });

  it('decay starts at start, halves its distance to end every halfLife steps, and never passes end', () => {
    const s: Schedule = { kind: 'decay', start: 2, end: 0.2, halfLife: 100 };
    close(etaAt(s, 0), 2);
    close(etaAt(s, 100), 0.2 + 1.8 / 2);
    close(etaAt(s, 200), 0.2 + 1.8 / 4);
    close(etaAt(s, 300), 0.2 + 1.8 / 8);
    close(etaAt(s, 50), 0.2 + 1.8 / Math.SQRT2);
    let prev = Infinity;
    for (let t = 0; t < 5000; t += 37) {
      const v = etaAt(s, t);
      expect(v).toBeLessThan(prev);
      expect(v).toBeGreaterThan(0.2);
      prev = v;
    }
    close(etaAt(s, 100_000), 0.2);
  });

  it('warmup rises linearly, holds at the peak, settles linearly, then stays at end', () => {
    const s: Schedule = { kind: 'warmup', start: 0.01, peak: 1, end: 0.1, rise: 100, hold: 50, settle: 200 };
    close(etaAt(s, 0), 0.01);
    close(etaAt(s, 50), 0.01 + 0.99 / 2);
    for (let t = 1; t < 100; t++) expect(etaAt(s, t)).toBeGreaterThan(etaAt(s, t - 1));
    for (let t = 100; t < 150; t++) expect(etaAt(s, t)).toBe(1);
    close(etaAt(s, 150 + 100), 1 + (0.1 - 1) / 2);
    for (let t = 151; t < 350; t++) expect(etaAt(s, t)).toBeLessThan(etaAt(s, t - 1));
    for (const t of [350, 351, 1000, 1e7]) close(etaAt(s, t), 0.1);
  });

  it('warmup with no hold goes straight from rising to settling', () => {
    const s: Schedule = { kind: 'warmup', start: 0.1, peak: 0.5, end: 0.1, rise: 10, hold: 0, settle: 10 };
    close(etaAt(s, 10), 0.5);
    close(etaAt(s, 15), 0.3);
    close(etaAt(s, 20), 0.1);
  });

  it('the trainer takes η from its schedule, step by step', () => {
    const net = createNetwork({ layers: [1, 1], activation: 'linear', bias: false });
    net.weights[0] = 0;
    const samples = sampleSetFrom([{ x: [1], z: [1] }]);
    const schedule: Schedule = { kind: 'decay', start: 0.4, end: 0.1, halfLife: 1 };
    const trainer = new Trainer({ network: net, samples, schedule });
    // Linear 1→1 with x = 1, z = 1: w' = w + η·(1 − w).
    let w = 0;
    for (let t = 0; t < 5; t++) {
      expect(trainer.eta).toBe(etaAt(schedule, t));
      trainer.step();
      w = w + etaAt(schedule, t) * (1 - w);
      close(net.weights[0], w);
    }
  });

  it('defaults for every kind pass the schema and keep their main η', () => {
    for (const kind of SCHEDULE_KINDS) {
      const s = defaultSchedule(kind, 0.2);
      expect(scheduleSchema.safeParse(s).success).toBe(true);
      expect(baseEta(s)).toBeCloseTo(kind === 'decay' ? 0.8 : kind === 'warmup' ? 0.4 : 0.2, 12);
      const t = withBaseEta(s, 0.05);
      expect(baseEta(t)).toBe(0.05);
      expect(t.kind).toBe(kind);
    }
  });

  it('the schema refuses bad schedules', () => {
    const bad: unknown[] = [
      { kind: 'constant', eta: 0 },
      { kind: 'constant', eta: -0.1 },
      { kind: 'constant', eta: Infinity },
      { kind: 'constant', eta: NaN },
      { kind: 'constant', eta: 1000 },
      { kind: 'constant' },
      { kind: 'constant', eta: 0.5, extra: 1 },
      { kind: 'cosine', eta: 0.5 },
      { kind: 'decay', start: 1, end: 0.1, halfLife: 0 },
      { kind: 'decay', start: 1, end: 0.1, halfLife: 2.5 },
      { kind: 'decay', start: 1, end: 0.1 },
      { kind: 'warmup', start: 0.1, peak: 1, end: 0.1, rise: 0, hold: 0, settle: 10 },
      { kind: 'warmup', start: 0.1, peak: 1, end: 0.1, rise: 10, hold: -1, settle: 10 },
      { kind: 'warmup', start: 0.1, peak: 1, end: 0.1, rise: 10, hold: 0, settle: 0 },
      { kind: 'warmup', start: 0.1, peak: '1', end: 0.1, rise: 10, hold: 0, settle: 10 },
      'constant',
      null,
    ];
    for (const s of bad) expect(scheduleSchema.safeParse(s).success, JSON.stringify(s)).toBe(false);
    expect(scheduleSchema.safeParse({ kind: 'warmup', start: 0.1, peak: 1, end: 0.1, rise: 10, hold: 0, settle: 10 }).success).toBe(true);
  });
});

/**
 * η schedules (core/schedule.ts): constant, the article's "start large and
 * lower it" (decay) and "start small, raise it, lower it at the end" (warmup).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  SCHEDULE_ETA_MAX,
  SCHEDULE_ETA_MIN,
  SCHEDULE_KINDS,
  type Schedule,
  baseEta,
  defaultSchedule,
  etaAt,
  scheduleSchema,
  withBaseEta,
} from '../../core/schedule.js';
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

  it('refuses a decay that would raise η and a warm-up whose peak is not its highest point, naming the field and why', () => {
    const cases: [unknown, string, RegExp][] = [
      [{ kind: 'decay', start: 0.1, end: 0.5, halfLife: 10 }, 'end', /a decay lowers η: its end \(0\.5\) must not be above its start \(0\.1\)/],
      [{ kind: 'warmup', start: 0.5, peak: 0.2, end: 0.1, rise: 10, hold: 0, settle: 10 }, 'peak', /the peak \(0\.2\) must not be below the start \(0\.5\)/],
      [{ kind: 'warmup', start: 0.1, peak: 0.2, end: 0.4, rise: 10, hold: 0, settle: 10 }, 'peak', /the peak \(0\.2\) must not be below the end \(0\.4\)/],
    ];
    for (const [s, field, message] of cases) {
      const r = scheduleSchema.safeParse(s);
      expect(r.success, JSON.stringify(s)).toBe(false);
      expect(r.error!.issues[0].path).toEqual([field]);
      expect(r.error!.issues[0].message).toMatch(message);
    }
    // Equal ends are a flat schedule, and allowed.
    expect(scheduleSchema.safeParse({ kind: 'decay', start: 0.3, end: 0.3, halfLife: 10 }).success).toBe(true);
    expect(scheduleSchema.safeParse({ kind: 'warmup', start: 0.3, peak: 0.3, end: 0.3, rise: 1, hold: 0, settle: 1 }).success).toBe(true);
  });

  it('a decay never rises and a warm-up never passes its peak, for any schedule the schema accepts', () => {
    const eta = fc.double({ min: SCHEDULE_ETA_MIN, max: SCHEDULE_ETA_MAX, noNaN: true });
    const n = fc.integer({ min: 1, max: 500 });
    const any = fc.oneof(
      fc.record({ kind: fc.constant('decay' as const), start: eta, end: eta, halfLife: n }),
      fc.record({ kind: fc.constant('warmup' as const), start: eta, peak: eta, end: eta, rise: n, hold: fc.integer({ min: 0, max: 500 }), settle: n }),
    );
    fc.assert(
      fc.property(any, (s) => {
        if (!scheduleSchema.safeParse(s).success) return;
        const main = baseEta(s);
        let prev = Infinity;
        for (let t = 0; t < 2000; t += 37) {
          const v = etaAt(s, t);
          expect(v).toBeLessThanOrEqual(main * (1 + 1e-12));
          if (s.kind === 'decay') expect(v).toBeLessThanOrEqual(prev * (1 + 1e-12));
          prev = v;
        }
      }),
      { numRuns: 200 },
    );
  }, 60_000);

  it('changing the main η keeps every schedule valid: nothing passes the maximum or falls to 0', () => {
    const eta = fc.double({ min: SCHEDULE_ETA_MIN, max: SCHEDULE_ETA_MAX, noNaN: true });
    const any = fc.oneof(
      fc.record({ kind: fc.constant('constant' as const), eta }),
      fc.record({ kind: fc.constant('decay' as const), start: eta, end: eta, halfLife: fc.constant(50) }),
      fc.record({ kind: fc.constant('warmup' as const), start: eta, peak: eta, end: eta, rise: fc.constant(5), hold: fc.constant(5), settle: fc.constant(5) }),
    );
    fc.assert(
      fc.property(any, eta, (s, value) => {
        if (!scheduleSchema.safeParse(s).success) return;
        const t = withBaseEta(s, value);
        const r = scheduleSchema.safeParse(t);
        expect(r.success, `${JSON.stringify(s)} → ${JSON.stringify(t)}: ${r.error?.issues[0]?.message}`).toBe(true);
        expect(baseEta(t)).toBe(value);
      }),
      { numRuns: 500 },
    );
    // The case that used to break: raising the main η of a decay whose end sat above its start.
    const raised = withBaseEta({ kind: 'decay', start: 0.5, end: 0.5, halfLife: 10 }, SCHEDULE_ETA_MAX);
    expect(raised).toEqual({ kind: 'decay', start: SCHEDULE_ETA_MAX, end: SCHEDULE_ETA_MAX, halfLife: 10 });
    const lowered = withBaseEta({ kind: 'warmup', start: 0.001, peak: 10, end: 0.01, rise: 1, hold: 0, settle: 1 }, 0.0001);
    expect(lowered.kind === 'warmup' && lowered.start).toBe(SCHEDULE_ETA_MIN);
  }, 60_000);
});

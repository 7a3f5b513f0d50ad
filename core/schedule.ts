/**
 * Learning-rate schedules: η as a function of the step number t (from 0).
 *
 * The article names two ways to choose η besides keeping it constant:
 *   1. start large and lower it gradually as the weights settle  → 'decay'
 *   2. start small, raise it during training, and lower it again
 *      in the final stage                                        → 'warmup'
 */
import { z } from 'zod';

export const SCHEDULE_KINDS = ['constant', 'decay', 'warmup'] as const;
export type ScheduleKind = (typeof SCHEDULE_KINDS)[number];

const eta = z.number().finite().positive().max(100);
const steps = z.number().int().min(1).max(100_000_000);

export const scheduleSchema = z.discriminatedUnion('kind', [
  /** η stays at `eta`. */
  z.object({ kind: z.literal('constant'), eta }).strict(),
  /**
   * The article's first way. η starts at `start` and halves its distance to
   * `end` every `halfLife` steps:  η(t) = end + (start − end) · 2^(−t / halfLife).
   */
  z.object({ kind: z.literal('decay'), start: eta, end: eta, halfLife: steps }).strict(),
  /**
   * The article's second way, in three stages:
   *   rise   0 ≤ t < rise:                  η climbs linearly from `start` to `peak`
   *   hold   rise ≤ t < rise + hold:         η = peak
   *   settle rise + hold ≤ t < … + settle:  η falls linearly from `peak` to `end`
   * and stays at `end` afterwards.
   */
  z
    .object({
      kind: z.literal('warmup'),
      start: eta,
      peak: eta,
      end: eta,
      rise: steps,
      hold: z.number().int().min(0).max(100_000_000),
      settle: steps,
    })
    .strict(),
]);

export type Schedule = z.infer<typeof scheduleSchema>;

export function constantSchedule(value: number): Schedule {
  return { kind: 'constant', eta: value };
}

/** Sensible starting parameters for each kind, around a base η. */
export function defaultSchedule(kind: ScheduleKind, base = 0.5): Schedule {
  switch (kind) {
    case 'constant':
      return { kind, eta: base };
    case 'decay':
      return { kind, start: base * 4, end: base / 4, halfLife: 500 };
    case 'warmup':
      return { kind, start: base / 10, peak: base * 2, end: base / 10, rise: 200, hold: 1000, settle: 800 };
  }
}

/** η at step t. */
export function etaAt(s: Schedule, t: number): number {
  switch (s.kind) {
    case 'constant':
      return s.eta;
    case 'decay':
      return s.end + (s.start - s.end) * Math.pow(2, -t / s.halfLife);
    case 'warmup': {
      if (t < s.rise) return s.start + ((s.peak - s.start) * t) / s.rise;
      const afterHold = t - s.rise - s.hold;
      if (afterHold < 0) return s.peak;
      if (afterHold < s.settle) return s.peak + ((s.end - s.peak) * afterHold) / s.settle;
      return s.end;
    }
  }
}

/** A schedule's main η (constant: η; decay: where it starts; warmup: its peak): what the "Learning rate (η)" slider shows and sets. */
export function baseEta(s: Schedule): number {
  switch (s.kind) {
    case 'constant':
      return s.eta;
    case 'decay':
      return s.start;
    case 'warmup':
      return s.peak;
  }
}

/** The same schedule, rescaled so that its main η is `value`. */
export function withBaseEta(s: Schedule, value: number): Schedule {
  switch (s.kind) {
    case 'constant':
      return { ...s, eta: value };
    case 'decay': {
      const f = value / s.start;
      return { ...s, start: value, end: s.end * f };
    }
    case 'warmup': {
      const f = value / s.peak;
      return { ...s, start: s.start * f, peak: value, end: s.end * f };
    }
  }
}

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

/** The range of every η a schedule holds. */
export const SCHEDULE_ETA_MIN = 1e-6;
export const SCHEDULE_ETA_MAX = 100;

const eta = z.number().finite().min(SCHEDULE_ETA_MIN).max(SCHEDULE_ETA_MAX);
const steps = z.number().int().min(1).max(100_000_000);

/**
 * A schedule's parameters, each in range, and in the order its kind
 * promises: a decay lowers η (end ≤ start); a warm-up rises to its peak and
 * falls from it (start ≤ peak ≥ end). Anything else is refused, with the
 * field to change and why.
 */
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
]).superRefine((s, ctx) => {
  if (s.kind === 'decay' && s.end > s.start) {
    ctx.addIssue({ code: 'custom', path: ['end'], message: `a decay lowers η: its end (${s.end}) must not be above its start (${s.start})` });
  }
  if (s.kind === 'warmup' && s.peak < s.start) {
    ctx.addIssue({ code: 'custom', path: ['peak'], message: `a warm-up raises η to its peak: the peak (${s.peak}) must not be below the start (${s.start})` });
  }
  if (s.kind === 'warmup' && s.peak < s.end) {
    ctx.addIssue({ code: 'custom', path: ['peak'], message: `a warm-up lowers η again after its peak: the peak (${s.peak}) must not be below the end (${s.end})` });
  }
});

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

/**
 * The same schedule, rescaled so that its main η is `value`. The main η is
 * a schedule's largest (the schema keeps the order), so the others stay at
 * or below it; one that would shrink below SCHEDULE_ETA_MIN stays there.
 * The result passes the schema for any value in range.
 */
export function withBaseEta(s: Schedule, value: number): Schedule {
  const inRange = (v: number) => Math.min(SCHEDULE_ETA_MAX, Math.max(SCHEDULE_ETA_MIN, v));
  const main = inRange(value);
  switch (s.kind) {
    case 'constant':
      return { ...s, eta: main };
    case 'decay': {
      const f = main / s.start;
      return { ...s, start: main, end: Math.min(main, inRange(s.end * f)) };
    }
    case 'warmup': {
      const f = main / s.peak;
      return { ...s, start: Math.min(main, inRange(s.start * f)), peak: main, end: Math.min(main, inRange(s.end * f)) };
    }
  }
}

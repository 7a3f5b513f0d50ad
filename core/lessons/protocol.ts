/**
 * The messages of a lesson between the player's screen and the host, in
 * core/protocol.ts's style: the renderer sends intents, the host checks
 * each against these schemas, runs the core, and answers with the lesson's
 * view (`lesson`), a verdict on an answer (`verdict`), a slope reading
 * (`slope`), a step to animate (`trace`), the two rules' steps side by
 * side (`compare`, lesson "rules") or a refusal (`refused`).
 */
import { z } from 'zod';
import { LIMITS } from '../protocol.js';
import { scheduleSchema } from '../schedule.js';
import { LESSON_IDS, type LessonId } from './catalog.js';
import type { Hint, NumberPrompt } from './checks.js';
import type { LessonPicture } from './picture.js';
import type { ChoicePrompt, SlopeReading } from './rules.js';
import type { DeltaRow } from './compare.js';
import type { StepTraceMessage } from '../protocol.js';
import type { TrialResult } from './trial.js';

const finite = z.number().refine(Number.isFinite, { message: 'must be a finite number' });
const weightRef = {
  layer: z.number().int().min(0).max(2),
  to: z.number().int().min(0).max(2),
  from: z.number().int().min(0).max(2),
};

export const lessonIntentSchemas = {
  /** Opens a lesson: its picture to explore, and its check. */
  open: z.object({ lesson: z.enum(LESSON_IDS) }).strict(),
  /** The inputs of the picture to explore. */
  setInput: z.object({ x1: finite.pipe(z.number().min(-2).max(2)), x2: finite.pipe(z.number().min(-2).max(2)) }).strict(),
  /** A weight of the picture to explore (layer, to, from as in core/protocol.ts). */
  setWeight: z.object({ ...weightRef, value: finite.pipe(z.number().min(-LIMITS.maxWeight).max(LIMITS.maxWeight)) }).strict(),
  /** One training step of the picture to explore, sent back as a trace to animate (in lesson "rules": one per rule). */
  step: z.object({}).strict(),
  /** The η of the explore step. */
  setEta: z.object({ eta: finite.pipe(z.number().min(0.05).max(20)) }).strict(),
  /** The picture to explore back at its starting weights and sample. */
  reset: z.object({}).strict(),
  /** Nudges one weight to measure the error's slope (lesson "rules"). */
  nudge: z.object({ ...weightRef }).strict(),
  /** New numbers for the check. */
  newCheck: z.object({}).strict(),
  /** The answer to a number check. */
  answer: z.object({ value: finite.pipe(z.number().min(-1e6).max(1e6)) }).strict(),
  /** The answers to a choice check, by question. */
  choose: z.object({ answers: z.record(z.string().max(20), z.string().max(20)) }).strict(),
  /** A training run for a trial check: the player's schedule (and, in the last lesson, rule). */
  trial: z.object({ schedule: scheduleSchema, rule: z.enum(['exact', 'article']).optional() }).strict(),
} as const;

export type LessonIntentType = keyof typeof lessonIntentSchemas;
export type LessonIntent<T extends LessonIntentType = LessonIntentType> = z.infer<(typeof lessonIntentSchemas)[T]>;
export type CheckedLessonIntent = { [T in LessonIntentType]: { type: T; body: LessonIntent<T> } }[LessonIntentType];

export function checkLessonIntent(type: unknown, body: unknown): { ok: true; intent: CheckedLessonIntent } | { ok: false; reason: string } {
  if (typeof type !== 'string' || !(type in lessonIntentSchemas)) {
    return { ok: false, reason: `unknown message ${JSON.stringify(type)}` };
  }
  const result = lessonIntentSchemas[type as LessonIntentType].safeParse(body ?? {});
  if (!result.success) {
    const issue = result.error.issues[0];
    const path = issue.path.length ? issue.path.join('.') + ': ' : '';
    return { ok: false, reason: `${type}: ${path}${issue.message}` };
  }
  return { ok: true, intent: { type, body: result.data } as CheckedLessonIntent };
}

/** What a trial check asks. */
export interface TrialPrompt {
  readonly kind: 'trial';
  readonly lesson: LessonId;
  readonly target: number;
  readonly budget: number;
  /** The error before training. */
  readonly startError: number;
  /** Whether the player picks the rule too. */
  readonly pickRule: boolean;
}

export type CheckPrompt = NumberPrompt | ChoicePrompt | TrialPrompt;

/** The host's view of the open lesson, sent after every change. */
export interface LessonView {
  readonly lesson: LessonId;
  /** The picture to explore (every value shown). */
  readonly explore: LessonPicture;
  /** Lesson "rules": the second picture, the same network trained by the exact rule (explore is the article's). */
  readonly exploreExact: LessonPicture | null;
  /** Steps taken on the picture to explore since it was opened or reset. */
  readonly steps: number;
  readonly eta: number;
  readonly check: CheckPrompt;
  /** Wrong answers to this check so far. */
  readonly attempts: number;
  /** Whether this lesson's check was passed (now or before). */
  readonly passed: boolean;
  /** Lessons finished, in the catalog's order. */
  readonly done: LessonId[];
}

/** The host's answer to `answer`, `choose` or `trial`. */
export interface LessonVerdict {
  readonly correct: boolean;
  /** For a wrong answer: the sentence (by key), the formula and the parts of the picture it uses. */
  readonly hint: Hint | null;
  /** For a number check answered right: the answer, to show next to the player's. */
  readonly answer?: number;
  /** For a trial: how the run went. */
  readonly trial?: TrialResult;
}

/** Lesson "rules": one step of each rule, each on its copy of the network (alike until the first step), and each neuron's δ under both. */
export interface RuleComparisonMessage {
  readonly article: StepTraceMessage;
  readonly exact: StepTraceMessage;
  readonly rows: DeltaRow[];
}

export type { SlopeReading };

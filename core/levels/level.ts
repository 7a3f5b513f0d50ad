/**
 * A challenge level, as data: the network and data to start from, the
 * target error to reach, the step budget, the rules of play, the star
 * thresholds, and its words in English and Japanese.
 *
 * A race (many players on one level) and a share code (one level on any
 * host) both carry levels in this form, so everything a level means is
 * here and nothing lives in the screens.
 *
 * Winning: after a step (or a hand edit) the dataset error on the target's
 * set — ½·Σ(z − y)² averaged over its samples, trainer.ts's datasetError —
 * is at or below `target.error`, with at most `budget` steps taken.
 */
import { z } from 'zod';
import { datasetSpecSchema } from '../dataset.js';
import { LIMITS, networkShapeSchema } from '../protocol.js';
import { scheduleSchema } from '../schedule.js';

/** The most steps a level may allow. */
export const MAX_BUDGET = 1_000_000;

const finite = z.number().refine(Number.isFinite, { message: 'must be a finite number' });
const weightValue = finite.pipe(z.number().min(-LIMITS.maxWeight).max(LIMITS.maxWeight));
const eta = finite.pipe(z.number().min(LIMITS.minEta).max(LIMITS.maxEta));

/** The network a level starts from; the player cannot change its shape. */
export const levelNetworkSchema = networkShapeSchema;

/** A level's words in one language. */
export const levelTextSchema = z
  .object({
    title: z.string().min(1).max(60),
    /** What to do, in one sentence. */
    goal: z.string().min(1).max(240),
    /** How to think about it, without giving the answer away. */
    hint: z.string().min(1).max(240),
  })
  .strict();

export const levelRulesSchema = z
  .object({
    /**
     * What the player may do with η: 'free' (any η and schedule), a fixed η
     * (the starting schedule stays), or a range the main η must stay in.
     */
    eta: z.union([
      z.object({ kind: z.literal('free') }).strict(),
      z.object({ kind: z.literal('fixed') }).strict(),
      z.object({ kind: z.literal('range'), min: eta, max: eta }).strict(),
    ]),
    /** false: the schedule's kind and shape stay as the level sets them (η may still move, if `eta` allows). */
    scheduleChanges: z.boolean(),
    /** false: no training at all (hand edits only): Step and Play are refused. */
    training: z.boolean(),
    /** false: the weights are locked (training only): setWeight and setBias are refused. */
    handEdits: z.boolean(),
    /** true: the player may switch between the exact rule and the article's rule. */
    ruleChoice: z.boolean(),
  })
  .strict();

/**
 * Stars: three for at most `three`, two for at most `two`, else one.
 * By 'steps' (fewer is better) or, for levels without training, by the
 * error reached (lower is better).
 */
export const starsSchema = z
  .object({ by: z.enum(['steps', 'error']), three: z.number().finite().min(0), two: z.number().finite().min(0) })
  .strict()
  .refine((s) => s.three <= s.two, { message: 'the three-star threshold must be at or below the two-star one' });

export const levelSchema = z
  .object({
    /** Stable name, used in progress files and share codes: lower-case words and dashes. */
    id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/).max(40),
    network: levelNetworkSchema,
    dataset: datasetSpecSchema,
    /** Seed of the starting weights (network.ts's initializeWeights), unless `weights` writes them out. */
    seed: z.number().int().min(0).max(0xffffffff),
    /** Starting weights written out, flat in network.ts's layout (weights[weightOffset[l] + j·sizes[l] + i]). */
    weights: z.array(weightValue).max(4096).optional(),
    /** Starting biases, flat per neuron, when the network has biases and weights are written out. */
    biases: z.array(weightValue).max(256).optional(),
    /** The η schedule at the start. */
    schedule: scheduleSchema,
    /** Steps per second of Play at the start (the player may change it); default 1. */
    speed: z.number().min(LIMITS.minSpeed).max(LIMITS.maxSpeed).optional(),
    target: z.object({ error: z.number().finite().positive().max(10), on: z.enum(['train', 'test']) }).strict(),
    budget: z.number().int().min(1).max(MAX_BUDGET),
    rules: levelRulesSchema,
    stars: starsSchema,
    text: z.object({ en: levelTextSchema, ja: levelTextSchema }).strict(),
  })
  .strict()
  .superRefine((level, ctx) => {
    if (level.target.on === 'test' && level.dataset.testShare === 0) {
      ctx.addIssue({ code: 'custom', path: ['target', 'on'], message: 'a test-error target needs a dataset with a test share' });
    }
    if (!level.rules.training && !level.rules.handEdits) {
      ctx.addIssue({ code: 'custom', path: ['rules'], message: 'a level must allow training or hand edits' });
    }
    if (level.rules.eta.kind === 'range' && level.rules.eta.min > level.rules.eta.max) {
      ctx.addIssue({ code: 'custom', path: ['rules', 'eta'], message: 'the η range is upside down' });
    }
  });

export type Level = z.infer<typeof levelSchema>;
export type LevelRules = z.infer<typeof levelRulesSchema>;
export type LevelText = z.infer<typeof levelTextSchema>;
export type StarRule = z.infer<typeof starsSchema>;
export type LevelLanguage = keyof Level['text'];

/** The rules of a level that forbids nothing. */
export const FREE_RULES: LevelRules = {
  eta: { kind: 'free' },
  scheduleChanges: true,
  training: true,
  handEdits: true,
  ruleChoice: false,
};

/** Stars for a won attempt: 1 to 3. */
export function starsFor(rule: StarRule, result: { steps: number; error: number }): 1 | 2 | 3 {
  const v = rule.by === 'steps' ? result.steps : result.error;
  if (v <= rule.three) return 3;
  if (v <= rule.two) return 2;
  return 1;
}

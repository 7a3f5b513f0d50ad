/**
 * What a race is played on: a network to start from (the same seeded
 * weights for every player), its data, the target error, and the limits
 * of steps and time. The host may change the step budget and the time
 * limit in the lobby, within RACE_LIMITS.
 */
import { z } from 'zod';
import type { ActivationName } from '../activation.js';
import type { Rule } from '../backprop.js';
import { ARTICLE_DATASET, type DatasetSpec } from '../dataset.js';

export interface RaceNetwork {
  readonly hidden: readonly number[];
  readonly activation: ActivationName;
  readonly outputActivation: ActivationName;
  readonly bias: boolean;
  readonly rule: Rule;
  readonly batch: number;
  readonly dataset: DatasetSpec;
  /** Seed of the starting weights: everyone starts from the same ones. */
  readonly seed: number;
}

export interface RaceChallenge {
  readonly id: string;
  readonly network: RaceNetwork;
  /** η every player starts with. */
  readonly eta: number;
  /** The dataset error (mean of ½(z − y)² over the training set) to reach. */
  readonly targetError: number;
  readonly stepBudget: number;
  readonly timeLimitSeconds: number;
}

export const RACE_LIMITS = {
  minStepBudget: 10,
  maxStepBudget: 1_000_000,
  minTimeLimit: 10,
  maxTimeLimit: 3600,
  /**
   * Steps a second any player may train at, the same for all, so that a
   * race is won by choices, not by a faster machine.
   */
  stepsPerSecondCap: 200,
} as const;

/**
 * The races the host offers. The article's XOR network reaches 0.01 in
 * about 4,800 steps at η = 1 from seed 5; a good schedule or hand-set
 * weights do better.
 */
export const RACE_CHALLENGES: readonly RaceChallenge[] = [
  {
    id: 'article-xor',
    network: { hidden: [3, 2], activation: 'sigmoid', outputActivation: 'sigmoid', bias: false, rule: 'exact', batch: 1, dataset: ARTICLE_DATASET, seed: 5 },
    eta: 0.5,
    targetError: 0.01,
    stepBudget: 8000,
    timeLimitSeconds: 180,
  },
  {
    id: 'two-clouds',
    network: {
      hidden: [3],
      activation: 'tanh',
      outputActivation: 'sigmoid',
      bias: false,
      rule: 'exact',
      batch: 1,
      dataset: { kind: 'gaussians', count: 200, noise: 0.2, testShare: 0.2, seed: 4 },
      seed: 7,
    },
    eta: 0.01,
    targetError: 0.005,
    stepBudget: 3000,
    timeLimitSeconds: 120,
  },
];

export function findChallenge(id: string): RaceChallenge | undefined {
  return RACE_CHALLENGES.find((c) => c.id === id);
}

/** What the host may set in the lobby. */
export const raceSettingsSchema = z
  .object({
    challenge: z.string().max(64),
    stepBudget: z.number().int().min(RACE_LIMITS.minStepBudget).max(RACE_LIMITS.maxStepBudget),
    timeLimitSeconds: z.number().int().min(RACE_LIMITS.minTimeLimit).max(RACE_LIMITS.maxTimeLimit),
  })
  .strict();
export type RaceSettings = z.infer<typeof raceSettingsSchema>;

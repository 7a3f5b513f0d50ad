/**
 * A training run a lesson's check asks for (lessons "eta" and "xor"): the
 * article's network from seeded starting weights, trained on the article's
 * XOR samples with the player's η schedule, for at most `budget` steps. It
 * passes when the dataset error, the mean of ½·(z − y)² over the four
 * samples, reaches `target` within the budget.
 *
 * The error is measured every `budget / 100` steps (and at the end), so a
 * run stops soon after it reaches the target, and the measurements make the
 * curve the player sees.
 */
import type { Rule } from '../backprop.js';
import { ARTICLE_XOR, sampleSetFrom } from '../dataset.js';
import { initializeWeights } from '../network.js';
import { type Schedule, constantSchedule } from '../schedule.js';
import { Trainer, datasetError } from '../trainer.js';
import { articleNetwork } from './picture.js';

export interface TrialSpec {
  /** Seed of the starting weights. */
  readonly seed: number;
  readonly target: number;
  readonly budget: number;
  readonly rule: Rule;
}

export interface TrialResult {
  readonly reached: boolean;
  /** Steps taken: where the target was reached, or the whole budget (fewer if it diverged). */
  readonly steps: number;
  readonly error: number;
  readonly startError: number;
  readonly diverged: boolean;
  /** The error curve: (step, error) pairs. */
  readonly curve: { step: number; error: number }[];
}

const XOR = sampleSetFrom(ARTICLE_XOR);

export function startError(spec: TrialSpec): number {
  const net = articleNetwork();
  initializeWeights(net, spec.seed);
  return datasetError(net, XOR);
}

export function runTrial(spec: TrialSpec, schedule: Schedule = constantSchedule(0.5)): TrialResult {
  const net = articleNetwork();
  initializeWeights(net, spec.seed);
  const trainer = new Trainer({ network: net, samples: XOR, rule: spec.rule, schedule });
  const first = datasetError(net, XOR);
  const curve = [{ step: 0, error: first }];
  const every = Math.max(1, Math.round(spec.budget / 100));
  let error = first;
  while (trainer.stepCount < spec.budget) {
    const n = Math.min(every, spec.budget - trainer.stepCount);
    const taken = trainer.run(n);
    if (trainer.diverged || taken < n) {
      return { reached: false, steps: trainer.stepCount, error: Infinity, startError: first, diverged: true, curve };
    }
    error = datasetError(net, XOR);
    if (!Number.isFinite(error)) return { reached: false, steps: trainer.stepCount, error: Infinity, startError: first, diverged: true, curve };
    curve.push({ step: trainer.stepCount, error });
    if (error <= spec.target) return { reached: true, steps: trainer.stepCount, error, startError: first, diverged: false, curve };
  }
  return { reached: false, steps: trainer.stepCount, error, startError: first, diverged: false, curve };
}

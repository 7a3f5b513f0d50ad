/**
 * Lesson "rules": the article's rule beside the exact gradient, and the
 * finite-difference check that tells them apart.
 *
 * The error of one sample is E = ½·(z − y)². Nudging one weight w by ±h
 * and measuring E each time estimates its true slope:
 *
 *   dE/dw ≈ (E(w + h) − E(w − h)) / 2h
 *
 * Each rule changes w by η·δ_n·dfn(e)/de·(input), so the slope it follows
 * is −δ_n·dfn(e)/de·(input). Under the exact rule this equals dE/dw; under
 * the article's rule, whose δ leaves out the derivative on the way back,
 * it differs for every weight before the last layer.
 */
import type { Rule } from '../backprop.js';
import { type Network, cloneNetwork, initializeWeights } from '../network.js';
import { ARTICLE_XOR } from '../dataset.js';
import type { LessonId } from './catalog.js';
import type { Hint } from './checks.js';
import { part } from './highlight.js';
import { articleNetwork, passOf } from './picture.js';


/** How far the finite-difference check nudges a weight. */
export const NUDGE = 1e-4;

export interface SlopeReading {
  /** Flat index of the weight. */
  readonly weight: number;
  readonly h: number;
  readonly errorMinus: number;
  readonly error: number;
  readonly errorPlus: number;
  /** (E(w + h) − E(w − h)) / 2h */
  readonly measured: number;
  /** The slope each rule follows: −δ·df(e)/de·input. */
  readonly exact: number;
  readonly article: number;
}

function lossAt(net: Network, x: readonly number[], z: readonly number[]): number {
  return passOf(net, x, z, 'exact').loss;
}

/** The slope a rule follows for weight k: −δ_n·dfn(e)/de·(the signal on the weight). */
export function ruleSlope(net: Network, x: readonly number[], z: readonly number[], k: number, rule: Rule): number {
  const pass = passOf(net, x, z, rule);
  const { sizes, weightOffset, neuronOffset } = net;
  for (let l = 0; l < sizes.length - 1; l++) {
    const start = weightOffset[l];
    if (k < start || k >= start + sizes[l] * sizes[l + 1]) continue;
    const j = Math.floor((k - start) / sizes[l]);
    const i = (k - start) % sizes[l];
    const n = neuronOffset[l + 1] + j;
    return -pass.delta[n] * pass.dfde[n] * pass.y[neuronOffset[l] + i];
  }
  throw new RangeError(`no weight ${k}`);
}

/** Nudges weight k both ways and reads the error, and each rule's slope beside it. */
export function readSlope(net: Network, x: readonly number[], z: readonly number[], k: number, h = NUDGE): SlopeReading {
  const probe = cloneNetwork(net);
  const w0 = probe.weights[k];
  probe.weights[k] = w0 + h;
  const errorPlus = lossAt(probe, x, z);
  probe.weights[k] = w0 - h;
  const errorMinus = lossAt(probe, x, z);
  return {
    weight: k,
    h,
    errorMinus,
    error: lossAt(net, x, z),
    errorPlus,
    measured: (errorPlus - errorMinus) / (2 * h),
    exact: ruleSlope(net, x, z, k, 'exact'),
    article: ruleSlope(net, x, z, k, 'article'),
  };
}

/** The network and sample the lesson compares the rules on, from a seed. */
export function rulesCase(seed: number): { net: Network; x: number[]; z: number[] } {
  const net = articleNetwork();
  initializeWeights(net, seed);
  for (let k = 0; k < net.weights.length; k++) net.weights[k] *= 2.5;
  const s = ARTICLE_XOR[1 + (seed % 3)];
  return { net, x: [...s.x], z: [...s.z] };
}

/** A question with options; the player picks one of each. */
export interface ChoicePrompt {
  readonly kind: 'choice';
  readonly lesson: LessonId;
  readonly questions: { readonly id: string; readonly options: string[] }[];
}

export interface ChoiceKey {
  readonly answers: Record<string, string>;
  readonly hints: Record<string, Hint>;
}

export function rulesCheck(): { prompt: ChoicePrompt; key: ChoiceKey } {
  return {
    prompt: {
      kind: 'choice',
      lesson: 'rules',
      questions: [
        { id: 'which', options: ['exact', 'article'] },
        { id: 'why', options: ['eta', 'derivative', 'order'] },
      ],
    },
    key: {
      answers: { which: 'exact', why: 'derivative' },
      hints: {
        which: { key: 'hint.rules.which', formula: 'dE/dw ≈ (E(w + h) − E(w − h)) / 2h', parts: [part.edge('x1', 1)] },
        why: { key: 'hint.rules.why', formula: 'δ4 = w46·df6(e)/de·δ   ·   δ4 = w46·δ', parts: [part.f(6), part.edge(4, 6)] },
      },
    },
  };
}

export type ChoiceVerdict = { correct: true } | { correct: false; hint: Hint; wrong: string[] };

export function gradeChoice(key: ChoiceKey, picked: Record<string, string>): ChoiceVerdict {
  const wrong = Object.keys(key.answers).filter((q) => picked[q] !== key.answers[q]);
  if (wrong.length === 0) return { correct: true };
  return { correct: false, hint: key.hints[wrong[0]], wrong };
}

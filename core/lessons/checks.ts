/**
 * The check that ends each lesson with a number to work out (lessons 1–6):
 * the host draws the numbers from a seed, computes the answer with the
 * core, and sends the player only the prompt. The answer and the ways to
 * get it wrong stay on the host, in the CheckKey.
 *
 * Every number a player is shown has two decimals, and every answer is
 * computed from the numbers as shown (not from unrounded values behind
 * them), so that working by hand from the screen gives the answer exactly;
 * the stated tolerance only absorbs the player's own rounding.
 *
 *   neuron    y1 = f(e1),  e1 = w(x1)1·x1 + w(x2)1·x2,  f(e) = 1 / (1 + e^(−e))
 *   data      z of one sample: 1 when exactly one input is 1 (XOR)
 *   forward   y4 = f(w14·y1 + w24·y2 + w34·y3)
 *   error     δ = z − y
 *   backward  δ4 = w46·δ, δ5 = w56·δ, δ1 = w14·δ4 + w15·δ5   (the article's rule)
 *   update    w'46 = w46 + η·δ·df6(e)/de·y4,  df6(e)/de = y6·(1 − y6)
 */
import { Act, activate } from '../activation.js';
import { ARTICLE_XOR } from '../dataset.js';
import { type Network, initializeWeights, weightIndex } from '../network.js';
import { type Random, createRandom } from '../random.js';
import type { LessonId } from './catalog.js';
import { type HighlightPart, part } from './highlight.js';
import { type LessonPicture, articleNetwork, passOf, pictureOf, round2 } from './picture.js';

/** What a wrong answer is told: a sentence (by key, in the player's language), the formula, the parts it uses. */
export interface Hint {
  /** Key of the sentence in the renderer's lesson dictionary: "hint.<lesson>.<what>". */
  readonly key: string;
  /** The formula in the article's notation (the same in every language). */
  readonly formula: string;
  readonly parts: HighlightPart[];
}

/** A number the check gives, by its name in the article's notation. */
export interface Given {
  readonly name: string;
  readonly value: number;
}

/** What the player sees of a number check. */
export interface NumberPrompt {
  readonly kind: 'number';
  readonly lesson: LessonId;
  /** The value to work out, in the article's notation: "y1", "δ1", "w'46". */
  readonly asked: string;
  readonly given: Given[];
  /** Answers within ± this of the right one pass. */
  readonly tolerance: number;
  readonly picture: LessonPicture;
  /** Samples of a table to show (lesson "data"); z null is the one asked. */
  readonly samples?: { x: number[]; z: number | null }[];
}

/** What the host keeps: the answer, and wrong answers it can recognise with the hint for each. */
export interface NumberKey {
  readonly answer: number;
  readonly tolerance: number;
  readonly hint: Hint;
  readonly mistakes: { readonly value: number; readonly hint: Hint }[];
}

export interface DrawnNumberCheck {
  readonly prompt: NumberPrompt;
  readonly key: NumberKey;
}

export type Verdict = { readonly correct: true } | { readonly correct: false; readonly hint: Hint };

/** Right within the tolerance; else the hint of a recognised mistake, or the general one. */
export function gradeNumber(key: NumberKey, value: number): Verdict {
  if (!Number.isFinite(value)) return { correct: false, hint: key.hint };
  if (Math.abs(value - key.answer) <= key.tolerance + 1e-12) return { correct: true };
  for (const m of key.mistakes) {
    if (Math.abs(value - m.value) <= key.tolerance) return { correct: false, hint: m.hint };
  }
  return { correct: false, hint: key.hint };
}

const sigmoid = (e: number) => activate(Act.Sigmoid, e);

/** A two-decimal number in [lo, hi] whose size is at least `least`. */
function draw(rng: Random, lo: number, hi: number, least = 0): number {
  for (;;) {
    const v = round2(rng.uniform(lo, hi));
    if (Math.abs(v) >= least) return v;
  }
}

/** The article's network with seeded weights, each rounded to two decimals. */
function drawnNetwork(rng: Random): Network {
  const net = articleNetwork();
  initializeWeights(net, rng);
  for (let k = 0; k < net.weights.length; k++) net.weights[k] = round2(net.weights[k] * 1.6) || 0.1;
  return net;
}

const w = (net: Network, from: 'x1' | 'x2' | number, to: number) => {
  const p = part.edge(from, to) as { l: number; j: number; i: number };
  return weightIndex(net, p.l, p.j, p.i);
};

/** Hides (null) or blanks (false) per-neuron values of a picture, by article neuron number. */
function mask(
  pic: LessonPicture,
  what: {
    unknownE?: number[];
    unknownY?: number[];
    blank?: number[];
    unknownDelta?: number[];
    blankDelta?: number[];
    /** Values shown instead of the pass's (rounded as on screen). */
    y?: Record<number, number>;
    delta?: Record<number, number>;
  },
): LessonPicture {
  const e = [...pic.e];
  const y = [...pic.y];
  const delta = [...pic.delta];
  const at = (n: number) => 1 + n; // 2 inputs, then neurons 1 … 6
  for (const [n, v] of Object.entries(what.y ?? {})) y[at(Number(n))] = v;
  for (const [n, v] of Object.entries(what.delta ?? {})) delta[at(Number(n))] = v;
  for (const n of what.unknownE ?? []) e[at(n)] = null;
  for (const n of what.unknownY ?? []) y[at(n)] = null;
  for (const n of what.blank ?? []) {
    e[at(n)] = false;
    y[at(n)] = false;
  }
  for (const n of what.unknownDelta ?? []) delta[at(n)] = null;
  for (const n of what.blankDelta ?? []) delta[at(n)] = false;
  return { ...pic, e, y, delta };
}

function neuronCheck(rng: Random): DrawnNumberCheck {
  const net = drawnNetwork(rng);
  let x1 = 0;
  let x2 = 0;
  let e1 = 0;
  // Inputs and weights drawn together: inputs of 0 and 0.1 alone could never make |e1| ≥ 0.3.
  for (;;) {
    x1 = rng.int(11) / 10;
    x2 = rng.int(11) / 10;
    net.weights[w(net, 'x1', 1)] = draw(rng, -2, 2, 0.2);
    net.weights[w(net, 'x2', 1)] = draw(rng, -2, 2, 0.2);
    e1 = net.weights[w(net, 'x1', 1)] * x1 + net.weights[w(net, 'x2', 1)] * x2;
    if (Math.abs(e1) >= 0.3) break;
  }
  const pass = passOf(net, [x1, x2], [0], 'article');
  const pic = mask(pictureOf(net, pass, [0], 'article', false), { unknownE: [1], unknownY: [1], blank: [2, 3, 4, 5, 6] });
  const formula = 'y1 = f(e1),  e1 = w(x1)1·x1 + w(x2)1·x2,  f(e) = 1 / (1 + e^(−e))';
  const parts = [part.input(1), part.input(2), part.edge('x1', 1), part.edge('x2', 1), part.neuron(1)];
  return {
    prompt: {
      kind: 'number',
      lesson: 'neuron',
      asked: 'y1',
      given: [
        { name: 'x1', value: x1 },
        { name: 'x2', value: x2 },
        { name: 'w(x1)1', value: net.weights[w(net, 'x1', 1)] },
        { name: 'w(x2)1', value: net.weights[w(net, 'x2', 1)] },
      ],
      tolerance: 0.01,
      picture: { ...pic, z: [null] },
    },
    key: {
      answer: sigmoid(e1),
      tolerance: 0.01,
      hint: { key: 'hint.neuron.general', formula, parts },
      mistakes: [{ value: e1, hint: { key: 'hint.neuron.forgotF', formula: 'y1 = f(e1) = 1 / (1 + e^(−e1))', parts: [part.f(1)] } }],
    },
  };
}

function dataCheck(rng: Random): DrawnNumberCheck {
  const hidden = rng.int(ARTICLE_XOR.length);
  const sample = ARTICLE_XOR[hidden];
  const net = drawnNetwork(rng);
  const pass = passOf(net, sample.x, sample.z, 'article');
  const pic = mask(pictureOf(net, pass, [0], 'article', false), { blank: [1, 2, 3, 4, 5, 6] });
  return {
    prompt: {
      kind: 'number',
      lesson: 'data',
      asked: 'z',
      given: [
        { name: 'x1', value: sample.x[0] },
        { name: 'x2', value: sample.x[1] },
      ],
      tolerance: 0.01,
      picture: { ...pic, z: [null] },
      samples: ARTICLE_XOR.map((s, k) => ({ x: [...s.x], z: k === hidden ? null : s.z[0] })),
    },
    key: {
      answer: sample.z[0],
      tolerance: 0.01,
      hint: { key: 'hint.data.general', formula: 'z = 1 ⇔ x1 ≠ x2', parts: [part.input(1), part.input(2), part.card()] },
      mistakes: [],
    },
  };
}

function forwardCheck(rng: Random): DrawnNumberCheck {
  for (;;) {
    const net = drawnNetwork(rng);
    const s = ARTICLE_XOR[1 + rng.int(3)];
    const pass = passOf(net, s.x, s.z, 'article');
    const y1 = round2(pass.y[2]);
    const y2 = round2(pass.y[3]);
    const y3 = round2(pass.y[4]);
    const w14 = net.weights[w(net, 1, 4)];
    const w24 = net.weights[w(net, 2, 4)];
    const w34 = net.weights[w(net, 3, 4)];
    const e4 = w14 * y1 + w24 * y2 + w34 * y3;
    if (Math.abs(e4) < 0.15) continue;
    const pic = mask(pictureOf(net, pass, s.z, 'article', false), {
      y: { 1: y1, 2: y2, 3: y3 },
      unknownE: [4],
      unknownY: [4],
      blank: [5, 6],
    });
    const formula = 'y4 = f(e4),  e4 = w14·y1 + w24·y2 + w34·y3';
    const parts = [part.f(1), part.f(2), part.f(3), part.edge(1, 4), part.edge(2, 4), part.edge(3, 4), part.neuron(4)];
    return {
      prompt: {
        kind: 'number',
        lesson: 'forward',
        asked: 'y4',
        given: [
          { name: 'y1', value: y1 },
          { name: 'y2', value: y2 },
          { name: 'y3', value: y3 },
          { name: 'w14', value: w14 },
          { name: 'w24', value: w24 },
          { name: 'w34', value: w34 },
        ],
        tolerance: 0.01,
        picture: { ...pic, z: [null] },
      },
      key: {
        answer: sigmoid(e4),
        tolerance: 0.01,
        hint: { key: 'hint.forward.general', formula, parts },
        mistakes: [{ value: e4, hint: { key: 'hint.forward.forgotF', formula: 'y4 = f(e4) = 1 / (1 + e^(−e4))', parts: [part.f(4)] } }],
      },
    };
  }
}

/** A network, a sample and its pass, with the output shown to two decimals and δ = z − y from it. */
function outputCase(rng: Random, least: number) {
  for (;;) {
    const net = drawnNetwork(rng);
    const s = ARTICLE_XOR[rng.int(4)];
    const pass = passOf(net, s.x, s.z, 'article');
    const y6 = round2(pass.y[7]);
    const delta = round2(s.z[0] - y6);
    if (Math.abs(delta) >= least && y6 > 0.02 && y6 < 0.98) return { net, s, pass, y6, delta };
  }
}

function errorCheck(rng: Random): DrawnNumberCheck {
  const { net, s, pass, y6, delta } = outputCase(rng, 0.1);
  const pic = mask(pictureOf(net, pass, s.z, 'article', true), { y: { 6: y6 }, unknownDelta: [6], blankDelta: [1, 2, 3, 4, 5] });
  const parts = [part.f(6), part.card(), part.delta(6)];
  return {
    prompt: {
      kind: 'number',
      lesson: 'error',
      asked: 'δ',
      given: [
        { name: 'z', value: s.z[0] },
        { name: 'y', value: y6 },
      ],
      tolerance: 0.005,
      picture: pic,
    },
    key: {
      answer: delta,
      tolerance: 0.005,
      hint: { key: 'hint.error.general', formula: 'δ = z − y', parts },
      mistakes: [{ value: -delta, hint: { key: 'hint.error.sign', formula: 'δ = z − y', parts } }],
    },
  };
}

function backwardCheck(rng: Random): DrawnNumberCheck {
  const { net, s, y6, delta } = outputCase(rng, 0.15);
  const idx = { w46: w(net, 4, 6), w56: w(net, 5, 6), w14: w(net, 1, 4), w15: w(net, 1, 5) };
  for (const k of Object.values(idx)) net.weights[k] = draw(rng, -2, 2, 0.3);
  const w46 = net.weights[idx.w46];
  const w56 = net.weights[idx.w56];
  const w14 = net.weights[idx.w14];
  const w15 = net.weights[idx.w15];
  const d4 = w46 * delta;
  const d5 = w56 * delta;
  const d1 = w14 * d4 + w15 * d5;
  // The picture's e and y follow the drawn weights; the output's y and δ stay as drawn (and given).
  const pass = passOf(net, s.x, s.z, 'article');
  const pic = mask(pictureOf(net, pass, s.z, 'article', true), {
    y: { 6: y6 },
    delta: { 6: delta },
    unknownDelta: [1, 4, 5],
    blankDelta: [2, 3],
  });
  const formula = 'δ4 = w46·δ,  δ5 = w56·δ,  δ1 = w14·δ4 + w15·δ5';
  const parts = [part.delta(6), part.edge(4, 6), part.edge(5, 6), part.delta(4), part.delta(5), part.edge(1, 4), part.edge(1, 5), part.delta(1)];
  return {
    prompt: {
      kind: 'number',
      lesson: 'backward',
      asked: 'δ1',
      given: [
        { name: 'δ', value: delta },
        { name: 'w46', value: w46 },
        { name: 'w56', value: w56 },
        { name: 'w14', value: w14 },
        { name: 'w15', value: w15 },
      ],
      tolerance: 0.01,
      picture: pic,
    },
    key: {
      answer: d1,
      tolerance: 0.01,
      hint: { key: 'hint.backward.general', formula, parts },
      mistakes: [
        { value: (w14 + w15) * delta, hint: { key: 'hint.backward.skipped', formula, parts: [part.delta(4), part.delta(5)] } },
        { value: w14 * d4, hint: { key: 'hint.backward.sum', formula: 'δ1 = w14·δ4 + w15·δ5', parts: [part.edge(1, 5), part.delta(5)] } },
        { value: w15 * d5, hint: { key: 'hint.backward.sum', formula: 'δ1 = w14·δ4 + w15·δ5', parts: [part.edge(1, 4), part.delta(4)] } },
      ],
    },
  };
}

const ETAS = [0.5, 1, 1.5, 2, 3];

function updateCheck(rng: Random): DrawnNumberCheck {
  for (;;) {
    const { net, s, pass, y6, delta } = outputCase(rng, 0.2);
    const eta = ETAS[rng.int(ETAS.length)];
    const y4 = round2(pass.y[5]);
    const w46 = net.weights[w(net, 4, 6)];
    const df = y6 * (1 - y6);
    const change = eta * delta * df * y4;
    if (Math.abs(change) < 0.03) continue;
    const pic = mask(pictureOf(net, pass, s.z, 'article', true), { y: { 4: y4, 6: y6 }, delta: { 6: delta }, blankDelta: [1, 2, 3, 4, 5] });
    const formula = "w'46 = w46 + η·δ·df6(e)/de·y4,  df6(e)/de = y6·(1 − y6)";
    const parts = [part.edge(4, 6), part.f(4), part.f(6), part.delta(6)];
    return {
      prompt: {
        kind: 'number',
        lesson: 'update',
        asked: "w'46",
        given: [
          { name: 'w46', value: w46 },
          { name: 'η', value: eta },
          { name: 'δ', value: delta },
          { name: 'y6', value: y6 },
          { name: 'y4', value: y4 },
        ],
        tolerance: 0.005,
        picture: pic,
      },
      key: {
        answer: w46 + change,
        tolerance: 0.005,
        hint: { key: 'hint.update.general', formula, parts },
        mistakes: [
          { value: change, hint: { key: 'hint.update.addW', formula, parts: [part.edge(4, 6)] } },
          { value: w46 - change, hint: { key: 'hint.update.sign', formula, parts: [part.delta(6)] } },
          { value: w46 + eta * delta * y4, hint: { key: 'hint.update.forgotDf', formula, parts: [part.f(6)] } },
        ],
      },
    };
  }
}

export type NumberLesson = 'neuron' | 'data' | 'forward' | 'error' | 'backward' | 'update';
export const NUMBER_LESSONS: readonly NumberLesson[] = ['neuron', 'data', 'forward', 'error', 'backward', 'update'];

const DRAW: Record<NumberLesson, (rng: Random) => DrawnNumberCheck> = {
  neuron: neuronCheck,
  data: dataCheck,
  forward: forwardCheck,
  error: errorCheck,
  backward: backwardCheck,
  update: updateCheck,
};

/** The check of a number lesson, drawn from `seed`: the same seed, the same numbers. */
export function drawNumberCheck(lesson: NumberLesson, seed: number): DrawnNumberCheck {
  return DRAW[lesson](createRandom(`${lesson}:${seed}`));
}

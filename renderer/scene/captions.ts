/**
 * The captions of a slow-motion step: one formula per phase and sub-step,
 * in the article's notation, filled with the step's own numbers. Pure (no
 * DOM, no Pixi), so tests can check every string.
 *
 *   forward   y4 = f(w14·y1 + w24·y2 + w34·y3) = f(0.12) = 0.53
 *   error     δ = z − y = 1 − 0.52 = 0.48
 *   backward  δ4 = w46·δ = 0.60 × −0.52 = −0.31                  (article rule)
 *             δ4 = w46·f6'(e)·δ = 0.60 × 0.25 × −0.52 = −0.04      (exact rule)
 *   update    w'46 = w46 + η·δ·df6(e)/de·y4 = 0.60 + 0.50 × −0.52 × 0.25 × 0.57 = 0.56
 *
 * Layers are numbered from 0 (the inputs); "neuron j of layer l" is the
 * j-th from the top. Per-neuron and per-weight arrays are flat, in
 * core/network.ts's layout.
 */
import { createNetwork, neuronNumber, weightName } from '../../core/network.js';
import type { StepTraceMessage } from '../../core/protocol.js';
import { fmt, fmtData, fmtSmall } from './format.js';

export type Phase = 'forward' | 'error' | 'backward' | 'update';

export interface PhaseCaption {
  phase: Phase;
  /** Language-neutral maths, e.g. "δ4 = w46·δ = 0.60 × −0.52 = −0.31". */
  formula: string;
}

/** The values of one step that captions read: a StepTraceMessage, or anything shaped like it. */
export type StepValues = Pick<
  StepTraceMessage,
  'rule' | 'eta' | 'x' | 'z' | 'e' | 'y' | 'delta' | 'dfde' | 'weightsBefore' | 'weightsAfter' | 'change' | 'applied' | 'biasesBefore'
>;

/** Names in the article's notation for one network shape. */
export interface Notation {
  readonly sizes: readonly number[];
  readonly bias: boolean;
  readonly neuronOffset: readonly number[];
  readonly weightOffset: readonly number[];
  /** Article number of neuron j of layer l ≥ 1: 1 … 6 on the 2-3-2-1 network. */
  number(l: number, j: number): number;
  /** Name of the weight from neuron i of layer l into neuron j of layer l + 1: w(x1)1, w14, w[3][2][5]. */
  weight(l: number, j: number, i: number): string;
  /** The signal neuron i of layer l sends: x1 for inputs, y4 for neurons. */
  signal(l: number, i: number): string;
  /** δ of neuron j of layer l ≥ 1: δ4; the article writes a lone output's as δ. */
  delta(l: number, j: number): string;
  /** Output of neuron j of layer l ≥ 1 where a formula defines it: y4; a lone output is y. */
  output(l: number, j: number): string;
  /** Flat index of neuron j of layer l. */
  neuron(l: number, j: number): number;
  /** Flat index of the weight from neuron i of layer l into neuron j of layer l + 1. */
  weightIndex(l: number, j: number, i: number): number;
}

export function notationFor(sizes: readonly number[], bias = false): Notation {
  const net = createNetwork({ layers: sizes, activation: 'linear', bias });
  const L = sizes.length;
  const lone = sizes[L - 1] === 1;
  const neuronOffset = Array.from(net.neuronOffset);
  const weightOffset = Array.from(net.weightOffset);
  const weights = new Map<number, string>();
  return {
    sizes: [...sizes],
    bias,
    neuronOffset,
    weightOffset,
    number: (l, j) => neuronNumber(net, l, j),
    weight(l, j, i) {
      const k = weightOffset[l] + j * sizes[l] + i;
      let name = weights.get(k);
      if (name === undefined) {
        name = weightName(net, l, j, i);
        weights.set(k, name);
      }
      return name;
    },
    signal: (l, i) => (l === 0 ? `x${i + 1}` : `y${neuronNumber(net, l, i)}`),
    delta: (l, j) => (l === L - 1 && lone ? 'δ' : `δ${neuronNumber(net, l, j)}`),
    output: (l, j) => (l === L - 1 && lone ? 'y' : `y${neuronNumber(net, l, j)}`),
    neuron: (l, j) => neuronOffset[l] + j,
    weightIndex: (l, j, i) => weightOffset[l] + j * sizes[l] + i,
  };
}

/** w14 → w'14, w(x1)1 → w'(x1)1, w[1][2][0] → w'[1][2][0]. */
export function primed(name: string): string {
  return name.startsWith('w') ? `w'${name.slice(1)}` : `${name}'`;
}

/** How many non-input neurons a network may have and still get a caption for every neuron. */
export const DETAILED_LIMIT = 9;

export function isDetailed(sizes: readonly number[]): boolean {
  let n = 0;
  for (let l = 1; l < sizes.length; l++) n += sizes[l];
  return n <= DETAILED_LIMIT;
}

/**
 * The neurons of layer l (≥ 1) that get captions of their own: all of them
 * on a small network; on a big one the output (up to three) and one
 * representative, the first, of each hidden layer.
 */
export function captionedNeurons(sizes: readonly number[], l: number): number[] {
  const n = sizes[l];
  const all = Array.from({ length: n }, (_, j) => j);
  if (isDetailed(sizes)) return all;
  if (l === sizes.length - 1 && n <= 3) return all;
  return [0];
}

/** Joins terms with " + ", eliding the middle of long sums: a + b + … + z. */
function sum(terms: string[], keep = 4): string {
  if (terms.length <= keep) return terms.join(' + ');
  return `${terms[0]} + ${terms[1]} + … + ${terms[terms.length - 1]}`;
}

/** y4 = f(w14·y1 + w24·y2 + w34·y3) = f(0.12) = 0.53 */
export function forwardCaption(n: Notation, v: StepValues, l: number, j: number): PhaseCaption {
  const terms: string[] = [];
  for (let i = 0; i < n.sizes[l - 1]; i++) terms.push(`${n.weight(l - 1, j, i)}·${n.signal(l - 1, i)}`);
  if (n.bias) terms.push(`b${n.number(l, j)}`);
  const k = n.neuron(l, j);
  return {
    phase: 'forward',
    formula: `${n.output(l, j)} = f(${sum(terms)}) = f(${fmt(v.e[k])}) = ${fmt(v.y[k])}`,
  };
}

/** δ = z − y = 1 − 0.52 = 0.48 (δ6 = z1 − y6 … with several outputs). */
export function errorCaption(n: Notation, v: StepValues, j: number): PhaseCaption {
  const L = n.sizes.length;
  const k = n.neuron(L - 1, j);
  const lone = n.sizes[L - 1] === 1;
  const zName = lone ? 'z' : `z${j + 1}`;
  return {
    phase: 'error',
    formula: `${n.delta(L - 1, j)} = ${zName} − ${n.output(L - 1, j)} = ${fmtData(v.z[j])} − ${fmt(v.y[k])} = ${fmt(v.delta[k])}`,
  };
}

/**
 * δ of neuron i of hidden layer l, gathered from the layer after it:
 *   article  δ1 = w14·δ4 + w15·δ5 = 0.20 × −0.31 + 0.45 × 0.05 = −0.04
 *   exact    δ4 = w46·f6'(e)·δ = 0.60 × 0.25 × −0.52 = −0.08
 * Sums of more than three terms keep the symbols and drop the products.
 */
export function backwardCaption(n: Notation, v: StepValues, l: number, i: number): PhaseCaption {
  const exact = v.rule === 'exact';
  const symbols: string[] = [];
  const numbers: number[][] = [];
  for (let j = 0; j < n.sizes[l + 1]; j++) {
    const w = n.weight(l, j, i);
    const d = n.delta(l + 1, j);
    const kj = n.neuron(l + 1, j);
    const wv = v.weightsBefore[n.weightIndex(l, j, i)];
    if (exact) {
      symbols.push(`${w}·f${n.number(l + 1, j)}'(e)·${d}`);
      numbers.push([wv, v.dfde[kj], v.delta[kj]]);
    } else {
      symbols.push(`${w}·${d}`);
      numbers.push([wv, v.delta[kj]]);
    }
  }
  const result = fmt(v.delta[n.neuron(l, i)]);
  const lhs = n.delta(l, i);
  const formula =
    symbols.length <= 3
      ? `${lhs} = ${symbols.join(' + ')} = ${products(numbers)} = ${result}`
      : `${lhs} = ${sum(symbols, 3)} = ${result}`;
  return { phase: 'backward', formula };
}

/**
 * A sum of products, each factor with two decimals: 0.60 × 0.25 × −0.52.
 * A later product whose first factor is negative is subtracted instead:
 * "a − 0.15 × 0.25" rather than "a + −0.15 × 0.25".
 */
export function products(terms: number[][]): string {
  let out = '';
  terms.forEach((factors, t) => {
    const first = factors[0];
    const rest = factors.slice(1).map(fmt);
    if (t === 0) out = [fmt(first), ...rest].join(' × ');
    else if (first < 0 && fmt(first) !== '0.00') out += ' − ' + [fmt(-first), ...rest].join(' × ');
    else out += ' + ' + [fmt(first), ...rest].join(' × ');
  });
  return out;
}

/** Whether this step's weights moved by exactly this step's own changes (no minibatch pending or averaging). */
export function appliedAlone(v: StepValues, k: number): boolean {
  if (!v.applied) return false;
  const expect = v.weightsBefore[k] + v.change[k];
  return Math.abs(v.weightsAfter[k] - expect) <= 1e-9 * (1 + Math.abs(expect));
}

/**
 * The update of the weight from neuron i of layer l into neuron j of layer l + 1:
 *   w'46 = w46 + η·δ·df6(e)/de·y4 = 0.60 + 0.50 × −0.52 × 0.25 × 0.57 = 0.56
 * Inside a minibatch (or when the batch's mean moved it) the caption gives
 * this step's own change instead: Δw46 = η·δ·df6(e)/de·y4 = … = −0.04.
 */
export function updateCaption(n: Notation, v: StepValues, l: number, j: number, i: number): PhaseCaption {
  const k = n.weightIndex(l, j, i);
  const w = n.weight(l, j, i);
  const kj = n.neuron(l + 1, j);
  const ki = n.neuron(l, i);
  const symbol = `η·${n.delta(l + 1, j)}·df${n.number(l + 1, j)}(e)/de·${n.signal(l, i)}`;
  const product = `${fmtSmall(v.eta)} × ${fmt(v.delta[kj])} × ${fmt(v.dfde[kj])} × ${l === 0 ? fmtData(v.y[ki]) : fmt(v.y[ki])}`;
  if (appliedAlone(v, k)) {
    return {
      phase: 'update',
      formula: `${primed(w)} = ${w} + ${symbol} = ${fmt(v.weightsBefore[k])} + ${product} = ${fmt(v.weightsAfter[k])}`,
    };
  }
  return { phase: 'update', formula: `Δ${w} = ${symbol} = ${product} = ${fmtSmall(v.change[k])}` };
}

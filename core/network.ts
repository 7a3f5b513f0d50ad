/**
 * A fully connected feed-forward network, stored flat.
 *
 * Layers are numbered from 0 (the inputs x1, x2, …) to L − 1 (the output).
 * The weight from neuron i of layer l into neuron j of layer l + 1 is
 * weights[l][j][i] in the nested form the trace command reads and writes;
 * here every layer's block sits in one Float64Array, row by row:
 *
 *   weight(l, j, i) = weights[weightOffset[l] + j·sizes[l] + i]
 *
 * so the loops that form e = Σᵢ w·y run over contiguous memory. Biases (an
 * option; the article has none) are one Float64Array indexed like neurons:
 * bias(l, j) = biases[neuronOffset[l] + j], with nothing stored for layer 0.
 *
 * The article's network is [2, 3, 2, 1]: inputs x1 x2, neurons 1–3, 4–5, 6.
 */
import { type ActivationName, Act, activationCode } from './activation.js';
import { type Random, createRandom } from './random.js';

export interface NetworkConfig {
  /** Layer sizes, input layer first. */
  readonly layers: readonly number[];
  /** One activation for every non-input layer, or one per non-input layer. */
  readonly activation: ActivationName | readonly ActivationName[];
  readonly bias: boolean;
}

export interface Network {
  readonly sizes: readonly number[];
  /** activations[l] is the function of layer l; activations[0] is unused. */
  readonly activations: readonly ActivationName[];
  readonly codes: Int32Array;
  readonly bias: boolean;
  /** Where layer l's incoming weights start (l = 0 … L − 2 → into layer l + 1). */
  readonly weightOffset: Int32Array;
  /** Where layer l's neurons start in per-neuron arrays (e, y, δ, biases). */
  readonly neuronOffset: Int32Array;
  readonly weightCount: number;
  readonly neuronCount: number;
  /** Weights, flat. Replaced (not copied) by each update: read it, don't hold it. */
  weights: Float64Array;
  /** Biases, flat, per neuron (zeros and unused when bias is false). */
  biases: Float64Array;
}

export const ARTICLE_LAYERS: readonly number[] = [2, 3, 2, 1];

export function perLayerActivations(
  layers: readonly number[],
  activation: ActivationName | readonly ActivationName[],
): ActivationName[] {
  const out: ActivationName[] = [activation as ActivationName];
  for (let l = 1; l < layers.length; l++) {
    out[l] = typeof activation === 'string' ? activation : activation[l - 1];
  }
  out[0] = out[1] ?? 'linear';
  return out;
}

/** A network of the given shape with every weight and bias zero. */
export function createNetwork(config: NetworkConfig): Network {
  const sizes = [...config.layers];
  if (sizes.length < 2) throw new RangeError('a network needs at least an input and an output layer');
  for (const n of sizes) {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`layer sizes must be whole numbers ≥ 1, got ${n}`);
  }
  const activations = perLayerActivations(sizes, config.activation);
  const L = sizes.length;
  const weightOffset = new Int32Array(L);
  const neuronOffset = new Int32Array(L + 1);
  let w = 0;
  for (let l = 0; l < L - 1; l++) {
    weightOffset[l] = w;
    w += sizes[l] * sizes[l + 1];
  }
  weightOffset[L - 1] = w;
  let n = 0;
  for (let l = 0; l < L; l++) {
    neuronOffset[l] = n;
    n += sizes[l];
  }
  neuronOffset[L] = n;
  const codes = new Int32Array(L);
  for (let l = 0; l < L; l++) codes[l] = activationCode(activations[l]);
  return {
    sizes,
    activations,
    codes,
    bias: config.bias,
    weightOffset,
    neuronOffset,
    weightCount: w,
    neuronCount: n,
    weights: new Float64Array(w),
    biases: new Float64Array(n),
  };
}

export function weightIndex(net: Network, l: number, j: number, i: number): number {
  return net.weightOffset[l] + j * net.sizes[l] + i;
}

export function getWeight(net: Network, l: number, j: number, i: number): number {
  return net.weights[weightIndex(net, l, j, i)];
}

export function setWeight(net: Network, l: number, j: number, i: number, value: number): void {
  net.weights[weightIndex(net, l, j, i)] = value;
}

export function getBias(net: Network, l: number, j: number): number {
  return net.biases[net.neuronOffset[l] + j];
}

export function setBias(net: Network, l: number, j: number, value: number): void {
  net.biases[net.neuronOffset[l] + j] = value;
}

/** Nested weights[l][j][i], the form of the trace command and of saved files. */
export function nestedWeights(net: Network, flat: Float64Array = net.weights): number[][][] {
  const out: number[][][] = [];
  for (let l = 0; l < net.sizes.length - 1; l++) {
    const rows: number[][] = [];
    const nIn = net.sizes[l];
    for (let j = 0; j < net.sizes[l + 1]; j++) {
      const start = net.weightOffset[l] + j * nIn;
      rows.push(Array.from(flat.subarray(start, start + nIn)));
    }
    out.push(rows);
  }
  return out;
}

/** Nested biases[l][j] for l = 0 … L − 2 (into layer l + 1), as the trace command writes them. */
export function nestedBiases(net: Network, flat: Float64Array = net.biases): number[][] {
  const out: number[][] = [];
  for (let l = 1; l < net.sizes.length; l++) {
    const start = net.neuronOffset[l];
    out.push(Array.from(flat.subarray(start, start + net.sizes[l])));
  }
  return out;
}

export function loadNestedWeights(net: Network, weights: readonly (readonly (readonly number[])[])[]): void {
  for (let l = 0; l < net.sizes.length - 1; l++) {
    for (let j = 0; j < net.sizes[l + 1]; j++) {
      for (let i = 0; i < net.sizes[l]; i++) setWeight(net, l, j, i, weights[l][j][i]);
    }
  }
}

export function loadNestedBiases(net: Network, biases: readonly (readonly number[])[]): void {
  for (let l = 1; l < net.sizes.length; l++) {
    for (let j = 0; j < net.sizes[l]; j++) setBias(net, l, j, biases[l - 1][j]);
  }
}

/**
 * Seeded initial weights. Each layer draws uniformly from ±√(6 / (nIn + nOut))
 * (Glorot), or ±√(6 / nIn) for relu layers (He), so signals neither vanish
 * nor blow up at the start. Biases start at zero (0.1 for relu, so that relu
 * neurons start alive). The same seed gives the same weights, bit for bit.
 */
export function initializeWeights(net: Network, seed: number | string | Random): void {
  const rng = typeof seed === 'object' ? seed : createRandom(seed);
  for (let l = 0; l < net.sizes.length - 1; l++) {
    const nIn = net.sizes[l];
    const nOut = net.sizes[l + 1];
    const relu = net.codes[l + 1] === Act.Relu;
    const limit = relu ? Math.sqrt(6 / nIn) : Math.sqrt(6 / (nIn + nOut));
    const start = net.weightOffset[l];
    for (let k = 0; k < nIn * nOut; k++) net.weights[start + k] = rng.uniform(-limit, limit);
  }
  net.biases.fill(0);
  if (net.bias) {
    for (let l = 1; l < net.sizes.length; l++) {
      if (net.codes[l] === Act.Relu) net.biases.fill(0.1, net.neuronOffset[l], net.neuronOffset[l + 1]);
    }
  }
}

export function cloneNetwork(net: Network): Network {
  return { ...net, weights: net.weights.slice(), biases: net.biases.slice() };
}

/** The article's name of a weight: w(x1)1, w14, w46 on the article's network; w[l][j][i] elsewhere. */
export function weightName(net: Network, l: number, j: number, i: number): string {
  if (isArticleShape(net.sizes)) {
    const to = net.neuronOffset[l + 1] - net.sizes[0] + j + 1;
    if (l === 0) return `w(x${i + 1})${to}`;
    const from = net.neuronOffset[l] - net.sizes[0] + i + 1;
    return `w${from}${to}`;
  }
  return `w[${l}][${j}][${i}]`;
}

/** The article's name of a neuron: 1 … 6 on the article's network (neurons numbered across layers). */
export function neuronNumber(net: Network, l: number, j: number): number {
  return net.neuronOffset[l] - net.sizes[0] + j + 1;
}

export function isArticleShape(sizes: readonly number[]): boolean {
  // Single-digit neuron numbers keep names like w14 unambiguous.
  if (sizes.length < 2) return false;
  let hidden = 0;
  for (let l = 1; l < sizes.length; l++) hidden += sizes[l];
  return hidden <= 9 && sizes[0] <= 9;
}

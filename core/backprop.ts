/**
 * One training step, in the article's three parts: the forward pass, the
 * backward pass of the error δ, and the weight update. Every function works
 * in place on typed arrays of a Workspace, so a step allocates nothing.
 *
 * Per-neuron arrays are indexed like network.ts's neuronOffset: the inputs
 * are layer 0 and their "output" y is the sample's x.
 */
import { Act, activate, derivativeFromOutput } from './activation.js';
import type { Network } from './network.js';

/** How δ travels back through a hidden neuron (ARTICLE.md, "Two rules"). */
export type Rule = 'exact' | 'article';
export const RULES: readonly Rule[] = ['exact', 'article'];

export interface Workspace {
  /** e of every neuron: the adder's weighted sum. */
  readonly e: Float64Array;
  /** y = f(e) of every neuron; for layer 0, the inputs. */
  readonly y: Float64Array;
  /** δ of every neuron, as ARTICLE.md defines it under the rule in use. */
  readonly delta: Float64Array;
  /** δ·df(e)/de of every neuron: what multiplies the incoming signal in the update. */
  readonly g: Float64Array;
  /** The spare weight and bias buffers the next update writes into. */
  spareWeights: Float64Array;
  spareBiases: Float64Array;
  /** Sums of the per-step changes within a minibatch. */
  readonly pendingWeights: Float64Array;
  readonly pendingBiases: Float64Array;
  /** How many steps' changes pendingWeights holds. */
  pendingCount: number;
}

export function createWorkspace(net: Network): Workspace {
  return {
    e: new Float64Array(net.neuronCount),
    y: new Float64Array(net.neuronCount),
    delta: new Float64Array(net.neuronCount),
    g: new Float64Array(net.neuronCount),
    spareWeights: new Float64Array(net.weightCount),
    spareBiases: new Float64Array(net.neuronCount),
    pendingWeights: new Float64Array(net.weightCount),
    pendingBiases: new Float64Array(net.neuronCount),
    pendingCount: 0,
  };
}

/**
 * Forward pass: signals travel from the inputs to the output.
 *
 *   e_j = Σᵢ w_ji · y_i (+ b_j)      y_j = f(e_j)
 *
 * layer by layer, for example y4 = f4(w14·y1 + w24·y2 + w34·y3).
 * Reads x[xAt … xAt + sizes[0]); fills ws.e and ws.y. Returns the output's offset.
 */
export function forward(net: Network, x: ArrayLike<number>, ws: Workspace, xAt = 0): number {
  const { sizes, weightOffset, neuronOffset, codes, weights, biases } = net;
  const { e, y } = ws;
  const nIn0 = sizes[0];
  for (let i = 0; i < nIn0; i++) y[i] = x[xAt + i];
  for (let l = 1; l < sizes.length; l++) {
    const nIn = sizes[l - 1];
    const nOut = sizes[l];
    const inStart = neuronOffset[l - 1];
    const outStart = neuronOffset[l];
    const code = codes[l];
    let w = weightOffset[l - 1];
    for (let j = 0; j < nOut; j++) {
      let sum = net.bias ? biases[outStart + j] : 0;
      for (let i = 0; i < nIn; i++) sum += weights[w + i] * y[inStart + i];
      w += nIn;
      e[outStart + j] = sum;
      y[outStart + j] = activate(code, sum);
    }
  }
  return neuronOffset[sizes.length - 1];
}

/**
 * Backward pass: the error travels from the output back to the first layer.
 *
 * At the output, δ = z − y. Hidden neurons have no target; their δ is
 * gathered from the neurons they feed, along the same weights:
 *
 *   article:  δ_i = Σⱼ w_ij · δ_j                (δ4 = w46·δ)
 *   exact:    δ_i = Σⱼ w_ij · df_j(e)/de · δ_j   (the true gradient of ½·Σ(z − y)²)
 *
 * Both rules also fill g_j = δ_j · df_j(e)/de, the factor of the update.
 * Uses the weights as they were before the step. Returns the sample's loss
 * ½·Σ(z − y)², z read from z[zAt …].
 */
export function backward(net: Network, z: ArrayLike<number>, rule: Rule, ws: Workspace, zAt = 0): number {
  const { sizes, weightOffset, neuronOffset, codes, weights } = net;
  const { y, delta, g } = ws;
  const L = sizes.length;
  const exact = rule === 'exact';

  const outStart = neuronOffset[L - 1];
  const outCode = codes[L - 1];
  let loss = 0;
  for (let j = 0; j < sizes[L - 1]; j++) {
    const yj = y[outStart + j];
    const d = z[zAt + j] - yj;
    loss += d * d;
    delta[outStart + j] = d;
    g[outStart + j] = d * derivativeFromOutput(outCode, yj);
  }

  for (let l = L - 1; l > 1; l--) {
    // Send δ of layer l back to layer l − 1.
    const nIn = sizes[l - 1];
    const nOut = sizes[l];
    const inStart = neuronOffset[l - 1];
    const outStart2 = neuronOffset[l];
    for (let i = 0; i < nIn; i++) delta[inStart + i] = 0;
    let w = weightOffset[l - 1];
    for (let j = 0; j < nOut; j++) {
      const back = exact ? g[outStart2 + j] : delta[outStart2 + j];
      for (let i = 0; i < nIn; i++) delta[inStart + i] += weights[w + i] * back;
      w += nIn;
    }
    const code = codes[l - 1];
    for (let i = 0; i < nIn; i++) {
      g[inStart + i] = delta[inStart + i] * derivativeFromOutput(code, y[inStart + i]);
    }
  }
  return 0.5 * loss;
}

/**
 * The update, for every connection: the error of the neuron it enters, that
 * neuron's derivative, and the signal on the connection.
 *
 *   w'_ji = w_ji + η · δ_j · df_j(e)/de · y_i        (w'46 = w46 + η·δ·df6(e)/de·y4)
 *   b'_j  = b_j  + η · δ_j · df_j(e)/de
 *
 * The new weights are written into the spare buffers, which then take the
 * network's place, so that a step whose weights would stop being finite
 * can be refused with the last finite weights untouched. Returns false
 * (and changes nothing) in that case.
 */
export function applyStep(net: Network, eta: number, ws: Workspace): boolean {
  const { sizes, weightOffset, neuronOffset, weights, biases } = net;
  const { y, g } = ws;
  const next = ws.spareWeights;
  const nextB = ws.spareBiases;
  let check = 0;
  for (let l = 1; l < sizes.length; l++) {
    const nIn = sizes[l - 1];
    const nOut = sizes[l];
    const inStart = neuronOffset[l - 1];
    const outStart = neuronOffset[l];
    let w = weightOffset[l - 1];
    for (let j = 0; j < nOut; j++) {
      const k = eta * g[outStart + j];
      for (let i = 0; i < nIn; i++) {
        const v = weights[w + i] + k * y[inStart + i];
        next[w + i] = v;
        check += v;
      }
      w += nIn;
      if (net.bias) {
        const b = biases[outStart + j] + k;
        nextB[outStart + j] = b;
        check += b;
      }
    }
  }
  if (check - check !== 0) return false;
  swapIn(net, ws);
  return true;
}

/**
 * Within a minibatch: add this step's changes η·δ_j·df_j(e)/de·y_i to the
 * pending sums instead of applying them. The weights stay as they are.
 */
export function accumulateStep(net: Network, eta: number, ws: Workspace): void {
  const { sizes, weightOffset, neuronOffset } = net;
  const { y, g, pendingWeights, pendingBiases } = ws;
  for (let l = 1; l < sizes.length; l++) {
    const nIn = sizes[l - 1];
    const nOut = sizes[l];
    const inStart = neuronOffset[l - 1];
    const outStart = neuronOffset[l];
    let w = weightOffset[l - 1];
    for (let j = 0; j < nOut; j++) {
      const k = eta * g[outStart + j];
      for (let i = 0; i < nIn; i++) pendingWeights[w + i] += k * y[inStart + i];
      w += nIn;
      pendingBiases[outStart + j] += k;
    }
  }
  ws.pendingCount++;
}

/**
 * End of a minibatch: every weight moves by the mean of its pending changes,
 *   w' = w + (Σ_steps Δw) / steps.
 * Returns false, discarding the batch and keeping the weights, if the result
 * would not be finite.
 */
export function applyPending(net: Network, ws: Workspace): boolean {
  const count = ws.pendingCount;
  if (count === 0) return true;
  const { weights, biases } = net;
  const { pendingWeights, pendingBiases } = ws;
  const next = ws.spareWeights;
  const nextB = ws.spareBiases;
  let check = 0;
  for (let k = 0; k < weights.length; k++) {
    const v = weights[k] + pendingWeights[k] / count;
    next[k] = v;
    check += v;
  }
  if (net.bias) {
    for (let k = 0; k < biases.length; k++) {
      const b = biases[k] + pendingBiases[k] / count;
      nextB[k] = b;
      check += b;
    }
  }
  clearPending(ws);
  if (check - check !== 0) return false;
  swapIn(net, ws);
  return true;
}

export function clearPending(ws: Workspace): void {
  ws.pendingWeights.fill(0);
  ws.pendingBiases.fill(0);
  ws.pendingCount = 0;
}

function swapIn(net: Network, ws: Workspace): void {
  const oldW = net.weights;
  net.weights = ws.spareWeights;
  ws.spareWeights = oldW;
  if (net.bias) {
    const oldB = net.biases;
    net.biases = ws.spareBiases;
    ws.spareBiases = oldB;
  }
}

/** True when every value of the last forward pass is finite. */
export function outputsFinite(net: Network, ws: Workspace): boolean {
  let check = 0;
  const y = ws.y;
  for (let k = net.neuronOffset[1]; k < y.length; k++) check += y[k];
  return check - check === 0;
}

/** Derivative helper for traces: df(e)/de of every neuron from the last forward pass. */
export function derivatives(net: Network, ws: Workspace, out: Float64Array = new Float64Array(net.neuronCount)): Float64Array {
  for (let l = 1; l < net.sizes.length; l++) {
    const code = net.codes[l] as Act;
    for (let k = net.neuronOffset[l]; k < net.neuronOffset[l + 1]; k++) out[k] = derivativeFromOutput(code, ws.y[k]);
  }
  return out;
}

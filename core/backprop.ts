/**
 * One training step, as the article tells it (ARTICLE.md), top to bottom:
 *
 *   1. forward       e_j = Σᵢ w_ji·y_i (+ b_j),  y_j = f(e_j), layer after layer
 *   2. output error  δ = z − y
 *   3. backward      δ sent back one layer at a time, by the rule in use
 *   4. update        w'_ji = w_ji + η·δ_j·df_j(e)/de·y_i
 *   5. minibatch     inside a batch the changes are only summed; at its end
 *                    every weight moves by their mean
 *
 * Plain loops over typed arrays: this is the step the lessons quote and the
 * one to read first. The trainer usually runs a faster copy of it
 * (unrolled-step.ts, compiled-step.ts); the tests hold those copies to these
 * very numbers, bit for bit. For that, every sum here is formed in the order
 * it is written (i = 0, 1, 2, …) and so are the products, and the copies
 * keep the same order.
 *
 * Per-neuron arrays are indexed like network.ts's neuronOffset: layer 0 are
 * the inputs, whose output y is the sample's x. The weight from neuron i of
 * layer l − 1 into neuron j of layer l is weights[weightOffset[l − 1] + j·sizes[l − 1] + i].
 */
import { activate, derivativeFromOutput } from './activation.js';
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
  /** δ·df(e)/de of every neuron: scratch of the fast copies of the step, which keep it instead of forming it twice. */
  readonly g: Float64Array;
  /** The spare weight and bias buffers the next update writes into. */
  spareWeights: Float64Array;
  spareBiases: Float64Array;
  /** Sums of the per-step changes within a minibatch. */
  readonly pendingWeights: Float64Array;
  readonly pendingBiases: Float64Array;
  /** How many steps' changes pendingWeights holds. */
  pendingCount: number;
  /** The loss ½·Σ(z − y)² of the last trainSample. */
  loss: number;
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
    loss: NaN,
  };
}

/**
 * 1. Forward pass: signals travel from the inputs to the output.
 *
 *   e_j = (b_j +) w_j0·y_0 + w_j1·y_1 + …      y_j = f_j(e_j)
 *
 * for example y4 = f4(w14·y1 + w24·y2 + w34·y3). Reads the sample's x from
 * x[xAt …]; fills ws.e and ws.y. Returns where the output layer starts in them.
 */
export function forward(net: Network, x: ArrayLike<number>, ws: Workspace, xAt = 0): number {
  const { sizes, neuronOffset, weightOffset, codes, weights, biases } = net;
  const { e, y } = ws;
  for (let i = 0; i < sizes[0]; i++) y[i] = x[xAt + i];
  for (let l = 1; l < sizes.length; l++) {
    const nIn = sizes[l - 1];
    const from = neuronOffset[l - 1];
    const to = neuronOffset[l];
    for (let j = 0; j < sizes[l]; j++) {
      const row = weightOffset[l - 1] + j * nIn;
      let sum = net.bias ? biases[to + j] : 0;
      for (let i = 0; i < nIn; i++) sum += weights[row + i] * y[from + i];
      e[to + j] = sum;
      y[to + j] = activate(codes[l], sum);
    }
  }
  return neuronOffset[sizes.length - 1];
}

/**
 * 2. The output's error: δ = z − y for every output neuron, z read from
 * z[zAt …]. Returns the sample's loss ½·Σ(z − y)².
 */
export function outputError(net: Network, z: ArrayLike<number>, ws: Workspace, zAt = 0): number {
  const out = net.neuronOffset[net.sizes.length - 1];
  const { y, delta } = ws;
  let loss = 0;
  for (let j = 0; j < net.sizes[net.sizes.length - 1]; j++) {
    const d = z[zAt + j] - y[out + j];
    delta[out + j] = d;
    loss += d * d;
  }
  return 0.5 * loss;
}

/**
 * 3. Backward pass: δ = z − y at the output, then, from the last hidden
 * layer back to the first, δ sent back along the same weights as the
 * signals came (the weights as they were before the step). Returns the
 * sample's loss ½·Σ(z − y)².
 */
export function backward(net: Network, z: ArrayLike<number>, rule: Rule, ws: Workspace, zAt = 0): number {
  const loss = outputError(net, z, ws, zAt);
  for (let l = net.sizes.length - 1; l >= 2; l--) {
    if (rule === 'exact') sendBackExact(net, l, ws);
    else sendBackArticle(net, l, ws);
  }
  return loss;
}

/**
 * The article's rule, from layer l into layer l − 1: each neuron i gathers
 * the δ of the neurons j it feeds, weighted by the weight between them.
 *
 *   δ_i = Σⱼ w_ji · δ_j                 (δ4 = w46·δ,  δ1 = w14·δ4 + w15·δ5)
 */
function sendBackArticle(net: Network, l: number, ws: Workspace): void {
  const { sizes, neuronOffset, weightOffset, weights } = net;
  const { delta } = ws;
  const nIn = sizes[l - 1];
  for (let i = 0; i < nIn; i++) {
    let sum = 0;
    for (let j = 0; j < sizes[l]; j++) sum += weights[weightOffset[l - 1] + j * nIn + i] * delta[neuronOffset[l] + j];
    delta[neuronOffset[l - 1] + i] = sum;
  }
}

/**
 * The exact rule: the same, but the error also passes back through the
 * derivative of the neuron it leaves, which makes it the true gradient of
 * ½·Σ(z − y)² (ARTICLE.md, "Two rules"):
 *
 *   δ_i = Σⱼ w_ji · (δ_j · df_j(e)/de)
 */
function sendBackExact(net: Network, l: number, ws: Workspace): void {
  const { sizes, neuronOffset, weightOffset, codes, weights } = net;
  const { y, delta } = ws;
  const nIn = sizes[l - 1];
  for (let i = 0; i < nIn; i++) {
    let sum = 0;
    for (let j = 0; j < sizes[l]; j++) {
      const k = neuronOffset[l] + j;
      sum += weights[weightOffset[l - 1] + j * nIn + i] * (delta[k] * derivativeFromOutput(codes[l], y[k]));
    }
    delta[neuronOffset[l - 1] + i] = sum;
  }
}

/**
 * 4. The update, for every connection: the error of the neuron it enters,
 * that neuron's derivative, and the signal on the connection.
 *
 *   w'_ji = w_ji + η · (δ_j · df_j(e)/de) · y_i      (w'46 = w46 + η·δ·df6(e)/de·y4)
 *   b'_j  = b_j  + η · (δ_j · df_j(e)/de)
 *
 * The new weights go into the spare buffers, which then take the network's
 * place, so that a step whose weights would stop being finite can be
 * refused with the last finite weights untouched: it returns false and
 * changes nothing.
 */
export function applyStep(net: Network, eta: number, ws: Workspace): boolean {
  const { sizes, neuronOffset, weightOffset, codes, weights, biases } = net;
  const { y, delta } = ws;
  const next = ws.spareWeights;
  const nextB = ws.spareBiases;
  let finite = true;
  for (let l = 1; l < sizes.length; l++) {
    const nIn = sizes[l - 1];
    for (let j = 0; j < sizes[l]; j++) {
      const k = neuronOffset[l] + j;
      const step = eta * (delta[k] * derivativeFromOutput(codes[l], y[k]));
      const row = weightOffset[l - 1] + j * nIn;
      for (let i = 0; i < nIn; i++) {
        next[row + i] = weights[row + i] + step * y[neuronOffset[l - 1] + i];
        if (!Number.isFinite(next[row + i])) finite = false;
      }
      if (net.bias) {
        nextB[k] = biases[k] + step;
        if (!Number.isFinite(nextB[k])) finite = false;
      }
    }
  }
  if (!finite) return false;
  swapIn(net, ws);
  return true;
}

/**
 * 5. Inside a minibatch: this step's changes η·(δ_j·df_j(e)/de)·y_i are
 * added to the pending sums instead; the weights stay as they are.
 */
export function accumulateStep(net: Network, eta: number, ws: Workspace): void {
  const { sizes, neuronOffset, weightOffset, codes } = net;
  const { y, delta, pendingWeights, pendingBiases } = ws;
  for (let l = 1; l < sizes.length; l++) {
    const nIn = sizes[l - 1];
    for (let j = 0; j < sizes[l]; j++) {
      const k = neuronOffset[l] + j;
      const step = eta * (delta[k] * derivativeFromOutput(codes[l], y[k]));
      const row = weightOffset[l - 1] + j * nIn;
      for (let i = 0; i < nIn; i++) pendingWeights[row + i] += step * y[neuronOffset[l - 1] + i];
      pendingBiases[k] += step;
    }
  }
  ws.pendingCount++;
}

/**
 * 5. End of a minibatch: every weight moves by the mean of its pending
 * changes, w' = w + (Σ_steps Δw) / steps. Returns false, discarding the
 * batch and keeping the weights, if the result would not be finite.
 */
export function applyPending(net: Network, ws: Workspace): boolean {
  const count = ws.pendingCount;
  if (count === 0) return true;
  const { weights, biases } = net;
  const { pendingWeights, pendingBiases } = ws;
  const next = ws.spareWeights;
  const nextB = ws.spareBiases;
  let finite = true;
  for (let k = 0; k < weights.length; k++) {
    next[k] = weights[k] + pendingWeights[k] / count;
    if (!Number.isFinite(next[k])) finite = false;
  }
  if (net.bias) {
    for (let k = 0; k < biases.length; k++) {
      nextB[k] = biases[k] + pendingBiases[k] / count;
      if (!Number.isFinite(nextB[k])) finite = false;
    }
  }
  clearPending(ws);
  if (!finite) return false;
  swapIn(net, ws);
  return true;
}

/** What trainSample returns: the step was taken, or why it was refused. */
export const STEP_TAKEN = 0;
export const REFUSED_SIGNALS = 1;
export const REFUSED_WEIGHTS = 2;

/**
 * The whole step on one sample, x from xs[xAt …] and z from zs[zAt …]:
 * forward, backward under `rule`, and then the update (accumulate false) or
 * this step's changes added to the minibatch's sums (accumulate true).
 *
 * Returns STEP_TAKEN, with the loss in ws.loss; REFUSED_SIGNALS when an
 * adder's e or the loss is not finite (nothing changed); or REFUSED_WEIGHTS
 * when the new weights would not be finite (the weights are untouched).
 * Every y is finite when every e is, since each f maps finite to finite.
 */
export function trainSample(
  net: Network,
  xs: ArrayLike<number>,
  xAt: number,
  zs: ArrayLike<number>,
  zAt: number,
  rule: Rule,
  eta: number,
  ws: Workspace,
  accumulate: boolean,
): number {
  forward(net, xs, ws, xAt);
  for (let k = net.neuronOffset[1]; k < net.neuronCount; k++) if (!Number.isFinite(ws.e[k])) return REFUSED_SIGNALS;
  const loss = backward(net, zs, rule, ws, zAt);
  if (!Number.isFinite(loss)) return REFUSED_SIGNALS;
  ws.loss = loss;
  if (accumulate) {
    accumulateStep(net, eta, ws);
    return STEP_TAKEN;
  }
  return applyStep(net, eta, ws) ? STEP_TAKEN : REFUSED_WEIGHTS;
}

export function clearPending(ws: Workspace): void {
  ws.pendingWeights.fill(0);
  ws.pendingBiases.fill(0);
  ws.pendingCount = 0;
}

/** The new weights (written into the spare buffers) take the network's place. */
export function swapIn(net: Network, ws: Workspace): void {
  const oldW = net.weights;
  net.weights = ws.spareWeights;
  ws.spareWeights = oldW;
  if (net.bias) {
    const oldB = net.biases;
    net.biases = ws.spareBiases;
    ws.spareBiases = oldB;
  }
}

/** df(e)/de of every neuron, from the y of the last forward pass (for traces and the scene). */
export function derivatives(net: Network, ws: Workspace, out: Float64Array = new Float64Array(net.neuronCount)): Float64Array {
  for (let l = 1; l < net.sizes.length; l++) {
    for (let k = net.neuronOffset[l]; k < net.neuronOffset[l + 1]; k++) out[k] = derivativeFromOutput(net.codes[l], ws.y[k]);
  }
  return out;
}

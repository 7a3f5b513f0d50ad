/**
 * One training step, in the article's three parts: the forward pass, the
 * backward pass of the error δ, and the weight update. Every function works
 * in place on typed arrays of a Workspace, so a step allocates nothing.
 *
 * Per-neuron arrays are indexed like network.ts's neuronOffset: the inputs
 * are layer 0 and their "output" y is the sample's x.
 */
import { Act, activateRange, derivativeFromOutput, gradientRange } from './activation.js';
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
 * Forward pass: signals travel from the inputs to the output.
 *
 *   e_j = Σᵢ w_ji · y_i (+ b_j)      y_j = f(e_j)
 *
 * layer by layer, for example y4 = f4(w14·y1 + w24·y2 + w34·y3).
 * Reads x[xAt … xAt + sizes[0]); fills ws.e and ws.y. Returns the output's offset.
 */
export function forward(net: Network, x: ArrayLike<number>, ws: Workspace, xAt = 0): number {
  forwardPass(net, x, ws, xAt);
  return net.neuronOffset[net.sizes.length - 1];
}

/**
 * The forward pass; returns 0 when every adder's e is finite (and so every
 * y, as each f maps finite e to finite y), NaN otherwise.
 *
 * Neurons are taken two at a time, so each y_i is loaded once for both, and
 * each e is summed in two running parts, (b + w₀y₀ + w₂y₂ + …) + (w₁y₁ +
 * w₃y₃ + …), so that the additions do not wait on one another. The sum is
 * the same as the plain one up to rounding in the last bits, and the same
 * on every run.
 */
function forwardPass(net: Network, x: ArrayLike<number>, ws: Workspace, xAt: number): number {
  const { sizes, weightOffset, neuronOffset, codes, weights, biases } = net;
  const hasBias = net.bias;
  const { e, y } = ws;
  const nIn0 = sizes[0];
  for (let i = 0; i < nIn0; i++) y[i] = x[xAt + i];
  let check = 0;
  for (let l = 1; l < sizes.length; l++) {
    const nIn = sizes[l - 1];
    const nOut = sizes[l];
    const inStart = neuronOffset[l - 1];
    const outStart = neuronOffset[l];
    const n2 = nIn & ~1;
    let w = weightOffset[l - 1];
    let j = 0;
    // Two neurons at a time, each sum in two running parts (even and odd i),
    // so each y_i is loaded once for both and the additions overlap.
    for (; j + 1 < nOut; j += 2) {
      const w1 = w + nIn;
      let s0 = hasBias ? biases[outStart + j] : 0;
      let t0 = hasBias ? biases[outStart + j + 1] : 0;
      let s1 = 0;
      let t1 = 0;
      let i = 0;
      for (; i < n2; i += 2) {
        const y0 = y[inStart + i];
        const y1 = y[inStart + i + 1];
        s0 += weights[w + i] * y0;
        s1 += weights[w + i + 1] * y1;
        t0 += weights[w1 + i] * y0;
        t1 += weights[w1 + i + 1] * y1;
      }
      if (i < nIn) {
        const y0 = y[inStart + i];
        s0 += weights[w + i] * y0;
        t0 += weights[w1 + i] * y0;
      }
      const sum0 = s0 + s1;
      const sum1 = t0 + t1;
      e[outStart + j] = sum0;
      e[outStart + j + 1] = sum1;
      check += sum0 * 0 + sum1 * 0;
      w += 2 * nIn;
    }
    if (j < nOut) {
      let s0 = hasBias ? biases[outStart + j] : 0;
      let s1 = 0;
      let i = 0;
      for (; i < n2; i += 2) {
        s0 += weights[w + i] * y[inStart + i];
        s1 += weights[w + i + 1] * y[inStart + i + 1];
      }
      if (i < nIn) s0 += weights[w + i] * y[inStart + i];
      const sum0 = s0 + s1;
      e[outStart + j] = sum0;
      check += sum0 * 0;
    }
    activateRange(codes[l], e, y, outStart, outStart + nOut);
  }
  return check;
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
  const loss = outputError(net, z, ws, zAt);
  backAndUpdate(net, ws, rule === 'exact', 0, UPDATE_NONE);
  return loss;
}

/** δ = z − y and g = δ·f′(e) at the output layer; returns ½·Σ(z − y)². */
function outputError(net: Network, z: ArrayLike<number>, ws: Workspace, zAt: number): number {
  const L = net.sizes.length;
  const outStart = net.neuronOffset[L - 1];
  const nOut = net.sizes[L - 1];
  const { y, delta, g } = ws;
  let loss = 0;
  for (let j = 0; j < nOut; j++) {
    const d = z[zAt + j] - y[outStart + j];
    loss += d * d;
    delta[outStart + j] = d;
  }
  gradientRange(net.codes[L - 1], y, delta, g, outStart, outStart + nOut);
  return 0.5 * loss;
}

const UPDATE_NONE = 0;
const UPDATE_APPLY = 1;
const UPDATE_ACCUMULATE = 2;

/**
 * From the output layer back: sends δ of each layer to the one before it
 * (and fills that layer's g), and, in the same sweep over each layer's
 * weights, either nothing else (UPDATE_NONE), the new weights into the
 * spare buffers (UPDATE_APPLY), or this step's changes added to the pending
 * sums (UPDATE_ACCUMULATE). Every δ is formed from the weights before the
 * step, which the sweep only reads. Returns 0, or NaN when UPDATE_APPLY
 * produced a weight or bias that is not finite.
 *
 * The rows of a layer (the weights into one neuron j) are taken two at a
 * time, so each y_i and δ_i is loaded once for both:
 *
 *   δ_i += w_{j,i}·back_j + w_{j+1,i}·back_{j+1}
 *
 * where back is g (exact) or δ (article). Every mode sums in this same
 * order, so the three parts called one by one give the very same numbers
 * as trainSample.
 */
function backAndUpdate(net: Network, ws: Workspace, exact: boolean, eta: number, mode: number): number {
  const { sizes, weightOffset, neuronOffset, codes, weights, biases } = net;
  const hasBias = net.bias;
  const { y, delta, g } = ws;
  const out = mode === UPDATE_APPLY ? ws.spareWeights : ws.pendingWeights;
  const outB = mode === UPDATE_APPLY ? ws.spareBiases : ws.pendingBiases;
  let check = 0;
  for (let l = sizes.length - 1; l >= 1; l--) {
    const nIn = sizes[l - 1];
    const nOut = sizes[l];
    const a = neuronOffset[l - 1];
    const o = neuronOffset[l];
    // The first layer's δ (the inputs') is never needed.
    const propagate = l > 1;
    if (propagate) for (let i = 0; i < nIn; i++) delta[a + i] = 0;
    let w = weightOffset[l - 1];
    let j = 0;
    for (; j + 1 < nOut; j += 2) {
      const g0 = g[o + j];
      const g1 = g[o + j + 1];
      const b0 = exact ? g0 : delta[o + j];
      const b1 = exact ? g1 : delta[o + j + 1];
      const k0 = eta * g0;
      const k1 = eta * g1;
      const w1 = w + nIn;
      if (mode === UPDATE_ACCUMULATE) {
        if (propagate) {
          for (let i = 0; i < nIn; i++) {
            const yi = y[a + i];
            delta[a + i] += weights[w + i] * b0 + weights[w1 + i] * b1;
            out[w + i] += k0 * yi;
            out[w1 + i] += k1 * yi;
          }
        } else {
          for (let i = 0; i < nIn; i++) {
            const yi = y[a + i];
            out[w + i] += k0 * yi;
            out[w1 + i] += k1 * yi;
          }
        }
        outB[o + j] += k0;
        outB[o + j + 1] += k1;
      } else if (mode === UPDATE_APPLY) {
        // w'_ji = w_ji + η·δ_j·f′_j(e)·y_i, into the spare buffer. v·0 is 0
        // for every finite v and NaN otherwise (a sum of v could overflow).
        if (propagate) {
          for (let i = 0; i < nIn; i++) {
            const yi = y[a + i];
            const u0 = weights[w + i];
            const u1 = weights[w1 + i];
            delta[a + i] += u0 * b0 + u1 * b1;
            const v0 = u0 + k0 * yi;
            const v1 = u1 + k1 * yi;
            out[w + i] = v0;
            out[w1 + i] = v1;
            check += v0 * 0 + v1 * 0;
          }
        } else {
          for (let i = 0; i < nIn; i++) {
            const yi = y[a + i];
            const v0 = weights[w + i] + k0 * yi;
            const v1 = weights[w1 + i] + k1 * yi;
            out[w + i] = v0;
            out[w1 + i] = v1;
            check += v0 * 0 + v1 * 0;
          }
        }
        if (hasBias) {
          const c0 = biases[o + j] + k0;
          const c1 = biases[o + j + 1] + k1;
          outB[o + j] = c0;
          outB[o + j + 1] = c1;
          check += c0 * 0 + c1 * 0;
        }
      } else if (propagate) {
        for (let i = 0; i < nIn; i++) delta[a + i] += weights[w + i] * b0 + weights[w1 + i] * b1;
      }
      w += 2 * nIn;
    }
    if (j < nOut) {
      // The last row of a layer with an odd number of neurons.
      const g0 = g[o + j];
      const b0 = exact ? g0 : delta[o + j];
      const k0 = eta * g0;
      if (mode === UPDATE_ACCUMULATE) {
        for (let i = 0; i < nIn; i++) {
          if (propagate) delta[a + i] += weights[w + i] * b0;
          out[w + i] += k0 * y[a + i];
        }
        outB[o + j] += k0;
      } else if (mode === UPDATE_APPLY) {
        for (let i = 0; i < nIn; i++) {
          const u0 = weights[w + i];
          if (propagate) delta[a + i] += u0 * b0;
          const v0 = u0 + k0 * y[a + i];
          out[w + i] = v0;
          check += v0 * 0;
        }
        if (hasBias) {
          const c0 = biases[o + j] + k0;
          outB[o + j] = c0;
          check += c0 * 0;
        }
      } else if (propagate) {
        for (let i = 0; i < nIn; i++) delta[a + i] += weights[w + i] * b0;
      }
    }
    if (propagate) gradientRange(codes[l - 1], y, delta, g, a, a + nIn);
  }
  return check;
}

/** What trainSample returns: the step was taken, or why it was refused. */
export const STEP_TAKEN = 0;
export const REFUSED_SIGNALS = 1;
export const REFUSED_WEIGHTS = 2;

/**
 * One whole step on one sample, sweeping each layer's weights once:
 * forward, backward under `rule`, and then either the update (accumulate
 * false: the same as applyStep) or this step's changes added to the
 * minibatch's pending sums (accumulate true: the same as accumulateStep).
 * The numbers are exactly those of forward, backward and then applyStep or
 * accumulateStep.
 *
 * Returns STEP_TAKEN, with the loss ½·Σ(z − y)² in ws.loss; REFUSED_SIGNALS
 * when a forward value or the loss is not finite (nothing changed); or
 * REFUSED_WEIGHTS when the new weights would not be finite (the weights are
 * untouched). It returns a small whole number, not the loss, so that calls
 * in a loop allocate nothing.
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
  if (forwardPass(net, xs, ws, xAt) !== 0) return REFUSED_SIGNALS;
  const loss = outputError(net, zs, ws, zAt);
  if (loss - loss !== 0) return REFUSED_SIGNALS;
  ws.loss = loss;
  if (accumulate) {
    backAndUpdate(net, ws, rule === 'exact', eta, UPDATE_ACCUMULATE);
    ws.pendingCount++;
    return STEP_TAKEN;
  }
  if (backAndUpdate(net, ws, rule === 'exact', eta, UPDATE_APPLY) !== 0) return REFUSED_WEIGHTS;
  swapIn(net, ws);
  return STEP_TAKEN;
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
  const hasBias = net.bias;
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
        // v·0 is 0 for every finite v and NaN otherwise; summing v itself
        // could overflow on large but finite weights.
        check += v * 0;
      }
      w += nIn;
      if (hasBias) {
        const b = biases[outStart + j] + k;
        nextB[outStart + j] = b;
        check += b * 0;
      }
    }
  }
  if (check !== 0) return false;
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
    check += v * 0;
  }
  if (net.bias) {
    for (let k = 0; k < biases.length; k++) {
      const b = biases[k] + pendingBiases[k] / count;
      nextB[k] = b;
      check += b * 0;
    }
  }
  clearPending(ws);
  if (check !== 0) return false;
  swapIn(net, ws);
  return true;
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

/** True when every value (e and y) of the last forward pass is finite. */
export function outputsFinite(net: Network, ws: Workspace): boolean {
  let check = 0;
  const { e, y } = ws;
  for (let k = net.neuronOffset[1]; k < y.length; k++) check += e[k] * 0 + y[k] * 0;
  return check === 0;
}

/** Derivative helper for traces: df(e)/de of every neuron from the last forward pass. */
export function derivatives(net: Network, ws: Workspace, out: Float64Array = new Float64Array(net.neuronCount)): Float64Array {
  for (let l = 1; l < net.sizes.length; l++) {
    const code = net.codes[l] as Act;
    for (let k = net.neuronOffset[l]; k < net.neuronOffset[l + 1]; k++) out[k] = derivativeFromOutput(code, ws.y[k]);
  }
  return out;
}

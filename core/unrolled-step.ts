/**
 * A fast copy of backprop.ts's trainSample: the same step, the same
 * numbers bit for bit (test/core/fast-steps.test.ts), arranged for speed.
 *
 * What it buys (npm run bench, the row "core, textbook step"; and the two
 * run alternately in one process, per CPU-second, on a busy shared 2-core
 * machine): on W3 (2-64-64-1; the networks over compiled-step.ts's limit,
 * 2-16-16-16-1 in the sandbox among them, run here) about 3× as many steps
 * a second as the textbook step; on W2 1.8× and on W1 1.3×, where it runs
 * only if the compiled step cannot (a page whose security policy forbids
 * compiling code). Where it comes from:
 *   - the backward pass and the update share one sweep over each layer's
 *     weights, instead of reading every weight twice;
 *   - rows are taken four at a time, so each y_i and δ_i is loaded once for
 *     four weights, and the forward sums of four neurons run side by side
 *     (each sum is a chain of additions that must wait for one another;
 *     four independent chains keep the processor busy: about 1.3× the
 *     speed of two at a time on W3);
 *   - δ·df(e)/de is formed once per neuron (ws.g), not once per weight;
 *   - nothing is allocated and no function is called per weight.
 * Every sum is still formed in the textbook's order: e_j from b_j (or 0)
 * and then i = 0, 1, 2, …; δ_i from 0 and then j = 0, 1, 2, ….
 * It also computes the δ of the inputs (the first layer's sweep gathers it
 * for free); nothing reads it.
 */
import { gradientRange, activateRange } from './activation.js';
import { REFUSED_SIGNALS, REFUSED_WEIGHTS, STEP_TAKEN, type Rule, type Workspace, outputError, swapIn } from './backprop.js';
import type { Network } from './network.js';

/** The same contract as backprop.ts's trainSample. */
export function unrolledStep(
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
  const L = net.sizes.length;
  gradientRange(net.codes[L - 1], ws.y, ws.delta, ws.g, net.neuronOffset[L - 1], net.neuronOffset[L]);
  if (accumulate) {
    backAndUpdate(net, ws, rule === 'exact', eta, true);
    ws.pendingCount++;
    return STEP_TAKEN;
  }
  if (backAndUpdate(net, ws, rule === 'exact', eta, false) !== 0) return REFUSED_WEIGHTS;
  swapIn(net, ws);
  return STEP_TAKEN;
}

/**
 * e_j = b_j + w_j0·y_0 + w_j1·y_1 + …, four neurons at a time (each y_i
 * loaded once for four weights, and four independent sums in flight); y = f(e).
 * Returns 0 when every e is finite, NaN otherwise (v·0 is 0 for every
 * finite v and NaN for the rest, and a sum of them cannot overflow).
 */
function forwardPass(net: Network, x: ArrayLike<number>, ws: Workspace, xAt: number): number {
  const { sizes, weightOffset, neuronOffset, codes, weights, biases } = net;
  const hasBias = net.bias;
  const { e, y } = ws;
  for (let i = 0; i < sizes[0]; i++) y[i] = x[xAt + i];
  let check = 0;
  for (let l = 1; l < sizes.length; l++) {
    const nIn = sizes[l - 1];
    const nOut = sizes[l];
    const a = neuronOffset[l - 1];
    const o = neuronOffset[l];
    let w = weightOffset[l - 1];
    let j = 0;
    for (; j + 3 < nOut; j += 4) {
      const w1 = w + nIn;
      const w2 = w1 + nIn;
      const w3 = w2 + nIn;
      let s0 = hasBias ? biases[o + j] : 0;
      let s1 = hasBias ? biases[o + j + 1] : 0;
      let s2 = hasBias ? biases[o + j + 2] : 0;
      let s3 = hasBias ? biases[o + j + 3] : 0;
      for (let i = 0; i < nIn; i++) {
        const yi = y[a + i];
        s0 += weights[w + i] * yi;
        s1 += weights[w1 + i] * yi;
        s2 += weights[w2 + i] * yi;
        s3 += weights[w3 + i] * yi;
      }
      e[o + j] = s0;
      e[o + j + 1] = s1;
      e[o + j + 2] = s2;
      e[o + j + 3] = s3;
      check += s0 * 0 + s1 * 0 + s2 * 0 + s3 * 0;
      w += 4 * nIn;
    }
    // The last one to three neurons of the layer, one at a time.
    for (; j < nOut; j++) {
      let s0 = hasBias ? biases[o + j] : 0;
      for (let i = 0; i < nIn; i++) s0 += weights[w + i] * y[a + i];
      e[o + j] = s0;
      check += s0 * 0;
      w += nIn;
    }
    activateRange(codes[l], e, y, o, o + nOut);
  }
  return check;
}

/**
 * From the output layer back, one sweep over each layer's weights, four
 * rows at a time: δ of the layer before (δ_i = Σⱼ w_ji·back_j, back = g
 * under the exact rule, δ under the article's) and, for each weight, either
 * the new weight w + η·g_j·y_i into the spare buffer or η·g_j·y_i added to
 * the pending sums. Every δ is formed from the weights before the step,
 * which the sweep only reads.
 * Returns 0, or NaN when a new weight or bias is not finite.
 */
function backAndUpdate(net: Network, ws: Workspace, exact: boolean, eta: number, accumulate: boolean): number {
  const { sizes, weightOffset, neuronOffset, codes, weights, biases } = net;
  const hasBias = net.bias;
  const { y, delta, g } = ws;
  const out = accumulate ? ws.pendingWeights : ws.spareWeights;
  const outB = accumulate ? ws.pendingBiases : ws.spareBiases;
  let check = 0;
  for (let l = sizes.length - 1; l >= 1; l--) {
    const nIn = sizes[l - 1];
    const nOut = sizes[l];
    const a = neuronOffset[l - 1];
    const o = neuronOffset[l];
    for (let i = 0; i < nIn; i++) delta[a + i] = 0;
    let w = weightOffset[l - 1];
    let j = 0;
    for (; j + 3 < nOut; j += 4) {
      const b0 = exact ? g[o + j] : delta[o + j];
      const b1 = exact ? g[o + j + 1] : delta[o + j + 1];
      const b2 = exact ? g[o + j + 2] : delta[o + j + 2];
      const b3 = exact ? g[o + j + 3] : delta[o + j + 3];
      const k0 = eta * g[o + j];
      const k1 = eta * g[o + j + 1];
      const k2 = eta * g[o + j + 2];
      const k3 = eta * g[o + j + 3];
      const w1 = w + nIn;
      const w2 = w1 + nIn;
      const w3 = w2 + nIn;
      if (accumulate) {
        for (let i = 0; i < nIn; i++) {
          const yi = y[a + i];
          delta[a + i] = delta[a + i] + weights[w + i] * b0 + weights[w1 + i] * b1 + weights[w2 + i] * b2 + weights[w3 + i] * b3;
          out[w + i] += k0 * yi;
          out[w1 + i] += k1 * yi;
          out[w2 + i] += k2 * yi;
          out[w3 + i] += k3 * yi;
        }
        outB[o + j] += k0;
        outB[o + j + 1] += k1;
        outB[o + j + 2] += k2;
        outB[o + j + 3] += k3;
      } else {
        for (let i = 0; i < nIn; i++) {
          const yi = y[a + i];
          const u0 = weights[w + i];
          const u1 = weights[w1 + i];
          const u2 = weights[w2 + i];
          const u3 = weights[w3 + i];
          delta[a + i] = delta[a + i] + u0 * b0 + u1 * b1 + u2 * b2 + u3 * b3;
          const v0 = u0 + k0 * yi;
          const v1 = u1 + k1 * yi;
          const v2 = u2 + k2 * yi;
          const v3 = u3 + k3 * yi;
          out[w + i] = v0;
          out[w1 + i] = v1;
          out[w2 + i] = v2;
          out[w3 + i] = v3;
          check += v0 * 0 + v1 * 0 + v2 * 0 + v3 * 0;
        }
        if (hasBias) {
          const c0 = biases[o + j] + k0;
          const c1 = biases[o + j + 1] + k1;
          const c2 = biases[o + j + 2] + k2;
          const c3 = biases[o + j + 3] + k3;
          outB[o + j] = c0;
          outB[o + j + 1] = c1;
          outB[o + j + 2] = c2;
          outB[o + j + 3] = c3;
          check += c0 * 0 + c1 * 0 + c2 * 0 + c3 * 0;
        }
      }
      w += 4 * nIn;
    }
    // The last one to three rows of the layer, one at a time.
    for (; j < nOut; j++) {
      const b0 = exact ? g[o + j] : delta[o + j];
      const k0 = eta * g[o + j];
      for (let i = 0; i < nIn; i++) {
        const u0 = weights[w + i];
        delta[a + i] += u0 * b0;
        if (accumulate) out[w + i] += k0 * y[a + i];
        else {
          const v0 = u0 + k0 * y[a + i];
          out[w + i] = v0;
          check += v0 * 0;
        }
      }
      if (accumulate) outB[o + j] += k0;
      else if (hasBias) {
        const c0 = biases[o + j] + k0;
        outB[o + j] = c0;
        check += c0 * 0;
      }
      w += nIn;
    }
    if (l > 1) gradientRange(codes[l - 1], y, delta, g, a, a + nIn);
  }
  return check;
}

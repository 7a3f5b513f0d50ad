/**
 * A fast copy of backprop.ts's trainSample for small networks: the same
 * step written out for one network shape, one line per weight, every index
 * a constant, compiled once by the engine. The same numbers as the
 * textbook step, bit for bit (test/core/fast-steps.test.ts).
 *
 * What it buys (npm run bench, the row "core, unrolled loops"; and the two
 * run alternately in one process, per CPU-second, on a busy shared 2-core
 * machine): on W1 (the article's 2-3-2-1) about 2.7× and on W2 (2-8-8-1)
 * about 1.7× as many steps a second as the unrolled loops
 * (unrolled-step.ts). With two to eight inputs per neuron an inner loop
 * hardly starts before it ends, so the loop bookkeeping costs as much as
 * the arithmetic; written out, none is left, and on networks of up to 8
 * neurons f(e) is written out too (see MAX_INLINE_ACTIVATIONS).
 *
 *   e4 = 0 + W[6]·y1 + W[7]·y2 + W[8]·y3           forward, in the textbook's order
 *   y4 = f(e4)
 *   δ = z − y,  g = δ·f′(e)                        output error
 *   δ4 = 0 + W[15]·g6  (article rule: ·δ6)         backward
 *   w′ = W[15] + (η·g6)·y4   (or P[15] += (η·g6)·y4)   update
 *
 * Nothing but numbers goes into the source: layer sizes, activation codes
 * and indices. Where the page's security policy forbids compiling code (the
 * renderer's), or the network is too large for a line per weight to pay
 * off, compileStep returns null and the trainer runs the loops.
 */
import { Act, activateRange } from './activation.js';
import { exp, tanh } from './fast-math.js';
import { REFUSED_SIGNALS, REFUSED_WEIGHTS, STEP_TAKEN, type Rule, type Workspace, swapIn } from './backprop.js';
import type { Network } from './network.js';

/** The same contract as backprop.ts's trainSample, for one shape, rule and mode. */
export type StepKernel = (net: Network, xs: ArrayLike<number>, xAt: number, zs: ArrayLike<number>, zAt: number, eta: number, ws: Workspace) => number;

/**
 * Networks with more weights than this keep the loops. Measured when the
 * limit was chosen: written out, 2-8-8-1 (88 weights) trained about 1.6× as
 * fast as with the loops, and 2-8-8-8-1 (152) 1.4×. From about 180 weights it varies with the shape,
 * sometimes slower than the loops, whose inner loops are long enough by then
 * to run well. At about 560 the function is too large for the engine's
 * optimising compiler and runs some 25× slower.
 */
export const MAX_COMPILED_WEIGHTS = 160;

/**
 * Up to this many neurons (beyond the inputs), each neuron's f(e) is
 * written out in the source (the article's network: 6); above it, one call
 * per layer to activation.ts's activateRange. Written out, every call of exp
 * or tanh is one more for the engine to inline, and past its budget for one
 * function the rest stay calls: measured on 2-8-8-1 (17 neurons, tanh), the
 * step then ran about 1.4× slower than with a call per layer; on 2-3-2-1
 * it runs about 1.2× faster than with them.
 */
const MAX_INLINE_ACTIVATIONS = 8;

/**
 * How many compiled steps are kept. Each shape, rule and mode is one; a
 * host serving many players with networks of their own would otherwise
 * keep every one it ever compiled. Compiling one again takes well under a
 * millisecond, and a trainer holds on to its own.
 */
export const MAX_COMPILED_KERNELS = 64;

/** The kernels, least recently asked for first (a Map keeps insertion order). */
const cache = new Map<string, StepKernel | null>();

/**
 * The step for this network's shape under `rule`, applying its changes
 * (accumulate false) or adding them to the pending sums (accumulate true);
 * null where it cannot or should not be compiled. The last
 * MAX_COMPILED_KERNELS are kept, so asking again for one is cheap.
 */
export function compileStep(net: Network, rule: Rule, accumulate: boolean): StepKernel | null {
  if (net.weightCount > MAX_COMPILED_WEIGHTS) return null;
  const key = `${net.sizes.join('-')}|${Array.from(net.codes).join('')}|${net.bias ? 1 : 0}|${rule}|${accumulate ? 'sum' : 'apply'}`;
  const known = cache.get(key);
  if (known !== undefined) {
    // Now the most recently asked for.
    cache.delete(key);
    cache.set(key, known);
    return known;
  }
  let kernel: StepKernel | null = null;
  try {
    const source = stepSource(net, rule === 'exact', accumulate);
    const make = new Function('exp', 'tanh', 'activateRange', 'swapIn', 'S', source) as (...deps: unknown[]) => StepKernel;
    kernel = make(exp, tanh, activateRange, swapIn, { STEP_TAKEN, REFUSED_SIGNALS, REFUSED_WEIGHTS });
  } catch {
    // Compiling code is not allowed here (a Content-Security-Policy without 'unsafe-eval').
    kernel = null;
  }
  cache.set(key, kernel);
  if (cache.size > MAX_COMPILED_KERNELS) cache.delete(cache.keys().next().value as string);
  return kernel;
}

/** y = f(e), written as activation.ts's activateRange computes it (the same bits). */
function activation(code: number, e: string): string {
  switch (code) {
    case Act.Sigmoid:
      return `1 / (1 + exp(-${e}))`;
    case Act.Tanh:
      return `tanh(${e})`;
    case Act.Relu:
      return `(${e} > 0 ? ${e} : 0)`;
    default:
      return e;
  }
}

/** g = δ·f′(e) from y, written as activation.ts's gradientRange computes it. */
function gradient(code: number, d: string, y: string): string {
  switch (code) {
    case Act.Sigmoid:
      return `${d} * (${y} * (1 - ${y}))`;
    case Act.Tanh:
      return `${d} * (1 - ${y} * ${y})`;
    case Act.Relu:
      return `(${y} > 0 ? ${d} : ${d} * 0)`;
    default:
      return d;
  }
}

/**
 * The body of a function of (exp, tanh, activateRange, swapIn, S) that
 * returns the kernel. Local names: W, B (weights, biases), P, PB (where the
 * update goes), e, y, d, g (ws arrays), and per neuron k: ek, yk (its e
 * and y), dk (its δ), gk (its δ·f′(e)) and kk
 * (η·gk).
 */
function stepSource(net: Network, exact: boolean, accumulate: boolean): string {
  const { sizes, codes, weightOffset, neuronOffset } = net;
  const L = sizes.length;
  const bias = net.bias;
  const out: string[] = [];
  const line = (s: string) => out.push(s);

  line('return function compiledStep(net, xs, xAt, zs, zAt, eta, ws) {');
  line('const W = net.weights, B = net.biases, e = ws.e, y = ws.y, d = ws.delta, g = ws.g;');
  line(accumulate ? 'const P = ws.pendingWeights, PB = ws.pendingBiases;' : 'const P = ws.spareWeights, PB = ws.spareBiases;');
  line('let check = 0;');

  // ——— forward: e_j = (b_j +) Σᵢ w_ji·y_i, y_j = f(e_j) ———
  const inline = net.neuronCount - sizes[0] <= MAX_INLINE_ACTIVATIONS;
  for (let i = 0; i < sizes[0]; i++) line(`const y${i} = xs[xAt + ${i}]; y[${i}] = y${i};`);
  for (let l = 1; l < L; l++) {
    const nIn = sizes[l - 1];
    const inStart = neuronOffset[l - 1];
    const outStart = neuronOffset[l];
    for (let j = 0; j < sizes[l]; j++) {
      const row = weightOffset[l - 1] + j * nIn;
      let sum = bias ? `B[${outStart + j}]` : '0';
      for (let i = 0; i < nIn; i++) sum = `${sum} + W[${row + i}] * y${inStart + i}`;
      const k = outStart + j;
      line(`const e${k} = ${sum}; e[${k}] = e${k}; check += e${k} * 0;`);
      if (inline) line(`const y${k} = ${activation(codes[l], `e${k}`)}; y[${k}] = y${k};`);
    }
    if (!inline) {
      line(`activateRange(${codes[l]}, e, y, ${outStart}, ${outStart + sizes[l]});`);
      for (let k = outStart; k < outStart + sizes[l]; k++) line(`const y${k} = y[${k}];`);
    }
  }
  line('if (check !== 0) return S.REFUSED_SIGNALS;');

  // ——— the output's error: δ = z − y, loss ½·Σ(z − y)², g = δ·f′(e) ———
  const last = neuronOffset[L - 1];
  line('let loss = 0;');
  for (let j = 0; j < sizes[L - 1]; j++) {
    const k = last + j;
    line(`const d${k} = zs[zAt + ${j}] - y${k}; loss += d${k} * d${k}; d[${k}] = d${k};`);
    line(`const g${k} = ${gradient(codes[L - 1], `d${k}`, `y${k}`)}; g[${k}] = g${k};`);
  }
  line('loss = 0.5 * loss;');
  line('if (loss - loss !== 0) return S.REFUSED_SIGNALS;');
  line('ws.loss = loss;');

  // ——— backward and update, from the output layer back ———
  for (let l = L - 1; l >= 1; l--) {
    const nIn = sizes[l - 1];
    const nOut = sizes[l];
    const a = neuronOffset[l - 1];
    const o = neuronOffset[l];
    const propagate = l > 1;
    // What δ travels back on: g = δ·f′(e) under the exact rule, δ itself under the article's.
    for (let j = 0; j < nOut; j++) line(`const k${o + j} = eta * g${o + j};`);
    const back = (k: number) => (exact ? `g${k}` : `d${k}`);
    if (propagate) {
      // δ_i = 0 + w_{0,i}·back_0 + w_{1,i}·back_1 + …, in the textbook's order; then g_i = δ_i·f′(e_i).
      for (let i = 0; i < nIn; i++) {
        let sum = '0';
        for (let j = 0; j < nOut; j++) sum = `${sum} + W[${weightOffset[l - 1] + j * nIn + i}] * ${back(o + j)}`;
        const k = a + i;
        line(`const d${k} = ${sum}; d[${k}] = d${k};`);
        line(`const g${k} = ${gradient(codes[l - 1], `d${k}`, `y${k}`)}; g[${k}] = g${k};`);
      }
    }
    for (let j = 0; j < nOut; j++) {
      const row = weightOffset[l - 1] + j * nIn;
      for (let i = 0; i < nIn; i++) {
        const w = row + i;
        if (accumulate) line(`P[${w}] += k${o + j} * y${a + i};`);
        else line(`{ const v = W[${w}] + k${o + j} * y${a + i}; P[${w}] = v; check += v * 0; }`);
      }
      if (accumulate) line(`PB[${o + j}] += k${o + j};`);
      else if (bias) line(`{ const c = B[${o + j}] + k${o + j}; PB[${o + j}] = c; check += c * 0; }`);
    }
  }

  if (accumulate) {
    line('ws.pendingCount++;');
  } else {
    line('if (check !== 0) return S.REFUSED_WEIGHTS;');
    line('swapIn(net, ws);');
  }
  line('return S.STEP_TAKEN;');
  line('};');
  return out.join('\n');
}

/**
 * The exact rule is gradient descent on E = ½·Σ(z − y)²: one step with a
 * small η moves every weight by −η·∂E/∂w, checked against central finite
 * differences of E computed by a separate, plain forward pass written here.
 * The article rule agrees with it on the output layer and not on hidden ones.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ActivationName } from '../../core/activation.js';
import { type Rule, applyStep, backward, createWorkspace, forward } from '../../core/backprop.js';
import { createNetwork, getBias, getWeight, loadNestedBiases, loadNestedWeights } from '../../core/network.js';

interface Case {
  layers: number[];
  acts: ActivationName[];
  bias: boolean;
  weights: number[][][];
  biases: number[][];
  x: number[];
  z: number[];
}

/** f(e), written out again here so the check does not lean on core/activation.ts. */
function f(name: ActivationName, e: number): number {
  if (name === 'sigmoid') return 1 / (1 + Math.exp(-e));
  if (name === 'tanh') return Math.tanh(e);
  if (name === 'relu') return Math.max(0, e);
  return e;
}

/** Every layer's adder sums e, and E = ½·Σ(z − y)², by nested loops over plain arrays. */
function reference(c: Case, weights = c.weights, biases = c.biases): { E: number; sums: number[][] } {
  let y = c.x;
  const sums: number[][] = [];
  for (let l = 0; l < c.layers.length - 1; l++) {
    const e = weights[l].map((row, j) => row.reduce((s, w, i) => s + w * y[i], c.bias ? biases[l][j] : 0));
    sums.push(e);
    y = e.map((v) => f(c.acts[l], v));
  }
  return { E: 0.5 * y.reduce((s, yj, j) => s + (c.z[j] - yj) ** 2, 0), sums };
}

function arbCase(acts: readonly ActivationName[]): fc.Arbitrary<Case> {
  const weight = fc.double({ min: -1.5, max: 1.5, noNaN: true });
  return fc
    .record({
      layers: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 2, maxLength: 5 }),
      bias: fc.boolean(),
    })
    .chain(({ layers, bias }) =>
      fc.record({
        layers: fc.constant(layers),
        bias: fc.constant(bias),
        acts: fc.array(fc.constantFrom(...acts), { minLength: layers.length - 1, maxLength: layers.length - 1 }),
        weights: fc.tuple(
          ...layers.slice(1).map((n, l) =>
            fc.array(fc.array(weight, { minLength: layers[l], maxLength: layers[l] }), { minLength: n, maxLength: n }),
          ),
        ),
        biases: fc.tuple(...layers.slice(1).map((n) => fc.array(weight, { minLength: n, maxLength: n }))),
        x: fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: layers[0], maxLength: layers[0] }),
        z: fc.array(fc.double({ min: -1, max: 1, noNaN: true }), {
          minLength: layers[layers.length - 1],
          maxLength: layers[layers.length - 1],
        }),
      }),
    );
}

/** One step of the core under `rule`; returns the change of every weight and bias, nested. */
function coreStep(c: Case, rule: Rule, eta: number): { dw: number[][][]; db: number[][]; loss: number } {
  const net = createNetwork({ layers: c.layers, activation: c.acts, bias: c.bias });
  loadNestedWeights(net, c.weights);
  if (c.bias) loadNestedBiases(net, c.biases);
  const ws = createWorkspace(net);
  forward(net, c.x, ws);
  const loss = backward(net, c.z, rule, ws);
  expect(applyStep(net, eta, ws)).toBe(true);
  const dw = c.weights.map((rows, l) => rows.map((row, j) => row.map((w, i) => getWeight(net, l, j, i) - w)));
  const db = c.biases.map((row, l) => row.map((b, j) => (c.bias ? getBias(net, l + 1, j) - b : 0)));
  return { dw, db, loss };
}

const H = 1e-5;
const ETA = 1e-4;

/** ∂E/∂w by (E(w + h) − E(w − h)) / 2h. */
function numericWeightGradient(c: Case, l: number, j: number, i: number): number {
  const plus = structuredClone(c.weights);
  const minus = structuredClone(c.weights);
  plus[l][j][i] += H;
  minus[l][j][i] -= H;
  return (reference(c, plus).E - reference(c, minus).E) / (2 * H);
}

function numericBiasGradient(c: Case, l: number, j: number): number {
  const plus = structuredClone(c.biases);
  const minus = structuredClone(c.biases);
  plus[l][j] += H;
  minus[l][j] -= H;
  return (reference(c, c.weights, plus).E - reference(c, c.weights, minus).E) / (2 * H);
}

/**
 * Central differences are off by about h²·E‴ (truncation) plus ε·E/h
 * (rounding in E itself); the bound leaves room for both.
 */
function agrees(analytic: number, numeric: number, E = 1): boolean {
  return Math.abs(analytic - numeric) <= 1e-6 + 1e-5 * Math.abs(numeric) + (1e3 * Number.EPSILON * Math.abs(E)) / H;
}

/** Every weight's −Δw/η agrees with the central finite difference of E; throws naming the first that does not. */
function expectWeightGradients(c: Case, dw: number[][][], E: number): void {
  c.weights.forEach((rows, l) =>
    rows.forEach((row, j) =>
      row.forEach((_w, i) => {
        const num = numericWeightGradient(c, l, j, i);
        const got = -dw[l][j][i] / ETA;
        if (!agrees(got, num, E)) throw new Error(`w[${l}][${j}][${i}]: −Δw/η = ${got}, finite difference ${num}`);
      }),
    ),
  );
}

/** The article's sigmoid network with the public vectors' weights, on one sample. */
function articleCase(x: number[], z: number[]): Case {
  return {
    layers: [2, 3, 2, 1],
    acts: ['sigmoid', 'sigmoid', 'sigmoid'],
    bias: false,
    weights: [
      [[0.15, -0.25], [0.4, 0.1], [-0.3, 0.35]],
      [[0.2, -0.5, 0.3], [0.45, 0.25, -0.15]],
      [[0.6, -0.4]],
    ],
    biases: [[0, 0, 0], [0, 0], [0]],
    x,
    z,
  };
}

describe('exact rule against finite differences', () => {
  it('Δw/η = −∂E/∂w and Δb/η = −∂E/∂b on random networks (sigmoid, tanh, linear)', () => {
    fc.assert(
      fc.property(arbCase(['sigmoid', 'tanh', 'linear']), (c) => {
        const { dw, db, loss } = coreStep(c, 'exact', ETA);
        const E = reference(c).E;
        expect(Math.abs(loss - E)).toBeLessThanOrEqual(1e-12 * Math.max(1, E));
        expectWeightGradients(c, dw, E);
        if (c.bias) {
          c.biases.forEach((row, l) =>
            row.forEach((_b, j) => {
              const num = numericBiasGradient(c, l, j);
              const got = -db[l][j] / ETA;
              if (!agrees(got, num, E)) throw new Error(`b[${l}][${j}]: −Δb/η = ${got}, finite difference ${num}`);
            }),
          );
        } else {
          for (const row of db) for (const v of row) expect(v).toBe(0);
        }
      }),
      { numRuns: 150 },
    );
  }, 30_000);

  it('also with relu layers, where no adder sits near the kink at e = 0', () => {
    fc.assert(
      fc.property(
        arbCase(['relu', 'tanh', 'relu']).filter((c) => reference(c).sums.every((e) => e.every((v) => Math.abs(v) > 1e-2))),
        (c) => {
          const { dw } = coreStep(c, 'exact', ETA);
          const E = reference(c).E;
          expectWeightGradients(c, dw, E);
        },
      ),
      { numRuns: 80 },
    );
  }, 30_000);

  it('the check would catch a wrong gradient: the article rule fails it on a sigmoid network', () => {
    const c = articleCase([1, 0], [1]);
    const { dw } = coreStep(c, 'article', ETA);
    expect(agrees(-dw[0][0][0] / ETA, numericWeightGradient(c, 0, 0, 0))).toBe(false);
    expect(agrees(-dw[2][0][0] / ETA, numericWeightGradient(c, 2, 0, 0))).toBe(true);
  });
});

describe('article rule beside the exact rule', () => {
  it('same change on the output layer; on the last hidden layer the exact change is the article one times f′(e) of the output', () => {
    fc.assert(
      fc.property(
        arbCase(['sigmoid', 'tanh', 'linear']).filter((c) => c.layers.length >= 3 && c.layers[c.layers.length - 1] === 1),
        (c) => {
          const eta = 0.1;
          const exact = coreStep(c, 'exact', eta);
          const article = coreStep(c, 'article', eta);
          const L = c.layers.length;
          // Output layer: both rules use δ = z − y and the output's own derivative.
          expect(article.dw[L - 2]).toEqual(exact.dw[L - 2]);
          // One layer back, the exact δ carries the output's derivative, the article's does not.
          const eOut = reference(c).sums[L - 2][0];
          const yOut = f(c.acts[L - 2], eOut);
          const fPrime = c.acts[L - 2] === 'sigmoid' ? yOut * (1 - yOut) : c.acts[L - 2] === 'tanh' ? 1 - yOut * yOut : 1;
          exact.dw[L - 3].forEach((row, j) =>
            row.forEach((v, i) => {
              const want = fPrime * article.dw[L - 3][j][i];
              expect(Math.abs(v - want)).toBeLessThanOrEqual(1e-12 + 1e-9 * Math.abs(want));
            }),
          );
        },
      ),
      { numRuns: 150 },
    );
  });

  it('the two rules move the hidden weights differently on the article network', () => {
    const c = articleCase([0, 1], [1]);
    const exact = coreStep(c, 'exact', 0.5);
    const article = coreStep(c, 'article', 0.5);
    expect(article.dw[2]).toEqual(exact.dw[2]);
    for (const l of [0, 1]) {
      exact.dw[l].forEach((row, j) =>
        row.forEach((v, i) => {
          if (v !== 0) expect(Math.abs(article.dw[l][j][i] / v)).toBeGreaterThan(2);
        }),
      );
    }
  });
});

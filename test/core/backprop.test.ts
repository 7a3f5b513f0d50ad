/**
 * backprop.ts's one-sweep step (trainSample, what the trainer runs) against
 * its three parts called one by one, and its own exp and tanh against the
 * engine's Math.exp and Math.tanh.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ACTIVATIONS } from '../../core/activation.js';
import {
  REFUSED_SIGNALS,
  RULES,
  STEP_TAKEN,
  accumulateStep,
  applyStep,
  backward,
  createWorkspace,
  forward,
  trainSample,
} from '../../core/backprop.js';
import { exp, tanh } from '../../core/fast-math.js';
import { createNetwork, initializeWeights } from '../../core/network.js';
import { sameBits } from './helpers.js';

const shape = fc.record({
  layers: fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 2, maxLength: 5 }),
  activation: fc.constantFrom(...ACTIVATIONS),
  bias: fc.boolean(),
  rule: fc.constantFrom(...RULES),
  seed: fc.integer({ min: 0, max: 1e6 }),
});

describe('trainSample', () => {
  it('gives the very numbers of forward, backward and applyStep / accumulateStep', () => {
    fc.assert(
      fc.property(shape, fc.boolean(), ({ layers, activation, bias, rule, seed }, accumulate) => {
        const make = () => {
          const net = createNetwork({ layers, activation, bias });
          initializeWeights(net, seed);
          for (let k = 0; k < net.biases.length; k++) net.biases[k] = bias ? 0.1 * Math.sin(k + seed) : 0;
          return net;
        };
        const x = layers.slice(0, 1).flatMap((n) => Array.from({ length: n }, (_, i) => Math.cos(seed + i)));
        const z = Array.from({ length: layers[layers.length - 1] }, (_, j) => 0.5 + 0.4 * Math.sin(seed * 3 + j));
        const eta = 0.3;

        const a = make();
        const wa = createWorkspace(a);
        forward(a, x, wa);
        const loss = backward(a, z, rule, wa);
        if (accumulate) accumulateStep(a, eta, wa);
        else expect(applyStep(a, eta, wa)).toBe(true);

        const b = make();
        const wb = createWorkspace(b);
        expect(trainSample(b, x, 0, z, 0, rule, eta, wb, accumulate)).toBe(STEP_TAKEN);
        expect(wb.loss).toBe(loss);
        for (const k of ['e', 'y', 'delta', 'g', 'pendingWeights', 'pendingBiases'] as const) {
          expect(sameBits(wa[k], wb[k]), k).toBe(true);
        }
        expect(wb.pendingCount).toBe(wa.pendingCount);
        expect(sameBits(a.weights, b.weights)).toBe(true);
        expect(sameBits(a.biases, b.biases)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('refuses a sample whose signals overflow and leaves the weights alone', () => {
    const net = createNetwork({ layers: [1, 1], activation: 'linear', bias: false });
    net.weights[0] = 1e300;
    const before = net.weights.slice();
    const ws = createWorkspace(net);
    expect(trainSample(net, [1e10], 0, [0], 0, 'exact', 0.1, ws, false)).toBe(REFUSED_SIGNALS);
    expect(sameBits(net.weights, before)).toBe(true);
  });
});

describe('exp and tanh of the hot loops', () => {
  const rel = (a: number, b: number) => (b === 0 ? Math.abs(a) : Math.abs(a - b) / Math.abs(b));

  it('agree with Math.exp and Math.tanh to 1e-14 relative', () => {
    fc.assert(
      fc.property(fc.double({ min: -745, max: 709.7, noNaN: true }), (x) => {
        expect(rel(exp(x), Math.exp(x))).toBeLessThan(1e-14);
        expect(rel(tanh(x), Math.tanh(x))).toBeLessThan(1e-14);
      }),
      { numRuns: 5_000 },
    );
    for (let x = -30; x <= 30; x += 0.0137) {
      expect(rel(exp(x), Math.exp(x))).toBeLessThan(1e-14);
      expect(rel(tanh(x), Math.tanh(x))).toBeLessThan(1e-14);
    }
  });

  it('keep the edge cases', () => {
    expect(exp(0)).toBe(1);
    expect(exp(Infinity)).toBe(Infinity);
    expect(exp(-Infinity)).toBe(0);
    expect(exp(1000)).toBe(Infinity);
    expect(exp(-1000)).toBe(0);
    expect(exp(NaN)).toBeNaN();
    expect(Object.is(tanh(-0), -0)).toBe(true);
    expect(tanh(0)).toBe(0);
    expect(tanh(Infinity)).toBe(1);
    expect(tanh(-Infinity)).toBe(-1);
    expect(tanh(40)).toBe(1);
    expect(tanh(NaN)).toBeNaN();
    expect(tanh(1e-300)).toBe(1e-300);
    for (const x of [0.5, 1, 3, 0.019, 0.021, 1e-5]) expect(tanh(-x)).toBe(-tanh(x));
  });
});

/**
 * The step written out for one shape (compiled-step.ts) against backprop.ts's
 * loops: on random shapes, activations, rules, biases and minibatch sizes,
 * both must give the very same numbers, bit for bit, step after step, and
 * stop at the same step when the network diverges.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ACTIVATIONS, type ActivationName } from '../../core/activation.js';
import { RULES, type Rule } from '../../core/backprop.js';
import { MAX_COMPILED_WEIGHTS, compileStep } from '../../core/compiled-step.js';
import { sampleSetFrom } from '../../core/dataset.js';
import { createNetwork, initializeWeights } from '../../core/network.js';
import { constantSchedule } from '../../core/schedule.js';
import { Trainer } from '../../core/trainer.js';
import { sameBits } from './helpers.js';

interface Case {
  layers: number[];
  activations: ActivationName[];
  bias: boolean;
  rule: Rule;
  batch: number;
  eta: number;
  seed: number;
  samples: { x: number[]; z: number[] }[];
}

const finite = (min: number, max: number) => fc.double({ min, max, noNaN: true, noDefaultInfinity: true });

const caseArb: fc.Arbitrary<Case> = fc
  .record({
    layers: fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 2, maxLength: 5 }),
    bias: fc.boolean(),
    rule: fc.constantFrom(...RULES),
    batch: fc.constantFrom(1, 1, 3),
    eta: finite(0.01, 2),
    seed: fc.integer({ min: 0, max: 1e6 }),
  })
  .chain((c) =>
    fc.record({
      layers: fc.constant(c.layers),
      activations: fc.array(fc.constantFrom(...ACTIVATIONS), { minLength: c.layers.length - 1, maxLength: c.layers.length - 1 }),
      bias: fc.constant(c.bias),
      rule: fc.constant(c.rule),
      batch: fc.constant(c.batch),
      eta: fc.constant(c.eta),
      seed: fc.constant(c.seed),
      samples: fc.array(
        fc.record({
          x: fc.array(finite(-2, 2), { minLength: c.layers[0], maxLength: c.layers[0] }),
          z: fc.array(finite(-1, 1), { minLength: c.layers.at(-1)!, maxLength: c.layers.at(-1)! }),
        }),
        { minLength: 1, maxLength: 4 },
      ),
    }),
  );

function trainerFor(c: Case, compiled: boolean): Trainer {
  const net = createNetwork({ layers: c.layers, activation: c.activations, bias: c.bias });
  initializeWeights(net, c.seed);
  return new Trainer({
    network: net,
    samples: sampleSetFrom(c.samples),
    rule: c.rule,
    schedule: constantSchedule(c.eta),
    batch: c.batch,
    compiled,
  });
}

/** Everything a step leaves behind, as one list of arrays to compare bit for bit. */
function state(t: Trainer): Float64Array[] {
  const ws = t.workspace;
  return [t.network.weights, t.network.biases, ws.e, ws.y, ws.delta, ws.g, ws.pendingWeights, ws.pendingBiases, Float64Array.of(t.lastLoss)];
}

describe('the step compiled for a shape', () => {
  it('gives the same numbers as the loops, bit for bit, on random networks', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const loops = trainerFor(c, false);
        const compiled = trainerFor(c, true);
        // The compiled step exists for these small shapes, so it is what runs.
        expect(compileStep(compiled.network, c.rule, c.batch > 1)).not.toBeNull();
        for (let s = 0; s < 9; s++) {
          const a = loops.step();
          const b = compiled.step();
          expect(Object.is(a, b)).toBe(true);
          const sa = state(loops);
          const sb = state(compiled);
          for (let k = 0; k < sa.length; k++) expect(sameBits(sa[k], sb[k])).toBe(true);
          expect(compiled.diverged).toEqual(loops.diverged);
        }
      }),
      { numRuns: 150, seed: 20261127 },
    );
  });

  it('stops at the same step, for the same reason, when η is far too large', () => {
    for (const rule of RULES) {
      for (const batch of [1, 4]) {
        const c: Case = {
          layers: [2, 5, 4, 1],
          activations: ['relu', 'linear', 'linear'],
          bias: true,
          rule,
          batch,
          eta: 1e60,
          seed: 3,
          samples: [
            { x: [1, -1], z: [1] },
            { x: [0.5, 2], z: [-1] },
          ],
        };
        const loops = trainerFor(c, false);
        const compiled = trainerFor(c, true);
        loops.run(200);
        compiled.run(200);
        expect(loops.diverged).not.toBeNull();
        expect(compiled.diverged).toEqual(loops.diverged);
        expect(sameBits(compiled.network.weights, loops.network.weights)).toBe(true);
        expect(compiled.network.weights.every(Number.isFinite)).toBe(true);
      }
    }
  });

  it('is not made for networks too large to gain from it; the loops train those', () => {
    // The sandbox's 2-16-16-16-1 among them: written out, it is too large for the engine to optimise.
    for (const layers of [
      [2, 16, 16, 16, 1],
      [2, 64, 64, 1],
    ]) {
      const big = createNetwork({ layers, activation: 'tanh', bias: true });
      expect(big.weightCount).toBeGreaterThan(MAX_COMPILED_WEIGHTS);
      expect(compileStep(big, 'exact', false)).toBeNull();
      expect(compileStep(big, 'article', true)).toBeNull();
    }
    const small = createNetwork({ layers: [2, 3, 2, 1], activation: 'sigmoid', bias: false });
    expect(compileStep(small, 'article', false)).not.toBeNull();
  });
});

/**
 * The fast copies of the step (unrolled-step.ts, compiled-step.ts) against
 * the textbook step (backprop.ts's trainSample): on random shapes,
 * activations per layer, rules, biases, learning rates and minibatch sizes,
 * all three must give the very same numbers, bit for bit, step after step,
 * and stop at the same step, for the same reason, when the network diverges.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ACTIVATIONS, type ActivationName } from '../../core/activation.js';
import { RULES, type Rule } from '../../core/backprop.js';
import { MAX_COMPILED_KERNELS, MAX_COMPILED_WEIGHTS, compileStep } from '../../core/compiled-step.js';
import { sampleSetFrom } from '../../core/dataset.js';
import { createNetwork, initializeWeights } from '../../core/network.js';
import { constantSchedule } from '../../core/schedule.js';
import { type StepPath, Trainer } from '../../core/trainer.js';
import { sameBits } from './helpers.js';

interface Case {
  layers: number[];
  activations: ActivationName[];
  bias: boolean;
  biases: number[];
  rule: Rule;
  batch: number;
  eta: number;
  seed: number;
  samples: { x: number[]; z: number[] }[];
}

const finite = (min: number, max: number) => fc.double({ min, max, noNaN: true, noDefaultInfinity: true });

function caseArb(maxWidth: number, maxLayers: number): fc.Arbitrary<Case> {
  return fc
    .record({
      layers: fc.array(fc.integer({ min: 1, max: maxWidth }), { minLength: 2, maxLength: maxLayers }),
      bias: fc.boolean(),
      rule: fc.constantFrom(...RULES),
      batch: fc.constantFrom(1, 1, 2, 3),
      // Mostly sensible; now and then so large that the network diverges.
      eta: fc.oneof({ arbitrary: finite(0, 3), weight: 6 }, { arbitrary: fc.constantFrom(1e30, 1e150, 1e307), weight: 1 }),
      seed: fc.integer({ min: 0, max: 1e6 }),
    })
    .chain((c) => {
      const neurons = c.layers.reduce((s, n) => s + n, 0);
      return fc.record({
        layers: fc.constant(c.layers),
        activations: fc.array(fc.constantFrom(...ACTIVATIONS), { minLength: c.layers.length - 1, maxLength: c.layers.length - 1 }),
        bias: fc.constant(c.bias),
        biases: fc.array(finite(-1, 1), { minLength: neurons, maxLength: neurons }),
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
      });
    });
}

function trainerFor(c: Case, path: StepPath): Trainer {
  const net = createNetwork({ layers: c.layers, activation: c.activations, bias: c.bias });
  initializeWeights(net, c.seed);
  if (c.bias) net.biases.set(c.biases);
  return new Trainer({ network: net, samples: sampleSetFrom(c.samples), rule: c.rule, schedule: constantSchedule(c.eta), batch: c.batch, path });
}

/** What a step leaves behind that every copy computes, as arrays to compare bit for bit. */
function state(t: Trainer): Float64Array[] {
  const ws = t.workspace;
  const hidden = t.network.neuronOffset[1];
  return [
    t.network.weights,
    t.network.biases,
    ws.e.subarray(hidden),
    ws.y,
    // The unrolled copy also gathers the inputs' δ, which nothing uses.
    ws.delta.subarray(hidden),
    ws.pendingWeights,
    ws.pendingBiases,
    Float64Array.of(t.lastLoss, t.stepCount, ws.pendingCount),
  ];
}

/** Runs the case on the textbook step and on `paths`, comparing after every step. */
function expectSameAsTextbook(c: Case, paths: StepPath[], steps = 9): void {
  const textbook = trainerFor(c, 'textbook');
  const fast = paths.map((p) => trainerFor(c, p));
  for (let s = 0; s < steps; s++) {
    const want = textbook.step();
    for (const t of fast) {
      expect(Object.is(t.step(), want)).toBe(true);
      expect(t.diverged).toEqual(textbook.diverged);
      const a = state(textbook);
      const b = state(t);
      // After a refused step only the weights are promised (the last finite ones).
      const compared = textbook.diverged ? 2 : a.length;
      for (let k = 0; k < compared; k++) expect(sameBits(a[k], b[k]), `array ${k} after step ${s + 1}`).toBe(true);
    }
  }
  const flushed = textbook.flush();
  for (const t of fast) {
    expect(t.flush()).toBe(flushed);
    expect(sameBits(t.network.weights, textbook.network.weights)).toBe(true);
    expect(sameBits(t.network.biases, textbook.network.biases)).toBe(true);
  }
}

describe('the fast copies of the step equal the textbook step, bit for bit', () => {
  it('on small random networks: the compiled step and the unrolled loops', () => {
    fc.assert(
      fc.property(caseArb(6, 5), (c) => {
        const net = createNetwork({ layers: c.layers, activation: c.activations, bias: c.bias });
        // The compiled step exists for these small shapes, so it is what 'fastest' runs.
        expect(compileStep(net, c.rule, c.batch > 1)).not.toBeNull();
        expectSameAsTextbook(c, ['fastest', 'unrolled']);
      }),
      { numRuns: 250, seed: 20261130 },
    );
  }, 120_000);

  it('on networks over the compiled step’s limit: the unrolled loops', () => {
    fc.assert(
      fc.property(
        caseArb(24, 4).filter((c) => c.layers.slice(1).reduce((s, n, l) => s + n * c.layers[l], 0) > MAX_COMPILED_WEIGHTS),
        (c) => expectSameAsTextbook(c, ['fastest', 'unrolled'], 5),
      ),
      { numRuns: 40, seed: 20261130 },
    );
  }, 120_000);

  it('stop at the same step, for the same reason, when η is far too large', () => {
    for (const rule of RULES) {
      for (const batch of [1, 4]) {
        for (const layers of [
          [2, 5, 4, 1],
          [2, 16, 16, 1],
        ]) {
          const c: Case = {
            layers,
            activations: ['relu', 'linear', 'linear'],
            bias: true,
            biases: layers.flatMap((n) => Array.from({ length: n }, (_, j) => 0.1 * j)),
            rule,
            batch,
            eta: 1e60,
            seed: 3,
            samples: [
              { x: [1, -1], z: [1] },
              { x: [0.5, 2], z: [-1] },
            ],
          };
          const textbook = trainerFor(c, 'textbook');
          textbook.run(200);
          expect(textbook.diverged).not.toBeNull();
          for (const path of ['fastest', 'unrolled'] as const) {
            const t = trainerFor(c, path);
            t.run(200);
            expect(t.diverged).toEqual(textbook.diverged);
            expect(sameBits(t.network.weights, textbook.network.weights)).toBe(true);
            expect(t.network.weights.every(Number.isFinite)).toBe(true);
          }
        }
      }
    }
  });
});

describe('the compiled step', () => {
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

  it('keeps at most MAX_COMPILED_KERNELS kernels, however many shapes ask: the oldest are compiled anew', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 2, maxLength: 4 }), {
          minLength: MAX_COMPILED_KERNELS + 1,
          maxLength: 2 * MAX_COMPILED_KERNELS + 10,
          selector: (layers) => layers.join('-'),
        }),
        fc.constantFrom(...RULES),
        (shapes, rule) => {
          const nets = shapes.map((layers) => createNetwork({ layers, activation: 'tanh', bias: true }));
          const first = nets.map((net) => compileStep(net, rule, false));
          const n = nets.length;
          // The most recent MAX_COMPILED_KERNELS are kept: asking again gives the very same function…
          for (let k = n - 1; k >= n - MAX_COMPILED_KERNELS; k--) expect(compileStep(nets[k], rule, false)).toBe(first[k]);
          // …and every older one is gone: asking again compiles it anew.
          for (let k = 0; k < n - MAX_COMPILED_KERNELS; k++) {
            const again = compileStep(nets[k], rule, false);
            expect(again).not.toBeNull();
            expect(again).not.toBe(first[k]);
          }
        },
      ),
      { numRuns: 5 },
    );
  }, 60_000);

  it('a kernel asked for again moves to the front and is kept while others come and go', () => {
    const keep = createNetwork({ layers: [2, 3, 2, 1], activation: 'sigmoid', bias: false });
    const kept = compileStep(keep, 'exact', true);
    for (let k = 0; k < 3 * MAX_COMPILED_KERNELS; k++) {
      compileStep(createNetwork({ layers: [1 + (k % 7), 1 + ((k >> 3) % 9), 1 + (k % 3)], activation: 'relu', bias: k % 2 === 0 }), 'article', false);
      if (k % 8 === 0) expect(compileStep(keep, 'exact', true)).toBe(kept);
    }
  });
});

/**
 * A seed fixes everything: the initial weights, the datasets and therefore
 * a whole training run, bit for bit. Another seed gives other numbers.
 */
import { describe, expect, it } from 'vitest';
import { type DatasetSpec, DATASET_KINDS, makeDataset } from '../../core/dataset.js';
import { createNetwork, initializeWeights } from '../../core/network.js';
import { createRandom } from '../../core/random.js';
import { constantSchedule } from '../../core/schedule.js';
import { Trainer } from '../../core/trainer.js';
import { sameBits } from './helpers.js';

function weightsFor(seed: number | string, bias = true): { w: Float64Array; b: Float64Array } {
  const net = createNetwork({ layers: [2, 8, 5, 1], activation: ['relu', 'tanh', 'sigmoid'], bias });
  initializeWeights(net, seed);
  return { w: net.weights, b: net.biases };
}

function trainedWeights(seed: number, batch: number): Float64Array {
  const data = makeDataset({ kind: 'spiral', count: 120, noise: 0.3, testShare: 0.2, seed });
  const net = createNetwork({ layers: [2, 6, 6, 1], activation: 'tanh', bias: true });
  initializeWeights(net, seed);
  const trainer = new Trainer({ network: net, samples: data.train, rule: 'exact', schedule: constantSchedule(0.05), batch });
  trainer.run(2_000);
  trainer.flush();
  return net.weights.slice();
}

describe('determinism', () => {
  it('the same seed gives the same initial weights and biases, bit for bit', () => {
    for (const seed of [0, 1, 42, 0xffffffff, 'lesson-3']) {
      const a = weightsFor(seed);
      const b = weightsFor(seed);
      expect(sameBits(a.w, b.w)).toBe(true);
      expect(sameBits(a.b, b.b)).toBe(true);
    }
  });

  it('another seed gives other weights', () => {
    const a = weightsFor(1);
    const b = weightsFor(2);
    expect(sameBits(a.w, b.w)).toBe(false);
    let same = 0;
    for (let k = 0; k < a.w.length; k++) if (a.w[k] === b.w[k]) same++;
    expect(same).toBe(0);
    expect(sameBits(weightsFor('a').w, weightsFor('b').w)).toBe(false);
  });

  it('initial weights are not all zero, and lie within the layer’s range', () => {
    const { w } = weightsFor(7);
    expect(w.some((v) => v !== 0)).toBe(true);
    // relu layer 2→8 (He): ±√(6/2); tanh 8→5 and sigmoid 5→1 (Glorot): smaller.
    for (const v of w) expect(Math.abs(v)).toBeLessThan(Math.sqrt(3));
  });

  it('the generator gives the same stream for a seed and numbers in [0, 1)', () => {
    const a = createRandom(99);
    const b = createRandom(99);
    const c = createRandom(100);
    const sa = Array.from({ length: 1000 }, () => a.next());
    const sb = Array.from({ length: 1000 }, () => b.next());
    const sc = Array.from({ length: 1000 }, () => c.next());
    expect(sa).toEqual(sb);
    expect(sa).not.toEqual(sc);
    for (const v of sa) expect(v >= 0 && v < 1).toBe(true);
    const mean = sa.reduce((s, v) => s + v, 0) / sa.length;
    expect(mean).toBeGreaterThan(0.45);
    expect(mean).toBeLessThan(0.55);
  });

  it('the generator is mulberry32: its first numbers are those of the C original', () => {
    // Printed by mulberry32 as its author published it, compiled with gcc, seeds 42 and 0
    // (32-bit outputs; next() divides them by 2³²).
    const c = { 42: [2581720956, 1925393290, 3661312704, 2876485805, 750819978], 0: [1144304738, 1416247, 958946056] };
    for (const [seed, outputs] of Object.entries(c)) {
      const r = createRandom(Number(seed));
      for (const u of outputs) expect(r.next()).toBe(u / 4294967296);
    }
  });

  it('the same dataset spec gives the same samples, bit for bit; another seed does not', () => {
    for (const kind of DATASET_KINDS) {
      const spec: DatasetSpec = { kind, count: 200, noise: 0.4, testShare: 0.25, seed: 5 };
      const a = makeDataset(spec);
      const b = makeDataset({ ...spec });
      const c = makeDataset({ ...spec, seed: 6 });
      expect(sameBits(a.train.xs, b.train.xs)).toBe(true);
      expect(sameBits(a.train.zs, b.train.zs)).toBe(true);
      expect(sameBits(a.test.xs, b.test.xs)).toBe(true);
      expect(sameBits(a.test.zs, b.test.zs)).toBe(true);
      expect(sameBits(a.train.xs, c.train.xs)).toBe(false);
    }
  });

  it('training twice from the same seed ends on the same weights, bit for bit', () => {
    for (const batch of [1, 7]) {
      const a = trainedWeights(3, batch);
      const b = trainedWeights(3, batch);
      expect(sameBits(a, b)).toBe(true);
      expect(sameBits(a, trainedWeights(4, batch))).toBe(false);
    }
  });
});

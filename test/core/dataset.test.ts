/**
 * Datasets (core/dataset.ts): sizes, shapes, classes, ranges, the split,
 * the article's XOR, and what noise does.
 */
import { describe, expect, it } from 'vitest';
import {
  ARTICLE_DATASET,
  DATASET_KINDS,
  type DatasetKind,
  type SampleSet,
  datasetSpecSchema,
  makeDataset,
  sampleAt,
} from '../../core/dataset.js';

function points(set: SampleSet): { x: number[]; z: number[] }[] {
  return Array.from({ length: set.count }, (_, s) => sampleAt(set, s));
}

const classification: DatasetKind[] = ['xor', 'circles', 'gaussians', 'spiral'];

describe('datasets', () => {
  it('every kind has the requested size, split into train and test, with the right input count', () => {
    for (const kind of DATASET_KINDS) {
      for (const [count, testShare] of [
        [100, 0],
        [100, 0.2],
        [333, 0.3],
        [50, 0.9],
        [4, 0.1],
      ] as const) {
        const d = makeDataset({ kind, count, noise: 0.2, testShare, seed: 11 });
        const inputs = kind === 'regression' ? 1 : 2;
        expect(d.train.count + d.test.count).toBe(count);
        expect(d.test.count).toBe(Math.round(count * testShare));
        for (const set of [d.train, d.test]) {
          expect(set.inputs).toBe(inputs);
          expect(set.outputs).toBe(1);
          expect(set.xs.length).toBe(set.count * inputs);
          expect(set.zs.length).toBe(set.count);
        }
      }
    }
  });

  it('the split neither loses nor repeats samples', () => {
    for (const kind of DATASET_KINDS) {
      const whole = makeDataset({ kind, count: 120, noise: 0.5, testShare: 0, seed: 8 });
      const split = makeDataset({ kind, count: 120, noise: 0.5, testShare: 0.25, seed: 8 });
      const key = (p: { x: number[]; z: number[] }) => JSON.stringify(p);
      const a = points(whole.train).map(key).sort();
      const b = [...points(split.train), ...points(split.test)].map(key).sort();
      expect(b).toEqual(a);
      expect(new Set(a).size).toBe(120);
    }
  });

  it('classification sets have z in {0, 1}, both classes about equally', () => {
    for (const kind of classification) {
      const d = makeDataset({ kind, count: 400, noise: 0.3, testShare: 0, seed: 2 });
      let ones = 0;
      for (const z of d.train.zs) {
        expect(z === 0 || z === 1).toBe(true);
        ones += z;
      }
      expect(ones).toBeGreaterThan(150);
      expect(ones).toBeLessThan(250);
    }
  });

  it('without noise, points lie in [−1, 1]² (XOR on its corners 0 and 1), and each class where its kind puts it', () => {
    // Gaussian clouds have tails by nature; they are checked by their centres below.
    for (const kind of DATASET_KINDS.filter((k) => k !== 'gaussians')) {
      const d = makeDataset({ kind, count: 600, noise: 0, testShare: 0, seed: 4 });
      for (const p of points(d.train)) {
        for (const v of p.x) expect(Math.abs(v)).toBeLessThanOrEqual(1);
        const [x1, x2] = p.x;
        const r = Math.hypot(x1, x2 ?? 0);
        if (kind === 'xor') {
          expect([0, 1]).toContain(x1);
          expect([0, 1]).toContain(x2);
          expect(p.z[0]).toBe(x1 === x2 ? 0 : 1);
        } else if (kind === 'circles') {
          if (p.z[0] === 1) expect(r).toBeLessThanOrEqual(0.5);
          else expect(r >= 0.7 - 1e-12 && r <= 1 + 1e-12).toBe(true);
        } else if (kind === 'regression') {
          expect(p.z[0]).toBeCloseTo(0.5 + 0.35 * Math.sin(Math.PI * x1), 12);
        }
      }
    }
  });

  it('gaussians: class 1 gathers around (0.5, 0.5), class 0 around (−0.5, −0.5)', () => {
    const d = makeDataset({ kind: 'gaussians', count: 1000, noise: 0.5, testShare: 0, seed: 9 });
    const sum = [
      [0, 0, 0],
      [0, 0, 0],
    ];
    for (const p of points(d.train)) {
      const c = sum[p.z[0]];
      c[0] += p.x[0];
      c[1] += p.x[1];
      c[2]++;
    }
    for (const [cls, centre] of [
      [1, 0.5],
      [0, -0.5],
    ]) {
      expect(sum[cls][0] / sum[cls][2]).toBeCloseTo(centre, 1);
      expect(sum[cls][1] / sum[cls][2]).toBeCloseTo(centre, 1);
    }
  });

  it('with full noise, points stay within a sensible range', () => {
    for (const kind of DATASET_KINDS) {
      const d = makeDataset({ kind, count: 1000, noise: 1, testShare: 0.5, seed: 6 });
      for (const set of [d.train, d.test]) {
        for (const v of set.xs) expect(Math.abs(v)).toBeLessThan(3);
        for (const v of set.zs) expect(v > -1 && v < 2).toBe(true);
      }
    }
  });

  it('noise moves the points (regression: its targets)', () => {
    for (const kind of DATASET_KINDS) {
      const clean = makeDataset({ kind, count: 200, noise: 0, testShare: 0, seed: 12 });
      const noisy = makeDataset({ kind, count: 200, noise: 0.5, testShare: 0, seed: 12 });
      const a = kind === 'regression' ? clean.train.zs : clean.train.xs;
      const b = kind === 'regression' ? noisy.train.zs : noisy.train.xs;
      let moved = 0;
      for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) moved++;
      expect(moved).toBeGreaterThan(a.length / 2);
    }
    // Circles: noise pushes some points into the gap between the classes.
    const noisy = makeDataset({ kind: 'circles', count: 400, noise: 1, testShare: 0, seed: 12 });
    const inGap = points(noisy.train).filter((p) => {
      const r = Math.hypot(p.x[0], p.x[1]);
      return r > 0.5 && r < 0.7;
    });
    expect(inGap.length).toBeGreaterThan(0);
  });

  it('the article XOR set is its four samples, in order, with nothing held out', () => {
    const d = makeDataset(ARTICLE_DATASET);
    expect(points(d.train)).toEqual([
      { x: [0, 0], z: [0] },
      { x: [0, 1], z: [1] },
      { x: [1, 0], z: [1] },
      { x: [1, 1], z: [0] },
    ]);
    expect(d.test.count).toBe(0);
    expect(datasetSpecSchema.safeParse(ARTICLE_DATASET).success).toBe(true);
  });

  it('the spec schema refuses bad specs', () => {
    const good = { kind: 'circles', count: 100, noise: 0.1, testShare: 0.2, seed: 1 };
    expect(datasetSpecSchema.safeParse(good).success).toBe(true);
    for (const change of [
      { kind: 'moons' },
      { count: 3 },
      { count: 10.5 },
      { count: 1_000_000 },
      { noise: -0.1 },
      { noise: 2 },
      { testShare: 0.95 },
      { seed: -1 },
      { seed: 1.5 },
      { extra: true },
    ]) {
      expect(datasetSpecSchema.safeParse({ ...good, ...change }).success, JSON.stringify(change)).toBe(false);
    }
  });
});

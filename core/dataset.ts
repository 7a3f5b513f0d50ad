/**
 * Training sets: lists of samples (x, z), stored flat, made from a seed.
 *
 * Classification sets put each point's class in z as 0 or 1 (the range of a
 * sigmoid output, as in the article). Points lie in or near the square
 * [−1, 1]² (noise, and the gaussian clouds' tails, can reach a little past
 * it), except the article's XOR, whose corners are 0 and 1 as the article
 * has them.
 * The same seed, kind, size and noise give the same numbers, bit for bit.
 */
import { z } from 'zod';
import { createRandom, type Random } from './random.js';

export interface SampleSet {
  /** Inputs per sample (x1, x2, …). */
  readonly inputs: number;
  /** Targets per sample (z). */
  readonly outputs: number;
  readonly count: number;
  /** x of sample s at xs[s·inputs …]. */
  readonly xs: Float64Array;
  /** z of sample s at zs[s·outputs …]. */
  readonly zs: Float64Array;
}

export const DATASET_KINDS = ['xor', 'circles', 'gaussians', 'spiral', 'regression'] as const;
export type DatasetKind = (typeof DATASET_KINDS)[number];

export const datasetSpecSchema = z
  .object({
    kind: z.enum(DATASET_KINDS),
    /** How many samples to make (train and test together). */
    count: z.number().int().min(4).max(10_000),
    /** 0 … 1: how much the points scatter. */
    noise: z.number().finite().min(0).max(1),
    /** 0 … 0.9: the share of samples held out for testing. */
    testShare: z.number().finite().min(0).max(0.9),
    seed: z.number().int().min(0).max(0xffffffff),
  })
  .strict();
export type DatasetSpec = z.infer<typeof datasetSpecSchema>;

export function inputCount(kind: DatasetKind): number {
  return kind === 'regression' ? 1 : 2;
}

export interface Dataset {
  readonly spec: DatasetSpec;
  readonly train: SampleSet;
  readonly test: SampleSet;
}

/** The article's four samples: z is 1 when exactly one input is 1. */
export const ARTICLE_XOR: readonly { x: [number, number]; z: [number] }[] = [
  { x: [0, 0], z: [0] },
  { x: [0, 1], z: [1] },
  { x: [1, 0], z: [1] },
  { x: [1, 1], z: [0] },
];

export function sampleSetFrom(samples: readonly { x: readonly number[]; z: readonly number[] }[]): SampleSet {
  const inputs = samples[0]?.x.length ?? 0;
  const outputs = samples[0]?.z.length ?? 0;
  const xs = new Float64Array(samples.length * inputs);
  const zs = new Float64Array(samples.length * outputs);
  samples.forEach((s, k) => {
    xs.set(s.x, k * inputs);
    zs.set(s.z, k * outputs);
  });
  return { inputs, outputs, count: samples.length, xs, zs };
}

export function sampleAt(set: SampleSet, s: number): { x: number[]; z: number[] } {
  return {
    x: Array.from(set.xs.subarray(s * set.inputs, (s + 1) * set.inputs)),
    z: Array.from(set.zs.subarray(s * set.outputs, (s + 1) * set.outputs)),
  };
}

type Point = { x: number[]; z: number[] };

/** XOR: the article's four corners; more samples scatter around them by the noise. */
function xor(n: number, noise: number, rng: Random): Point[] {
  const out: Point[] = [];
  for (let k = 0; k < n; k++) {
    const c = ARTICLE_XOR[k % 4];
    const jitter = noise * 0.25;
    out.push({ x: [c.x[0] + jitter * rng.gaussian(), c.x[1] + jitter * rng.gaussian()], z: [c.z[0]] });
  }
  return out;
}

/** Two circles: class 1 inside radius 0.5, class 0 on a ring from 0.7 to 1. */
function circles(n: number, noise: number, rng: Random): Point[] {
  const out: Point[] = [];
  for (let k = 0; k < n; k++) {
    const inner = k % 2 === 0;
    const r = inner ? rng.uniform(0, 0.5) : rng.uniform(0.7, 1);
    const a = rng.uniform(0, 2 * Math.PI);
    const x1 = r * Math.cos(a) + noise * 0.2 * rng.gaussian();
    const x2 = r * Math.sin(a) + noise * 0.2 * rng.gaussian();
    out.push({ x: [x1, x2], z: [inner ? 1 : 0] });
  }
  return out;
}

/** Two gaussian clouds, centred at (0.5, 0.5) (class 1) and (−0.5, −0.5) (class 0). */
function gaussians(n: number, noise: number, rng: Random): Point[] {
  const out: Point[] = [];
  const spread = 0.15 + 0.35 * noise;
  for (let k = 0; k < n; k++) {
    const one = k % 2 === 0;
    const c = one ? 0.5 : -0.5;
    out.push({ x: [c + spread * rng.gaussian(), c + spread * rng.gaussian()], z: [one ? 1 : 0] });
  }
  return out;
}

/** Two interleaved spiral arms, one per class, each turning 1.75 times. */
function spiral(n: number, noise: number, rng: Random): Point[] {
  const out: Point[] = [];
  const half = Math.ceil(n / 2);
  for (let k = 0; k < n; k++) {
    const arm = k % 2;
    const t = Math.floor(k / 2) / half;
    const r = 0.05 + 0.9 * t;
    const a = 1.75 * 2 * Math.PI * t + arm * Math.PI;
    const x1 = r * Math.cos(a) + noise * 0.1 * rng.gaussian();
    const x2 = r * Math.sin(a) + noise * 0.1 * rng.gaussian();
    out.push({ x: [x1, x2], z: [arm === 0 ? 1 : 0] });
  }
  return out;
}

/** A smooth 1-D curve to fit: z = 0.5 + 0.35·sin(π·x), x in [−1, 1], plus noise on z. */
function regression(n: number, noise: number, rng: Random): Point[] {
  const out: Point[] = [];
  for (let k = 0; k < n; k++) {
    const x = rng.uniform(-1, 1);
    out.push({ x: [x], z: [0.5 + 0.35 * Math.sin(Math.PI * x) + noise * 0.1 * rng.gaussian()] });
  }
  return out;
}

const MAKERS: Record<DatasetKind, (n: number, noise: number, rng: Random) => Point[]> = {
  xor,
  circles,
  gaussians,
  spiral,
  regression,
};

/**
 * Makes a dataset and splits it: the samples are shuffled with the seed,
 * then the first (1 − testShare) of them train and the rest test. The
 * article's XOR with 4 samples and no noise is kept whole and in order,
 * as the article lists it, with no test set.
 */
export function makeDataset(spec: DatasetSpec): Dataset {
  const rng = createRandom(spec.seed);
  if (spec.kind === 'xor' && spec.count === 4 && spec.noise === 0) {
    const all = sampleSetFrom(ARTICLE_XOR);
    return { spec, train: all, test: emptySet(2, 1) };
  }
  const points = MAKERS[spec.kind](spec.count, spec.noise, rng);
  // Fisher–Yates shuffle, seeded.
  for (let k = points.length - 1; k > 0; k--) {
    const r = rng.int(k + 1);
    [points[k], points[r]] = [points[r], points[k]];
  }
  const testCount = Math.min(points.length - 1, Math.round(points.length * spec.testShare));
  const trainPoints = points.slice(0, points.length - testCount);
  const testPoints = points.slice(points.length - testCount);
  return {
    spec,
    train: sampleSetFrom(trainPoints),
    test: testPoints.length ? sampleSetFrom(testPoints) : emptySet(points[0].x.length, 1),
  };
}

function emptySet(inputs: number, outputs: number): SampleSet {
  return { inputs, outputs, count: 0, xs: new Float64Array(0), zs: new Float64Array(0) };
}

export const ARTICLE_DATASET: DatasetSpec = { kind: 'xor', count: 4, noise: 0, testShare: 0, seed: 1 };

/**
 * Minibatches and the summary report of the trace command, checked against
 * numbers worked out here from single-step traces.
 */
import { describe, expect, it } from 'vitest';
import { type TraceOutput, type TraceStepOut, parseTraceSpec, runTrace } from '../../core/trace-spec.js';
import { jsonMismatch, near } from './helpers.js';

type Steps = { steps: TraceStepOut[]; weights: number[][][]; biases?: number[][] };
type Summary = { weights: number[][][]; biases?: number[][]; lastLoss: number | null };

const base = {
  layers: [2, 3, 2],
  activation: ['tanh', 'sigmoid'],
  bias: true,
  weights: [
    [
      [0.3, -0.8],
      [1.1, 0.4],
      [-0.5, 0.9],
    ],
    [
      [0.7, -0.2, 0.5],
      [-1.3, 0.6, 0.1],
    ],
  ],
  biases: [
    [0.05, -0.1, 0.2],
    [0.3, -0.25],
  ],
  rule: 'exact',
  eta: 0.8,
  samples: [
    { x: [0.5, -1], z: [1, 0] },
    { x: [-0.3, 0.8], z: [0, 1] },
    { x: [1.2, 0.1], z: [1, 1] },
    { x: [-0.9, -0.6], z: [0, 0] },
    { x: [0.2, 0.4], z: [0.5, 0.2] },
  ],
};

function run(spec: object): TraceOutput {
  return runTrace(parseTraceSpec(spec));
}

/** One step from given weights on one sample: its changes Δw and Δb. */
function singleStepChange(weights: number[][][], biases: number[][], sample: (typeof base.samples)[number]) {
  const out = run({ ...base, weights, biases, samples: [sample], steps: 1 }) as Steps;
  const w = out.steps[0].weights;
  const b = out.steps[0].biases!;
  return {
    dw: w.map((rows, l) => rows.map((row, j) => row.map((v, i) => v - weights[l][j][i]))),
    db: b.map((row, l) => row.map((v, j) => v - biases[l][j])),
  };
}

describe('minibatch', () => {
  it('weights move only every B steps (and after the last), by the mean of the per-step changes', () => {
    const B = 3;
    const steps = 7;
    const batched = run({ ...base, batch: B, steps }) as Steps;

    // Worked out here: every step of a batch starts from the weights at the
    // batch's start; the batch then moves them by the mean of those changes.
    let w = base.weights;
    let b = base.biases;
    const expected: { w: number[][][]; b: number[][] }[] = [];
    let pending: { dw: number[][][]; db: number[][] }[] = [];
    for (let s = 0; s < steps; s++) {
      pending.push(singleStepChange(w, b, base.samples[s % base.samples.length]));
      if (pending.length === B || s === steps - 1) {
        const n = pending.length;
        w = w.map((rows, l) => rows.map((row, j) => row.map((v, i) => v + pending.reduce((t, p) => t + p.dw[l][j][i], 0) / n)));
        b = b.map((row, l) => row.map((v, j) => v + pending.reduce((t, p) => t + p.db[l][j], 0) / n));
        pending = [];
      }
      expected.push({ w, b });
    }

    for (let s = 0; s < steps; s++) {
      const got = batched.steps[s];
      expect(jsonMismatch(got.weights, expected[s].w, 1e-12, 1e-15), `step ${s + 1} weights`).toBeNull();
      expect(jsonMismatch(got.biases, expected[s].b, 1e-12, 1e-15), `step ${s + 1} biases`).toBeNull();
    }
    // Inside a batch nothing moves; at its end everything may.
    expect(batched.steps[0].weights).toEqual(base.weights);
    expect(batched.steps[1].weights).toEqual(base.weights);
    expect(batched.steps[2].weights).not.toEqual(base.weights);
    expect(batched.steps[3].weights).toEqual(batched.steps[2].weights);
    expect(batched.steps[4].weights).toEqual(batched.steps[2].weights);
    expect(batched.steps[5].weights).not.toEqual(batched.steps[4].weights);
    // The 7th step is alone in its batch and flushed at the end: a plain step.
    expect(batched.steps[6].weights).not.toEqual(batched.steps[5].weights);
    expect(batched.weights).toEqual(batched.steps[6].weights);
  });

  it('each step inside a batch sees the weights of the batch start (its loss and signals)', () => {
    const batched = run({ ...base, batch: 4, steps: 4 }) as Steps;
    for (let s = 0; s < 4; s++) {
      const alone = run({ ...base, samples: [base.samples[s]], steps: 1 }) as Steps;
      expect(batched.steps[s].loss).toBe(alone.steps[0].loss);
      expect(batched.steps[s].y).toEqual(alone.steps[0].y);
      expect(batched.steps[s].delta).toEqual(alone.steps[0].delta);
    }
  });

  it('batch 1 is plain online training', () => {
    const one = run({ ...base, batch: 1, steps: 6 }) as Steps;
    const plain = run({ ...base, steps: 6 }) as Steps;
    expect(one).toEqual(plain);
    let w = base.weights;
    let b = base.biases;
    for (let s = 0; s < 6; s++) {
      const c = singleStepChange(w, b, base.samples[s % 5]);
      w = w.map((rows, l) => rows.map((row, j) => row.map((v, i) => v + c.dw[l][j][i])));
      b = b.map((row, l) => row.map((v, j) => v + c.db[l][j]));
      expect(jsonMismatch(plain.steps[s].weights, w, 1e-12, 1e-15)).toBeNull();
    }
  });
});

describe('summary report', () => {
  for (const [batch, steps] of [
    [1, 9],
    [4, 10],
    [5, 5],
  ]) {
    it(`batch ${batch}, ${steps} steps: the final weights and lastLoss of the steps report`, () => {
      const full = run({ ...base, batch, steps }) as Steps;
      const summary = run({ ...base, batch, steps, report: 'summary' }) as Summary;
      expect(Object.keys(summary).sort()).toEqual(['biases', 'lastLoss', 'weights']);
      expect(summary.weights).toEqual(full.steps[steps - 1].weights);
      expect(summary.biases).toEqual(full.steps[steps - 1].biases);
      expect(summary.lastLoss).toBe(full.steps[steps - 1].loss);
      expect(summary.weights).toEqual(full.weights);
    });
  }

  it('without bias there are no biases; with no steps, the weights as given and lastLoss null', () => {
    const noBias = { ...base, bias: false, biases: undefined };
    const s = run({ ...noBias, steps: 3, report: 'summary' }) as Summary;
    expect(Object.keys(s).sort()).toEqual(['lastLoss', 'weights']);
    const zero = run({ ...base, steps: 0, report: 'summary' }) as Summary;
    expect(zero.weights).toEqual(base.weights);
    expect(zero.biases).toEqual(base.biases);
    expect(zero.lastLoss).toBeNull();
    const zeroSteps = run({ ...base, steps: 0 }) as Steps;
    expect(zeroSteps.steps).toEqual([]);
    expect(zeroSteps.weights).toEqual(base.weights);
  });

  it('loss is ½·Σ(z − y)² of the step’s own output', () => {
    const full = run({ ...base, steps: 5 }) as Steps;
    for (const st of full.steps) {
      const y = st.y[st.y.length - 1];
      const want = 0.5 * st.z.reduce((t, z, j) => t + (z - y[j]) ** 2, 0);
      expect(near(st.loss, want, 1e-14, 0)).toBe(true);
    }
  });
});

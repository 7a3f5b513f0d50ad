/**
 * The textbook step's own pieces: the derivatives it takes from y, its
 * refusals, and the exp and tanh of the hot loops against the engine's
 * Math.exp and Math.tanh.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ACTIVATIONS, Act, activate, activationCode, derivativeFromOutput, gradientRange } from '../../core/activation.js';
import { REFUSED_SIGNALS, REFUSED_WEIGHTS, STEP_TAKEN, createWorkspace, derivatives, forward, trainSample } from '../../core/backprop.js';
import { sampleSetFrom } from '../../core/dataset.js';
import { exp, tanh } from '../../core/fast-math.js';
import { createNetwork, initializeWeights } from '../../core/network.js';
import { type Schedule, constantSchedule, etaAt } from '../../core/schedule.js';
import { Trainer, type StepPath } from '../../core/trainer.js';
import { sameBits } from './helpers.js';

/** f(e) by the engine's own functions, written here so the check does not lean on core. */
const reference: Record<(typeof ACTIVATIONS)[number], (e: number) => number> = {
  sigmoid: (e) => 1 / (1 + Math.exp(-e)),
  tanh: (e) => Math.tanh(e),
  relu: (e) => Math.max(0, e),
  linear: (e) => e,
};

describe('df(e)/de from the output y (what the player sees as f′(e), and what the step multiplies by)', () => {
  it('agrees with a central finite difference of f at the same e, for every activation', () => {
    const h = 1e-6;
    for (const name of ACTIVATIONS) {
      const code = activationCode(name);
      for (let e = -4; e <= 4; e += 0.37) {
        if (name === 'relu' && Math.abs(e) < 2 * h) continue;
        const numeric = (reference[name](e + h) - reference[name](e - h)) / (2 * h);
        const y = activate(code, e);
        expect(Math.abs(derivativeFromOutput(code, y) - numeric), `${name} at e = ${e}`).toBeLessThan(1e-8);
      }
    }
  });

  it('tanh: 1 − y², which is 1 at e = 0 and 0.42 at e = 1', () => {
    expect(derivativeFromOutput(Act.Tanh, 0)).toBe(1);
    expect(derivativeFromOutput(Act.Tanh, Math.tanh(1))).toBeCloseTo(0.41997434161, 10);
    expect(derivativeFromOutput(Act.Tanh, Math.tanh(-1))).toBeCloseTo(0.41997434161, 10);
  });

  it('derivatives() and the layer-at-a-time gradientRange give the same f′ as derivativeFromOutput', () => {
    const net = createNetwork({ layers: [2, 3, 3, 3, 2], activation: ['sigmoid', 'tanh', 'relu', 'linear'], bias: true });
    initializeWeights(net, 8);
    const ws = createWorkspace(net);
    forward(net, [0.7, -1.3], ws);
    const dfde = derivatives(net, ws);
    const ones = new Float64Array(net.neuronCount).fill(1);
    const g = new Float64Array(net.neuronCount);
    for (let l = 1; l < net.sizes.length; l++) {
      gradientRange(net.codes[l], ws.y, ones, g, net.neuronOffset[l], net.neuronOffset[l + 1]);
      for (let k = net.neuronOffset[l]; k < net.neuronOffset[l + 1]; k++) {
        const name = net.activations[l];
        const numeric = (reference[name](ws.e[k] + 1e-6) - reference[name](ws.e[k] - 1e-6)) / 2e-6;
        expect(Math.abs(dfde[k] - numeric), `${name} neuron ${k}`).toBeLessThan(1e-8);
        expect(g[k]).toBe(dfde[k]);
      }
    }
  });
});

const paths: StepPath[] = ['textbook', 'unrolled', 'fastest'];

describe('refusing a step whose numbers stop being finite', () => {
  it('refuses a sample whose signals overflow and leaves the weights alone', () => {
    const net = createNetwork({ layers: [1, 1], activation: 'linear', bias: false });
    net.weights[0] = 1e300;
    const before = net.weights.slice();
    const ws = createWorkspace(net);
    expect(trainSample(net, [1e10], 0, [0], 0, 'exact', 0.1, ws, false)).toBe(REFUSED_SIGNALS);
    expect(sameBits(net.weights, before)).toBe(true);
  });

  // Finite signals, but η·δ·f′(e)·y overflows: the update itself must be refused.
  for (const layers of [
    [2, 3, 1],
    [2, 16, 16, 1],
    [2, 24, 12, 4],
  ]) {
    for (const path of paths) {
      it(`${layers.join('-')} (${layers.slice(1).reduce((s, n, l) => s + n * layers[l], 0)} weights), ${path}: huge η is refused at step 1 and the weights stay as they were`, () => {
        const net = createNetwork({ layers, activation: 'linear', bias: true });
        initializeWeights(net, 4);
        const before = net.weights.slice();
        const biasesBefore = net.biases.slice();
        const z = Array.from({ length: layers.at(-1)! }, () => 50);
        const trainer = new Trainer({ network: net, samples: sampleSetFrom([{ x: [1, 1], z }]), schedule: constantSchedule(1e308), path });
        expect(trainer.step()).toBeNaN();
        expect(trainer.diverged).toEqual({ step: 1, eta: 1e308, where: 'weights' });
        expect(trainer.run(10)).toBe(0);
        expect(sameBits(net.weights, before)).toBe(true);
        expect(sameBits(net.biases, biasesBefore)).toBe(true);
      });
    }
  }

  it('the textbook step reports REFUSED_WEIGHTS itself, without touching the weights', () => {
    const net = createNetwork({ layers: [2, 16, 16, 1], activation: 'tanh', bias: false });
    initializeWeights(net, 2);
    const before = net.weights.slice();
    const ws = createWorkspace(net);
    expect(trainSample(net, [1, -1], 0, [40], 0, 'exact', 1e308, ws, false)).toBe(REFUSED_WEIGHTS);
    expect(sameBits(net.weights, before)).toBe(true);
    expect(trainSample(net, [1, -1], 0, [0.2], 0, 'exact', 0.1, ws, false)).toBe(STEP_TAKEN);
    expect(sameBits(net.weights, before)).toBe(false);
  });
});

describe('the traced step', () => {
  it('reports its change Δw = η·δ·f′(e)·y with its own η, the one the weights moved by', () => {
    // η halves at every step, so the next step's η would be off by half.
    const schedule: Schedule = { kind: 'decay', start: 0.8, end: 0.0001, halfLife: 1 };
    for (const path of paths) {
      for (const batch of [1, 3]) {
        const net = createNetwork({ layers: [2, 3, 2, 1], activation: 'sigmoid', bias: true });
        initializeWeights(net, 5);
        const samples = sampleSetFrom([
          { x: [0, 1], z: [1] },
          { x: [1, 1], z: [0] },
        ]);
        const trainer = new Trainer({ network: net, samples, schedule, batch, path });
        for (let s = 0; s < 6; s++) {
          const t = trainer.stepTraced();
          expect(t.eta).toBe(etaAt(schedule, s));
          for (let l = 1; l < net.sizes.length; l++) {
            for (let j = 0; j < net.sizes[l]; j++) {
              const k = net.neuronOffset[l] + j;
              for (let i = 0; i < net.sizes[l - 1]; i++) {
                const w = net.weightOffset[l - 1] + j * net.sizes[l - 1] + i;
                const want = etaAt(schedule, s) * t.delta[k] * t.dfde[k] * t.y[net.neuronOffset[l - 1] + i];
                expect(Math.abs(t.change[w] - want)).toBeLessThanOrEqual(1e-15 * Math.abs(want));
                // Online, the weights moved by exactly this change.
                if (batch === 1) expect(t.weightsAfter[w]).toBe(t.weightsBefore[w] + t.change[w]);
              }
            }
          }
        }
      }
    }
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

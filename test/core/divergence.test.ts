/**
 * Divergence: when a step's values stop being finite, the trainer refuses
 * the step, keeps the last finite weights, says when and with which η, and
 * does nothing more; the trace command says so in one line (exit code 3)
 * instead of printing NaN.
 */
import { describe, expect, it } from 'vitest';
import { sampleSetFrom } from '../../core/dataset.js';
import { createNetwork, initializeWeights } from '../../core/network.js';
import { constantSchedule } from '../../core/schedule.js';
import { TraceDivergedError, parseTraceSpec, runTrace } from '../../core/trace-spec.js';
import { Trainer } from '../../core/trainer.js';
import { runTraceCommand, sameBits } from './helpers.js';

const SAMPLES = [
  { x: [0.9, -0.4], z: [1] },
  { x: [-0.7, 0.8], z: [-1] },
  { x: [0.3, 0.6], z: [0.5] },
];

function hugeEtaTrainer(batch: number): Trainer {
  const net = createNetwork({ layers: [2, 3, 1], activation: 'linear', bias: true });
  initializeWeights(net, 21);
  return new Trainer({ network: net, samples: sampleSetFrom(SAMPLES), schedule: constantSchedule(1e6), batch });
}

const divergingSpec = {
  layers: [2, 2, 1],
  activation: 'linear',
  weights: [
    [
      [0.5, -0.3],
      [0.2, 0.4],
    ],
    [[0.7, -0.6]],
  ],
  rule: 'exact',
  eta: 1e6,
  samples: SAMPLES,
  steps: 200,
};

describe('divergence in the trainer', () => {
  for (const batch of [1, 2]) {
    it(`η = 1e6 on a linear network (batch ${batch}): reported with step and η; the last finite weights stay`, () => {
      const trainer = hugeEtaTrainer(batch);
      const net = trainer.network;
      let lastFinite = { w: net.weights.slice(), b: net.biases.slice() };
      let taken = 0;
      for (; taken < 1000; taken++) {
        const loss = trainer.step();
        if (Number.isNaN(loss)) break;
        expect(Number.isFinite(loss)).toBe(true);
        lastFinite = { w: net.weights.slice(), b: net.biases.slice() };
      }
      expect(taken).toBeLessThan(1000);
      expect(trainer.diverged).not.toBeNull();
      expect(trainer.diverged!.step).toBe(taken + 1);
      expect(trainer.diverged!.eta).toBe(1e6);
      expect(['signals', 'weights']).toContain(trainer.diverged!.where);
      for (const v of net.weights) expect(Number.isFinite(v)).toBe(true);
      for (const v of net.biases) expect(Number.isFinite(v)).toBe(true);
      expect(sameBits(net.weights, lastFinite.w)).toBe(true);
      expect(sameBits(net.biases, lastFinite.b)).toBe(true);

      // Nothing further happens.
      const steps = trainer.stepCount;
      const report = trainer.diverged;
      expect(trainer.step()).toBeNaN();
      expect(trainer.run(50)).toBe(0);
      expect(trainer.flush()).toBe(true);
      expect(trainer.stepCount).toBe(steps);
      expect(trainer.diverged).toBe(report);
      expect(sameBits(net.weights, lastFinite.w)).toBe(true);
      expect(sameBits(net.biases, lastFinite.b)).toBe(true);
    });
  }

  it('run() stops at the divergence and says how many steps it took', () => {
    const trainer = hugeEtaTrainer(1);
    const taken = trainer.run(1000);
    expect(taken).toBeLessThan(1000);
    expect(trainer.diverged!.step).toBe(taken + 1);
  });

  it('a sensible η on the same network does not diverge', () => {
    const net = createNetwork({ layers: [2, 3, 1], activation: 'linear', bias: true });
    initializeWeights(net, 21);
    const trainer = new Trainer({ network: net, samples: sampleSetFrom(SAMPLES), schedule: constantSchedule(0.05) });
    expect(trainer.run(2000)).toBe(2000);
    expect(trainer.diverged).toBeNull();
  });

  it('huge but finite weights that do not change are not taken for a divergence', () => {
    // x = 0 and z = y: nothing moves, and every value stays finite.
    const net = createNetwork({ layers: [2, 1], activation: 'linear', bias: false });
    net.weights.set([1e308, 1e308]);
    const trainer = new Trainer({ network: net, samples: sampleSetFrom([{ x: [0, 0], z: [0] }]), schedule: constantSchedule(0.1) });
    expect(trainer.step()).toBe(0);
    expect(trainer.diverged).toBeNull();
    expect(Array.from(net.weights)).toEqual([1e308, 1e308]);
    const wide = createNetwork({ layers: [2, 2, 1], activation: 'linear', bias: true });
    wide.weights.set([1e300, 0, 0, 1e300, 1, 1]);
    const t2 = new Trainer({ network: wide, samples: sampleSetFrom([{ x: [1e8, 1e8], z: [0] }]), schedule: constantSchedule(0) });
    // Two hidden outputs of 1e308 each are finite; their sum at the output is not.
    expect(t2.step()).toBeNaN();
    expect(t2.diverged?.where).toBe('signals');
  });

  it('runTrace throws a divergence error naming the step and η', () => {
    for (const report of ['steps', 'summary']) {
      let caught: unknown = null;
      try {
        runTrace(parseTraceSpec({ ...divergingSpec, report }));
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(TraceDivergedError);
      const e = caught as TraceDivergedError;
      expect(e.eta).toBe(1e6);
      expect(e.step).toBeGreaterThan(1);
      expect(e.message).toContain(`step ${e.step}`);
    }
  });
});

describe('what the divergence message says grew', () => {
  const fail = (spec: object) => {
    try {
      runTrace(parseTraceSpec(spec));
    } catch (err) {
      return err as TraceDivergedError;
    }
    throw new Error('the run did not diverge');
  };

  it('η too large: the weights grew over the run, from what to what, and η is to blame', () => {
    const e = fail(divergingSpec);
    expect(e.message).toMatch(/the weights had grown from at most 0\.7 to [\d.]+e\+\d+ in size/);
    expect(e.message).toMatch(/η = 1000000 is too large.*try a smaller eta/);
  });

  it('η = 0 and weights too large as given: the sums overflow, η played no part', () => {
    const e = fail({ ...divergingSpec, eta: 0, weights: [[[1e300, 1e300], [0.2, 0.4]], [[1e10, -0.6]]] });
    expect(e.step).toBe(1);
    expect(e.message).toMatch(/a weighted sum e .* too large/);
    expect(e.message).toMatch(/weights as given \(up to 1e\+300 in size\) and inputs up to 0\.9/);
    expect(e.message).toMatch(/η played no part: make the weights or inputs smaller/);
    expect(e.message).not.toMatch(/smaller eta|too large for this network/);
  });

  it('inputs too large as given, small weights: again not η', () => {
    const e = fail({ ...divergingSpec, eta: 0.1, samples: [{ x: [1e308, 1e308], z: [0] }] });
    expect(e.step).toBe(1);
    expect(e.message).toMatch(/inputs up to 1e\+308; η played no part/);
  });

  it('an update that overflows at once: the update η·δ·f′(e)·y, with η named', () => {
    const e = fail({ ...divergingSpec, eta: 1e308, samples: [{ x: [1, 1], z: [100] }] });
    expect(e.step).toBe(1);
    expect(e.message).toMatch(/the update η·δ·f′\(e\)·y would make a weight too large/);
    expect(e.message).toMatch(/η = 1e\+308/);
  });
});

describe('divergence in the trace command', () => {
  it.concurrent.each([['steps'], ['summary']])(
    'report %s: exit code 3, one line on stderr, nothing on stdout',
    async (report) => {
      const r = await runTraceCommand(['-'], JSON.stringify({ ...divergingSpec, report }));
      expect(r.code).toBe(3);
      expect(r.stdout).toBe('');
      expect(r.stdout).not.toMatch(/NaN|Infinity/);
      expect(r.stderr.endsWith('\n')).toBe(true);
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/diverged at step \d+/);
      expect(r.stderr).toMatch(/1000000|1e\+?6/);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    },
    30_000,
  );
});

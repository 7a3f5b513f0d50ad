/**
 * The bench's stand-in for TensorFlow Playground's network code
 * (bench/peers/playground-design.ts) must train what the core trains: the
 * exact rule, from the same weights, on the same samples and batches. If it
 * did less (a missing bias update, a batch of the wrong size), the bench's
 * "core ÷ Playground" would compare unlike work. Its tanh and exp are the
 * engine's and the core's are its own, so the two agree to rounding, not to
 * the bit.
 */
import { describe, expect, it } from 'vitest';
import { playgroundDesign } from '../../bench/peers/playground-design.js';
import { WORKLOADS } from '../../bench/workloads.js';
import { createNetwork, loadNestedBiases, loadNestedWeights, nestedBiases, nestedWeights } from '../../core/network.js';
import { constantSchedule } from '../../core/schedule.js';
import { Trainer } from '../../core/trainer.js';

describe('the bench’s Playground stand-in', () => {
  for (const w of WORKLOADS) {
    it(`trains ${w.id} (${w.title}) to the core’s weights`, () => {
      const net = createNetwork({ layers: w.layers, activation: w.activation, bias: w.bias });
      loadNestedWeights(net, w.weights);
      loadNestedBiases(net, w.biases);
      const trainer = new Trainer({ network: net, samples: w.samples, rule: 'exact', schedule: constantSchedule(w.eta), batch: w.batch });
      const playground = playgroundDesign(w);
      const steps = w.batch * (w.id === 'W3' ? 100 : 500);
      expect(playground.train(steps)).toBe(steps);
      expect(trainer.run(steps)).toBe(steps);

      const core = [...nestedWeights(net).flat(2), ...nestedBiases(net).flat()];
      const theirs = [...playground.weights().flat(2), ...playground.biases().flat()];
      const before = [...w.weights.flat(2), ...w.biases.flat()];
      expect(theirs).toHaveLength(core.length);
      let moved = 0;
      for (let k = 0; k < core.length; k++) {
        expect(Math.abs(theirs[k] - core[k])).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(core[k])));
        moved = Math.max(moved, Math.abs(core[k] - before[k]));
      }
      // The training did something to compare: some weight moved well past rounding.
      expect(moved).toBeGreaterThan(1e-3);
    });
  }
});

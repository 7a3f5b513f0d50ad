/**
 * The samples a sandbox scores its error on. Scoring every sample of a
 * 10,000-sample set after each step or weight edit would make what one
 * player's intent costs the host grow with the dataset; an even spread of
 * at most `max` samples keeps it bounded, and always the same samples, so
 * the chart's points compare with each other.
 */
import type { SampleSet } from './dataset.js';

/** The whole set if it has at most `max` samples, else samples ⌊k·count/max⌋ for k = 0 … max − 1. */
export function spreadSample(set: SampleSet, max: number): SampleSet {
  if (set.count <= max) return set;
  const xs = new Float64Array(max * set.inputs);
  const zs = new Float64Array(max * set.outputs);
  for (let k = 0; k < max; k++) {
    const s = Math.floor((k * set.count) / max);
    xs.set(set.xs.subarray(s * set.inputs, (s + 1) * set.inputs), k * set.inputs);
    zs.set(set.zs.subarray(s * set.outputs, (s + 1) * set.outputs), k * set.outputs);
  }
  return { inputs: set.inputs, outputs: set.outputs, count: max, xs, zs };
}

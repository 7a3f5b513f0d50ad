import { describe, expect, it } from 'vitest';
import { notationFor } from '../../renderer/scene/captions.js';
import { PULSES_PER_BLOCK, planStep } from '../../renderer/scene/step-plan.js';
import { articleTrace, bigTrace } from './helpers.js';

describe('the plan of a slow-motion step', () => {
  const names = notationFor([2, 3, 2, 1]);

  for (const rule of ['article', 'exact'] as const) {
    it(`the error pulses arriving at a hidden neuron add up to the δ it ends up showing (${rule} rule)`, () => {
      const trace = articleTrace(rule);
      const plan = planStep(trace, names);
      for (let l = 1; l < names.sizes.length - 1; l++) {
        for (let i = 0; i < names.sizes[l]; i++) {
          let sum = 0;
          for (let j = 0; j < names.sizes[l + 1]; j++) sum += plan.contribution[names.weightIndex(l, j, i)];
          expect(sum).toBeCloseTo(trace.delta[names.neuron(l, i)], 12);
        }
      }
    });
  }

  it('gives every neuron its forward beat, every hidden neuron its backward beat, every block its update, in the article’s order', () => {
    const plan = planStep(articleTrace('exact'), names);
    const tl = plan.timeline;
    const L = names.sizes.length;
    for (let l = 1; l < L; l++) {
      expect(plan.fwdTravel[l]).toBeGreaterThanOrEqual(0);
      for (const b of plan.fillBeat[l]) expect(tl[b].start).toBeGreaterThanOrEqual(tl[plan.fwdTravel[l]].end);
      for (const b of plan.fillBeat[l]) expect(tl[b].end).toBeLessThanOrEqual(plan.errorSpan[0]);
    }
    for (let l = 1; l < L - 1; l++) {
      for (const b of plan.sumBeat[l]) expect(tl[b].start).toBeGreaterThanOrEqual(plan.errorSpan[1]);
    }
    for (let block = 0; block < L - 1; block++) {
      expect(tl[plan.update[block]].start).toBeGreaterThan(Math.max(...plan.sumBeat[1].map((b) => tl[b].start)));
    }
    expect(plan.settle).toBe(tl.length - 1);
  });

  it('in a dense block of weights, dots and error pulses travel on its strongest weights only', () => {
    const layers = [2, 16, 16, 16, 1];
    const wide = notationFor(layers);
    const trace = bigTrace(layers);
    const plan = planStep(trace, wide);
    const start = wide.weightOffset[1];
    const count = 16 * 16;
    const forward = (k: number) => Math.abs(trace.weightsBefore[k] * trace.y[wide.neuron(1, (k - start) % 16)]);
    const back = (k: number) => Math.abs(plan.contribution[k]);
    for (const [marks, strength] of [
      [plan.dotOn, forward],
      [plan.dartOn, back],
    ] as const) {
      const on: number[] = [];
      const off: number[] = [];
      for (let k = start; k < start + count; k++) (marks[k] ? on : off).push(strength(k));
      expect(on).toHaveLength(PULSES_PER_BLOCK);
      expect(Math.min(...on)).toBeGreaterThanOrEqual(Math.max(...off));
    }
    // The first block (2 × 16 weights) is small enough for all of its pulses.
    expect(Array.from(plan.dotOn.subarray(0, 32)).every((m) => m === 1)).toBe(true);
  });
});

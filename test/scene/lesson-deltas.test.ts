import { describe, expect, it } from 'vitest';
import { notationFor } from '../../renderer/scene/captions.js';
import { buildTimeline } from '../../renderer/scene/timeline.js';
import { deltasReached } from '../../renderer/ui/lesson-deltas.js';
import { articleTrace } from './helpers.js';

const names = notationFor([2, 3, 2, 1]);
const beats = buildTimeline(names, articleTrace('exact'));
const labels = beats.map((b) => (b.beat.kind === 'backward-sum' ? `sum${b.beat.layer}:${b.beat.neurons.join(',')}` : b.beat.kind));
const at = (label: string) => {
  const k = labels.indexOf(label);
  expect(k, `a beat ${label} in ${labels.join(' ')}`).toBeGreaterThanOrEqual(0);
  return [...deltasReached(beats, k, names)].sort();
};

describe('lesson 8: the δ the picture has reached', () => {
  it('shows no δ during the forward pass', () => {
    const lastForward = labels.lastIndexOf('forward-fill');
    expect([...deltasReached(beats, lastForward, names)]).toEqual([]);
  });

  it('shows the output δ at the error, and nothing more while δ travels back', () => {
    expect(at('error')).toEqual([6]);
    expect(at('backward-travel')).toEqual([6]);
  });

  it('adds each hidden δ at the beat that shows it gathered, back to neuron 1, 2, 3', () => {
    expect(at('sum2:0')).toEqual([4, 6]);
    expect(at('sum2:1')).toEqual([4, 5, 6]);
    expect(at('sum1:0')).toEqual([1, 4, 5, 6]);
    expect(at('sum1:2')).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('keeps every δ through the weight updates', () => {
    expect([...deltasReached(beats, beats.length - 1, names)].sort()).toEqual([1, 2, 3, 4, 5, 6]);
  });
});

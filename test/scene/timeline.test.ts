import { describe, expect, it } from 'vitest';
import { notationFor } from '../../renderer/scene/captions.js';
import { backwardWindow, beatAt, buildTimeline } from '../../renderer/scene/timeline.js';
import { articleTrace, bigTrace } from './helpers.js';

describe('the script of one step', () => {
  const n = notationFor([2, 3, 2, 1]);
  const tl = buildTimeline(n, articleTrace('exact'));
  it('covers the step from 0 to 1 without gaps', () => {
    expect(tl[0].start).toBe(0);
    expect(tl[tl.length - 1].end).toBe(1);
    for (let k = 1; k < tl.length; k++) expect(tl[k].start).toBeCloseTo(tl[k - 1].end, 12);
  });
  it('goes forward, then the error, then backward, then the updates', () => {
    const phases = tl.filter((b) => b.caption).map((b) => b.caption!.phase);
    const order = ['forward', 'error', 'backward', 'update'] as const;
    const firsts = order.map((p) => phases.indexOf(p));
    expect(firsts.every((v, k) => k === 0 || v > firsts[k - 1])).toBe(true);
    expect(phases.lastIndexOf('forward')).toBeLessThan(phases.indexOf('error'));
    expect(phases.lastIndexOf('backward')).toBeLessThan(phases.indexOf('update'));
  });
  it('captions every neuron of the article network, in the article’s order', () => {
    const formulas = tl.filter((b) => b.caption).map((b) => b.caption!.formula.split(' = ')[0]);
    const unique = formulas.filter((f, k) => formulas.indexOf(f) === k);
    expect(unique).toEqual(['y1', 'y2', 'y3', 'y4', 'y5', 'y', 'δ', 'δ4', 'δ5', 'δ1', 'δ2', 'δ3', "w'(x1)1", "w'14", "w'46"]);
  });
  it('ends with a beat that has no caption', () => {
    expect(tl[tl.length - 1].caption).toBeNull();
    expect(beatAt(tl, 1)).toBe(tl.length - 1);
    expect(beatAt(tl, 0)).toBe(0);
  });
  it('staggers error pulses so that sums grow one arrival at a time', () => {
    const a = backwardWindow(0, 2);
    const b = backwardWindow(1, 2);
    expect(b[1]).toBeGreaterThan(a[1]);
    expect(a[0]).toBeGreaterThanOrEqual(0);
    expect(b[1]).toBeLessThanOrEqual(1);
  });
});

describe('the script on a big network', () => {
  it('captions representatives only', () => {
    const sizes = [2, 16, 16, 16, 1];
    const tl = buildTimeline(notationFor(sizes), bigTrace(sizes));
    const captions = tl.filter((b) => b.caption).length;
    // forward: 4 layers × (travel + fill); error; backward: 3 × (travel + sum); update: 4.
    expect(captions).toBe(8 + 1 + 6 + 4);
  });
});

describe('the update caption of the input weights', () => {
  const n = notationFor([2, 3, 2, 1]);
  const inputUpdate = (steps: number) =>
    buildTimeline(n, articleTrace('exact', steps)).find((b) => b.beat.kind === 'update' && b.beat.block === 0)!.caption!.formula;

  it('shows a weight whose input is not zero, so that the weight moves', () => {
    // Step 2 takes the sample x = (0, 1): w(x1)1 would change by "× 0"; w(x2)1 moves.
    expect(inputUpdate(2)).toMatch(/^w'\(x2\)1 = w\(x2\)1 \+ η·δ1·df1\(e\)\/de·x2 = .* × 1 = /);
    // Step 3, x = (1, 0): the first input's weight.
    expect(inputUpdate(3)).toMatch(/^w'\(x1\)1 = /);
  });

  it('falls back to the first input when every input is zero', () => {
    expect(inputUpdate(1)).toMatch(/^w'\(x1\)1 = .* × 0 = /);
  });
});

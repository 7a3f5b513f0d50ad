import { describe, expect, it } from 'vitest';
import {
  backwardCaption,
  captionedNeurons,
  errorCaption,
  forwardCaption,
  notationFor,
  primed,
  products,
  updateCaption,
} from '../../renderer/scene/captions.js';
import { articleTrace } from './helpers.js';

const n = notationFor([2, 3, 2, 1]);

describe('notation of the article', () => {
  it('names neurons 1 … 6 and weights w(x1)1, w14, w46', () => {
    expect(n.number(1, 0)).toBe(1);
    expect(n.number(2, 1)).toBe(5);
    expect(n.number(3, 0)).toBe(6);
    expect(n.weight(0, 0, 0)).toBe('w(x1)1');
    expect(n.weight(0, 2, 1)).toBe('w(x2)3');
    expect(n.weight(1, 0, 0)).toBe('w14');
    expect(n.weight(2, 0, 1)).toBe('w56');
    expect(n.signal(0, 1)).toBe('x2');
    expect(n.signal(2, 0)).toBe('y4');
    expect(n.delta(3, 0)).toBe('δ');
    expect(n.delta(2, 0)).toBe('δ4');
    expect(primed('w46')).toBe("w'46");
    expect(primed('w(x1)1')).toBe("w'(x1)1");
    expect(primed('w[1][2][0]')).toBe("w'[1][2][0]");
  });
  it('uses index names on bigger networks', () => {
    const big = notationFor([2, 16, 16, 1]);
    expect(big.weight(1, 3, 2)).toBe('w[1][3][2]');
    expect(big.number(2, 0)).toBe(17);
    expect(big.delta(3, 0)).toBe('δ');
  });
});

describe('captions of one step, article rule', () => {
  // First sample x = (0, 0), z = 0, with the public vectors' weights.
  const t = articleTrace('article');
  it('forward', () => {
    expect(forwardCaption(n, t, 1, 0)).toEqual({ phase: 'forward', formula: 'y1 = f(w(x1)1·x1 + w(x2)1·x2) = f(0.00) = 0.50' });
    // e5 = 0.45·0.5 + 0.25·0.5 − 0.15·0.5 is 0.27499999999999997 in doubles (as in the shared vectors): 0.27.
    expect(forwardCaption(n, t, 2, 1).formula).toBe('y5 = f(w15·y1 + w25·y2 + w35·y3) = f(0.27) = 0.57');
    expect(forwardCaption(n, t, 3, 0).formula).toBe('y = f(w46·y4 + w56·y5) = f(0.07) = 0.52');
  });
  it('error', () => {
    expect(errorCaption(n, t, 0)).toEqual({ phase: 'error', formula: 'δ = z − y = 0 − 0.52 = −0.52' });
  });
  it('backward, as printed in the article (no derivative)', () => {
    expect(backwardCaption(n, t, 2, 0)).toEqual({ phase: 'backward', formula: 'δ4 = w46·δ = 0.60 × −0.52 = −0.31' });
    expect(backwardCaption(n, t, 1, 1).formula).toBe('δ2 = w24·δ4 + w25·δ5 = −0.50 × −0.31 + 0.25 × 0.21 = 0.21');
  });
  it('update', () => {
    expect(updateCaption(n, t, 2, 0, 0)).toEqual({
      phase: 'update',
      formula: "w'46 = w46 + η·δ·df6(e)/de·y4 = 0.60 + 0.50 × −0.52 × 0.25 × 0.50 = 0.57",
    });
    expect(updateCaption(n, t, 0, 0, 0).formula).toBe("w'(x1)1 = w(x1)1 + η·δ1·df1(e)/de·x1 = 0.15 + 0.50 × 0.03 × 0.25 × 0 = 0.15");
  });
});

describe('captions of one step, exact rule', () => {
  const t = articleTrace('exact');
  it('carries the derivative back', () => {
    expect(backwardCaption(n, t, 2, 0).formula).toBe("δ4 = w46·f6'(e)·δ = 0.60 × 0.25 × −0.52 = −0.08");
  });
  it('subtracts a product whose first factor is negative', () => {
    expect(backwardCaption(n, t, 1, 2).formula).toBe(
      "δ3 = w34·f4'(e)·δ4 + w35·f5'(e)·δ5 = 0.30 × 0.25 × −0.08 − 0.15 × 0.25 × 0.05 = −0.01",
    );
    expect(products([[-0.2, 0.5], [-0.3, 0.1]])).toBe('−0.20 × 0.50 − 0.30 × 0.10');
  });
  it('agrees with the numbers it prints', () => {
    // δ4 = w46·f6'·δ, to the printed precision.
    const k4 = n.neuron(2, 0);
    const k6 = n.neuron(3, 0);
    expect(t.delta[k4]).toBeCloseTo(t.weightsBefore[n.weightIndex(2, 0, 0)] * t.dfde[k6] * t.delta[k6], 12);
  });
});

describe('captions inside a minibatch', () => {
  it('give the step’s own change when the weights did not move by it alone', () => {
    const t = articleTrace('exact', 1, 4);
    expect(t.applied).toBe(false);
    expect(updateCaption(n, t, 2, 0, 0).formula).toMatch(/^Δw46 = η·δ·df6\(e\)\/de·y4 = 0\.50 × −0\.52 × 0\.25 × 0\.50 = −0\.03\d*$/);
  });
});

describe('which neurons get captions of their own', () => {
  it('all of them on the article network', () => {
    expect(captionedNeurons([2, 3, 2, 1], 1)).toEqual([0, 1, 2]);
  });
  it('the output and one per hidden layer on big networks', () => {
    expect(captionedNeurons([2, 16, 16, 1], 1)).toEqual([0]);
    expect(captionedNeurons([2, 16, 16, 1], 3)).toEqual([0]);
  });
  it('shortens long sums', () => {
    const big = notationFor([2, 16, 16, 1]);
    const f = forwardCaption(big, fakeValues(big), 2, 0).formula;
    expect(f).toMatch(/^y17 = f\(w\[1\]\[0\]\[0\]·y1 \+ w\[1\]\[0\]\[1\]·y2 \+ … \+ w\[1\]\[0\]\[15\]·y16\) = f\(/);
    const b = backwardCaption(big, fakeValues(big), 1, 0).formula;
    expect(b).toMatch(/^δ1 = w\[1\]\[0\]\[0\]·f17'\(e\)·δ17 \+ w\[1\]\[1\]\[0\]·f18'\(e\)·δ18 \+ … \+ w\[1\]\[15\]\[0\]·f32'\(e\)·δ32 = /);
  });
});

function fakeValues(big: ReturnType<typeof notationFor>) {
  const neurons = big.neuronOffset[big.sizes.length];
  const weights = big.weightOffset[big.sizes.length - 1];
  const arr = (k: number, v: number) => new Array(k).fill(v);
  return {
    rule: 'exact' as const,
    eta: 0.5,
    x: [0, 1],
    z: [1],
    e: arr(neurons, 0.1),
    y: arr(neurons, 0.5),
    delta: arr(neurons, 0.2),
    dfde: arr(neurons, 0.25),
    weightsBefore: arr(weights, 0.3),
    weightsAfter: arr(weights, 0.31),
    change: arr(weights, 0.01),
    applied: true,
    biasesBefore: arr(neurons, 0),
  };
}

/**
 * The lessons' checks in the core: the same seed draws the same numbers,
 * the answer kept for each check is the one the article's formulas give
 * from the numbers shown (worked out here independently), the value asked
 * for never travels in the prompt, and lessons open in order.
 */
import { describe, expect, it } from 'vitest';
import {
  LESSON_IDS,
  NUMBER_LESSONS,
  type NumberPrompt,
  drawNumberCheck,
  gradeNumber,
  nextLesson,
  openLessons,
  readSlope,
  rulesCase,
  runTrial,
} from '../../core/lessons/index.js';

const f = (e: number) => 1 / (1 + Math.exp(-e));

function byHand(p: NumberPrompt): number {
  const g = Object.fromEntries(p.given.map((v) => [v.name, v.value]));
  switch (p.lesson) {
    case 'neuron':
      return f(g['w(x1)1'] * g.x1 + g['w(x2)1'] * g.x2);
    case 'data':
      return Number(g.x1 !== g.x2);
    case 'forward':
      return f(g.w14 * g.y1 + g.w24 * g.y2 + g.w34 * g.y3);
    case 'error':
      return g.z - g.y;
    case 'backward':
      return g.w14 * g.w46 * g['δ'] + g.w15 * g.w56 * g['δ'];
    case 'update':
      return g.w46 + g['η'] * g['δ'] * g.y6 * (1 - g.y6) * g.y4;
    default:
      throw new Error(p.lesson);
  }
}

describe('number checks', () => {
  it('draw the same numbers for the same seed, and others for another', () => {
    for (const lesson of NUMBER_LESSONS) {
      expect(drawNumberCheck(lesson, 7)).toEqual(drawNumberCheck(lesson, 7));
      if (lesson !== 'data') expect(drawNumberCheck(lesson, 7).prompt.given).not.toEqual(drawNumberCheck(lesson, 8).prompt.given);
    }
  });

  it('are drawn for every seed the host may pick (no draw that can never end)', () => {
    // The host picks a room's seed at random; inputs of 0 and 0.1 once made lesson 1's draw loop for ever.
    for (const lesson of NUMBER_LESSONS) {
      for (let seed = 0; seed < 3000; seed++) expect(drawNumberCheck(lesson, seed).key.answer).toSatisfy(Number.isFinite);
    }
  });

  it('keep the answer the formulas give from the numbers shown, and mark it right; far off is wrong', () => {
    for (const lesson of NUMBER_LESSONS) {
      for (let seed = 0; seed < 40; seed++) {
        const { prompt, key } = drawNumberCheck(lesson, seed);
        const answer = byHand(prompt);
        expect(Math.abs(key.answer - answer), `${lesson} ${seed}`).toBeLessThan(1e-9);
        expect(gradeNumber(key, answer).correct).toBe(true);
        expect(gradeNumber(key, answer + prompt.tolerance * 0.9).correct).toBe(true);
        expect(gradeNumber(key, answer + prompt.tolerance * 3).correct).toBe(false);
        // Every number shown has at most two decimals.
        for (const g of prompt.given) expect(Math.abs(g.value * 100 - Math.round(g.value * 100)), g.name).toBeLessThan(1e-9);
      }
    }
  });

  it('never put the asked value in the picture: it is "?" (null) there', () => {
    const at = { neuron: 2, forward: 5, backward: 2 } as const;
    for (const [lesson, k] of Object.entries(at) as [keyof typeof at, number][]) {
      const { prompt } = drawNumberCheck(lesson, 3);
      const pic = prompt.picture;
      if (lesson === 'backward') expect(pic.delta[k]).toBeNull();
      else expect(pic.y[k]).toBeNull();
    }
    expect(drawNumberCheck('error', 3).prompt.picture.delta[7]).toBeNull();
    expect(drawNumberCheck('data', 3).prompt.picture.z).toEqual([null]);
  });

  it('the update check cannot be passed by typing the old weight', () => {
    for (let seed = 0; seed < 40; seed++) {
      const { prompt, key } = drawNumberCheck('update', seed);
      const w46 = prompt.given.find((g) => g.name === 'w46')!.value;
      expect(gradeNumber(key, w46).correct).toBe(false);
    }
  });
});

describe('the lesson path', () => {
  it('opens the first lesson, then each one after a finished one', () => {
    expect([...openLessons(new Set())]).toEqual(['neuron']);
    expect([...openLessons(new Set(['neuron', 'data']))]).toEqual(['neuron', 'data', 'forward']);
    expect(openLessons(new Set(LESSON_IDS)).size).toBe(9);
    expect(nextLesson('neuron')).toBe('data');
    expect(nextLesson('xor')).toBeNull();
  });
});

describe('training runs and slopes', () => {
  it('are the same run for the same seed and schedule', () => {
    const spec = { seed: 23, target: 0.03, budget: 1500, rule: 'exact' as const };
    expect(runTrial(spec, { kind: 'constant', eta: 2 })).toEqual(runTrial(spec, { kind: 'constant', eta: 2 }));
  });

  it('measure a slope that the exact rule follows on every weight, and the article\'s rule only on the last layer\'s', () => {
    const { net, x, z } = rulesCase(3);
    for (let k = 0; k < net.weightCount; k++) {
      const r = readSlope(net, x, z, k);
      expect(Math.abs(r.measured - r.exact), `weight ${k}`).toBeLessThan(1e-7);
      if (k >= 12) expect(r.article).toBeCloseTo(r.exact, 12);
    }
  });
});

/** Share codes: every level and custom challenges round-trip; typos and cut-short codes are refused. */
import { describe, expect, it } from 'vitest';
import { CODE_ALPHABET, type CustomChallenge, LEVELS, customCode, customLevel, decodeCode, levelCode, starsFor } from '../../core/index.js';

const custom: CustomChallenge = {
  network: { hidden: [8, 4], activation: 'tanh', outputActivation: 'sigmoid', bias: true, rule: 'exact', batch: 4 },
  dataset: { kind: 'circles', count: 200, noise: 0.15, testShare: 0.2, seed: 123456 },
  seed: 4_000_000_000,
  eta: 0.35,
  etaFixed: false,
  target: { error: 0.012, on: 'test' },
  budget: 5000,
};

describe('share codes', () => {
  it('open every level of the game as the same level, and stay short', () => {
    LEVELS.forEach((level, k) => {
      const code = levelCode(k);
      expect(code.replace(/-/g, '').length).toBeLessThanOrEqual(6);
      const back = decodeCode(code);
      expect(back).toMatchObject({ ok: true, builtIn: true });
      if (back.ok) expect(back.level).toEqual(level);
    });
  });

  it('use no look-alike characters', () => {
    for (const c of '01OIL') expect(CODE_ALPHABET).not.toContain(c);
    for (let k = 0; k < LEVELS.length; k++) expect(levelCode(k)).toMatch(/^[2-9A-HJKMNP-Z-]+$/);
  });

  it('carry a custom challenge whole: network, data, seed, η, target, budget, rules', () => {
    const code = customCode(custom);
    const back = decodeCode(code);
    expect(back.ok).toBe(true);
    if (!back.ok) return;
    expect(back.builtIn).toBe(false);
    expect(back.level).toEqual(customLevel(custom));
    expect(back.level.network).toEqual(custom.network);
    expect(back.level.dataset).toEqual(custom.dataset);
    expect(back.level.seed).toBe(custom.seed);
    expect(back.level.schedule).toEqual({ kind: 'constant', eta: 0.35 });
    expect(back.level.target).toEqual(custom.target);
    expect(back.level.budget).toBe(5000);
    const fixed = decodeCode(customCode({ ...custom, etaFixed: true, eta: 0.0001, target: { error: 2.5, on: 'train' } }));
    expect(fixed.ok && fixed.level.rules.eta).toEqual({ kind: 'fixed' });
    expect(fixed.ok && fixed.level.schedule).toEqual({ kind: 'constant', eta: 0.0001 });
    expect(fixed.ok && fixed.level.target.error).toBe(2.5);
  });

  it('read the same with lower case, spaces and without dashes', () => {
    const code = levelCode(3);
    expect(decodeCode(` ${code.toLowerCase().replace(/-/g, ' ')} `)).toMatchObject({ ok: true });
  });

  it('refuse every single-character typo and every swap of neighbours', () => {
    const codes = [levelCode(1), customCode(custom)];
    for (const code of codes) {
      const chars = code.replace(/-/g, '').split('');
      for (let k = 0; k < chars.length; k++) {
        for (const c of CODE_ALPHABET) {
          if (c === chars[k]) continue;
          const typo = [...chars];
          typo[k] = c;
          expect(decodeCode(typo.join('')).ok, typo.join('')).toBe(false);
        }
        if (k + 1 < chars.length && chars[k] !== chars[k + 1]) {
          const swap = [...chars];
          [swap[k], swap[k + 1]] = [swap[k + 1], swap[k]];
          expect(decodeCode(swap.join('')).ok).toBe(false);
        }
      }
    }
  });

  it('refuse garbled, truncated and empty codes with a reason', () => {
    expect(decodeCode('')).toEqual({ ok: false, problem: 'empty' });
    expect(decodeCode('HELLO-WORLD!')).toEqual({ ok: false, problem: 'characters' });
    expect(decodeCode('0OIL')).toEqual({ ok: false, problem: 'characters' });
    const long = customCode(custom).replace(/-/g, '');
    for (let cut = 1; cut < long.length; cut++) expect(decodeCode(long.slice(0, cut)).ok).toBe(false);
    expect(decodeCode(levelCode(999))).toEqual({ ok: false, problem: 'unknown-level' });
  });
});

describe('stars', () => {
  it('give three, two or one by steps, and by error for levels without training', () => {
    const bySteps = { by: 'steps', three: 100, two: 200 } as const;
    expect(starsFor(bySteps, { steps: 100, error: 0 })).toBe(3);
    expect(starsFor(bySteps, { steps: 101, error: 0 })).toBe(2);
    expect(starsFor(bySteps, { steps: 200, error: 0 })).toBe(2);
    expect(starsFor(bySteps, { steps: 201, error: 0 })).toBe(1);
    const byError = { by: 'error', three: 0.05, two: 0.08 } as const;
    expect(starsFor(byError, { steps: 0, error: 0.04 })).toBe(3);
    expect(starsFor(byError, { steps: 0, error: 0.07 })).toBe(2);
    expect(starsFor(byError, { steps: 0, error: 0.09 })).toBe(1);
  });
});

/**
 * The race's rules in core: join codes, nicknames, the ranking and the
 * results file. Property-based where a rule is about every input.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRandom } from '../../core/random.js';
import {
  JOIN_CODE_ALPHABET,
  NICKNAME_MAX,
  type Standing,
  checkNickname,
  compareStandings,
  generateJoinCode,
  nicknameKey,
  normalizeJoinCode,
  rankStandings,
  resultsCsv,
} from '../../core/race/index.js';

describe('join codes', () => {
  it('never use characters that read like others', () => {
    for (const ch of '0O1IL2Z5S8BDQJUV6G') expect(JOIN_CODE_ALPHABET).not.toContain(ch);
    expect(new Set(JOIN_CODE_ALPHABET).size).toBe(JOIN_CODE_ALPHABET.length);
  });

  it('are 4–6 characters of the alphabet, and read back however they are typed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 4, max: 6 }), fc.integer(), (length, seed) => {
        const rng = createRandom(seed >>> 0);
        const code = generateJoinCode(() => rng.next(), length);
        expect(code).toHaveLength(length);
        expect([...code].every((c) => JOIN_CODE_ALPHABET.includes(c))).toBe(true);
        expect(normalizeJoinCode(` ${code.toLowerCase().slice(0, 2)}-${code.slice(2)} `)).toBe(code);
      }),
    );
  });

  it('refuse what cannot be a code', () => {
    expect(normalizeJoinCode('AC')).toBeNull();
    expect(normalizeJoinCode('ACEFHKM')).toBeNull();
    expect(normalizeJoinCode('AC0EF')).toBeNull();
    expect(normalizeJoinCode('<b>x</b>')).toBeNull();
  });
});

describe('nicknames', () => {
  it('are trimmed, single-spaced, and unique regardless of case and width', () => {
    const first = checkNickname('  Ada   Lovelace ', new Set());
    expect(first).toEqual({ ok: true, nickname: 'Ada Lovelace', key: 'ada lovelace' });
    expect(checkNickname('ＡＤＡ lovelace', new Set(['ada lovelace']))).toEqual({ ok: false, problem: 'taken' });
    expect(checkNickname('さくら', new Set()).ok).toBe(true);
    expect(checkNickname("O'Neil-2_b.", new Set()).ok).toBe(true);
  });

  it('refuse markup, control characters, and names too long or empty', () => {
    expect(checkNickname('<b>me</b>', new Set())).toEqual({ ok: false, problem: 'characters' });
    expect(checkNickname('a\u0000b', new Set())).toEqual({ ok: false, problem: 'characters' });
    expect(checkNickname('   ', new Set())).toEqual({ ok: false, problem: 'empty' });
    expect(checkNickname('x'.repeat(NICKNAME_MAX + 1), new Set())).toEqual({ ok: false, problem: 'tooLong' });
  });

  it('that pass hold no markup characters, fit the length, and are their own trimmed form', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30, unit: 'binary' }), (typed) => {
        const c = checkNickname(typed, new Set());
        if (!c.ok) return;
        expect(c.nickname).not.toMatch(/[<>&"`=\\/\p{C}]/u);
        expect([...c.nickname].length).toBeLessThanOrEqual(NICKNAME_MAX);
        expect(c.nickname).toBe(c.nickname.trim());
        expect(checkNickname(c.nickname, new Set([nicknameKey(c.nickname)]))).toEqual({ ok: false, problem: 'taken' });
      }),
    );
  });
});

const standing = fc.record({
  id: fc.string({ minLength: 1, maxLength: 4 }),
  reachedSteps: fc.option(fc.integer({ min: 0, max: 50 }), { nil: null }),
  reachedMs: fc.integer({ min: 0, max: 5 }),
  error: fc.option(fc.constantFrom(0.001, 0.01, 0.1, 0.2), { nil: null }),
}).map((s): Standing => ({ ...s, reachedMs: s.reachedSteps === null ? null : s.reachedMs }));

describe('ranking', () => {
  it('puts reached before not, then fewest steps, then earliest; the rest by lowest error', () => {
    const ranked = rankStandings<Standing>([
      { id: 'slow', reachedSteps: 300, reachedMs: 1000, error: 0.001 },
      { id: 'close', reachedSteps: null, reachedMs: null, error: 0.02 },
      { id: 'fast', reachedSteps: 200, reachedMs: 9000, error: 0.009 },
      { id: 'diverged', reachedSteps: null, reachedMs: null, error: null },
      { id: 'early', reachedSteps: 200, reachedMs: 5000, error: 0.005 },
      { id: 'far', reachedSteps: null, reachedMs: null, error: 0.2 },
    ]);
    expect(ranked.map((r) => r.standing.id)).toEqual(['early', 'fast', 'slow', 'close', 'far', 'diverged']);
    expect(ranked.map((r) => r.place)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('gives ties the same place and skips the places they share', () => {
    const ranked = rankStandings<Standing>([
      { id: 'a', reachedSteps: 100, reachedMs: 10, error: 0.001 },
      { id: 'b', reachedSteps: 100, reachedMs: 10, error: 0.002 },
      { id: 'c', reachedSteps: null, reachedMs: null, error: 0.1 },
      { id: 'd', reachedSteps: null, reachedMs: null, error: 0.1 },
      { id: 'e', reachedSteps: null, reachedMs: null, error: 0.3 },
    ]);
    expect(ranked.map((r) => [r.standing.id, r.place])).toEqual([['a', 1], ['b', 1], ['c', 3], ['d', 3], ['e', 5]]);
  });

  it('orders any field consistently: places rise, and nobody ranks above someone who beats them', () => {
    fc.assert(
      fc.property(fc.array(standing, { maxLength: 30 }), (list) => {
        const ranked = rankStandings(list);
        expect(ranked).toHaveLength(list.length);
        for (let k = 1; k < ranked.length; k++) {
          const a = ranked[k - 1];
          const b = ranked[k];
          expect(compareStandings(a.standing, b.standing)).toBeLessThanOrEqual(0);
          expect(b.place).toBe(compareStandings(a.standing, b.standing) === 0 ? a.place : k + 1);
        }
        // Shuffling the input changes nobody's place.
        const again = rankStandings([...list].reverse());
        const placeOf = (r: typeof ranked) => r.map((x) => x.place).join();
        expect(placeOf(again)).toBe(placeOf(ranked));
      }),
    );
  });
});

describe('results CSV', () => {
  it('quotes what must be quoted and keeps formulas from running', () => {
    const csv = resultsCsv([
      { place: 1, nickname: 'Ada, Countess', reached: true, steps: 1200, error: 0.0093, seconds: 12.34, eta: 1.5, schedule: { kind: 'constant', eta: 1.5 } },
      { place: 2, nickname: '-1+1', reached: false, steps: 8000, error: null, seconds: 180, eta: 0.5, schedule: { kind: 'decay', start: 2, end: 0.1, halfLife: 500 } },
    ]);
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('place,nickname,reached,steps,final error,time (s),η,schedule');
    expect(lines[1]).toBe('1,"Ada, Countess",yes,1200,0.0093,12.3,1.5,constant 1.5');
    expect(lines[2]).toBe("2,'-1+1,no,8000,diverged,180.0,0.5,\"decay 2→0.1, half-life 500\"");
    expect(lines[3]).toBe('');
  });
});

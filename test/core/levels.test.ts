/**
 * Every level is solvable, and the proof is here: each level's scripted
 * solution (the intents a player would send) runs through the challenge
 * session — the host's rules and judge on the real core — and wins within
 * the budget. And after level 1, a level's own settings do not win.
 */
import { describe, expect, it } from 'vitest';
import { ChallengeSession } from '../../app/host/challenge-session.js';
import { type CheckedIntent, LEVELS, type Level, checkIntent, levelById, levelSchema } from '../../core/index.js';

type Move = [type: string, body: unknown];

/** Sends the moves, then plays until the attempt is decided (at most the budget). */
function play(level: Level, moves: Move[]): ChallengeSession {
  const s = new ChallengeSession(level);
  for (const [type, body] of moves) {
    const checked = checkIntent(type, body);
    if (!checked.ok) throw new Error(checked.reason);
    const outcome = s.apply(checked.intent as CheckedIntent);
    if (outcome.kind === 'refused') throw new Error(outcome.reason);
  }
  if (level.rules.training && !s.outcome) {
    s.apply({ type: 'setSpeed', body: { stepsPerSecond: 20_000 } });
    s.apply({ type: 'play', body: {} });
    for (let k = 0; k < 1000 && !s.outcome; k++) s.tick(0.1);
  }
  return s;
}

const eta = (v: number): Move => ['setEta', { eta: v }];
const schedule = (s: unknown): Move => ['setSchedule', { schedule: s }];

/** The by-hand level's weights, in the order of network.ts (w(x1)1 … w56). */
const HAND = [10, -6, 10, 10, 10, -10, -10, 3, 8, 10, -2, 10, 2, -2];
const handMoves: Move[] = (() => {
  const refs: [number, number, number][] = [];
  const sizes = [2, 3, 2, 1];
  for (let l = 0; l < 3; l++) for (let j = 0; j < sizes[l + 1]; j++) for (let i = 0; i < sizes[l]; i++) refs.push([l, j, i]);
  return refs.map(([layer, to, from], k) => ['setWeight', { layer, to, from, value: HAND[k] }] as Move);
})();

const SOLUTIONS: Record<string, Move[]> = {
  'first-steps': [],
  'choose-eta': [eta(2)],
  'too-large': [eta(0.5)],
  decay: [schedule({ kind: 'decay', start: 4, end: 1, halfLife: 300 })],
  warmup: [schedule({ kind: 'warmup', start: 0.05, peak: 2, end: 0.3, rise: 400, hold: 0, settle: 600 })],
  'by-hand': handMoves,
  'xor-cloud': [eta(1)],
  'article-rule': [['configure', { rule: 'exact' }], eta(2)],
  circles: [eta(1)],
  'test-error': [eta(1)],
  'against-the-clock': [schedule({ kind: 'decay', start: 4, end: 1, halfLife: 300 })],
  'deep-circles': [eta(3)],
};

describe('the levels', () => {
  it('are at least twelve, each valid and named once', () => {
    expect(LEVELS.length).toBeGreaterThanOrEqual(12);
    expect(new Set(LEVELS.map((l) => l.id)).size).toBe(LEVELS.length);
    for (const l of LEVELS) expect(levelSchema.safeParse(l).success).toBe(true);
  });

  it('have a title, goal and hint in English and Japanese, and the Japanese is Japanese', () => {
    for (const l of LEVELS) {
      for (const lang of ['en', 'ja'] as const) {
        expect(l.text[lang].title.length, `${l.id} ${lang}`).toBeGreaterThan(0);
        expect(l.text[lang].goal.length, `${l.id} ${lang}`).toBeGreaterThan(0);
        expect(l.text[lang].hint.length, `${l.id} ${lang}`).toBeGreaterThan(0);
      }
      expect(l.text.ja.goal).toMatch(/[\u3040-\u30ff\u4e00-\u9faf]/);
      expect(l.text.ja.goal).not.toBe(l.text.en.goal);
    }
  });

  it('refuses a level that allows neither training nor hand edits', () => {
    const l = levelById('first-steps')!;
    const bad = { ...l, rules: { ...l.rules, training: false, handEdits: false } };
    expect(levelSchema.safeParse(bad).success).toBe(false);
  });

  for (const level of LEVELS) {
    it(`${level.id}: the scripted solution reaches the target within the budget`, () => {
      const moves = SOLUTIONS[level.id];
      expect(moves, `a solution for ${level.id}`).toBeDefined();
      const s = play(level, moves);
      expect(s.outcome?.kind, JSON.stringify(s.outcome)).toBe('won');
      if (s.outcome?.kind !== 'won') return;
      expect(s.outcome.steps).toBeLessThanOrEqual(level.budget);
      expect(s.outcome.error).toBeLessThanOrEqual(level.target.error);
      expect(s.stepsUsed).toBe(s.outcome.steps);
    });
  }

  for (const level of LEVELS.slice(1)) {
    it(`${level.id}: the level's own settings do not already win`, () => {
      const s = play(level, []);
      expect(s.outcome?.kind).not.toBe('won');
    });
  }

  it('first-steps is won by pressing Play with the defaults, with three stars', () => {
    const s = play(LEVELS[0], []);
    expect(s.outcome).toMatchObject({ kind: 'won', stars: 3 });
  });
});

/**
 * The lessons' words: every key in one language is in the other, no text
 * is empty or left in English in the Japanese dictionary, every lesson has
 * its title and pages in both, and every hint the host can send has words.
 */
import { describe, expect, it } from 'vitest';
import { LESSON_IDS, NUMBER_LESSONS, drawNumberCheck, rulesCheck } from '../../core/lessons/index.js';
import { en, ja } from '../../renderer/i18n/lessons.js';
import { LESSON_PAGES } from '../../renderer/ui/lesson-pages.js';

describe('lesson dictionaries', () => {
  it('have the same keys in English and Japanese', () => {
    const enKeys = Object.keys(en).sort();
    const jaKeys = Object.keys(ja).sort();
    expect(jaKeys.filter((k) => !(k in en))).toEqual([]);
    expect(enKeys.filter((k) => !(k in ja))).toEqual([]);
  });

  it('have no empty text, and the Japanese prose is Japanese', () => {
    for (const [k, v] of Object.entries(en)) expect(v.trim(), k).not.toBe('');
    for (const k of Object.keys(ja) as (keyof typeof en)[]) {
      expect(ja[k].trim(), k).not.toBe('');
      // Texts that are only notation (x1, E(w − h) = …) may be the same; any with English words must not be.
      if (/[A-Za-z]{4,}/.test(en[k].replace(/\{\w+\}/g, ''))) expect(ja[k], k).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
    }
  });

  it('keep the same placeholders in both languages', () => {
    const holes = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const k of Object.keys(en) as (keyof typeof en)[]) expect(holes(ja[k]), k).toEqual(holes(en[k]));
  });

  it('give every lesson a title, a check question and pages that exist in both', () => {
    for (const id of LESSON_IDS) {
      const l = LESSON_PAGES[id];
      for (const key of [l.title, l.check, ...l.pages.map((p) => p.body)]) {
        expect(en[key], key).toBeTruthy();
        expect(ja[key], key).toBeTruthy();
      }
    }
  });

  it('have words for every hint the host can send', () => {
    const keys = new Set<string>();
    for (const lesson of NUMBER_LESSONS) {
      for (let seed = 0; seed < 5; seed++) {
        const { key } = drawNumberCheck(lesson, seed);
        keys.add(key.hint.key);
        for (const m of key.mistakes) keys.add(m.hint.key);
      }
    }
    for (const h of Object.values(rulesCheck().key.hints)) keys.add(h.key);
    for (const k of ['hint.trial.diverged', 'hint.trial.rule', 'hint.trial.stuck', 'hint.trial.slow']) keys.add(k);
    for (const k of keys) {
      expect(k in en, k).toBe(true);
      expect(k in ja, k).toBe(true);
    }
  });
});

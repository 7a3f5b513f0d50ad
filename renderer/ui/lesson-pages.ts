/**
 * What each lesson shows before its check: its pages, in order. A page is
 * a paragraph (by key, in renderer/i18n/lessons.ts), the formula it is
 * about in the article's notation, the parts of the picture it lights, and
 * the tool the player uses on it, if any. Content only; the lessons screen
 * (lessons.ts) lays it out.
 */
import type { LessonId } from '../../core/lessons/catalog.js';
import { type HighlightPart, part } from '../../core/lessons/highlight.js';
import type { LessonKey } from '../i18n/lessons.js';

/**
 * step     phase stepping of one training step on the picture
 * stepEta  the same, with the step's η to set
 * pair     the same on two pictures, one per rule (lesson "rules")
 */
export type LessonTool = 'neuron' | 'samples' | 'step' | 'stepEta' | 'pair' | 'nudge';

export interface LessonPage {
  readonly body: LessonKey;
  readonly formula?: string;
  readonly highlight: HighlightPart[];
  readonly tool?: LessonTool;
}

const forwardEdges = (to: number, from: number[]) => from.map((n) => part.edge(n, to));

/** What the check of each lesson is about in the picture, lit while the player works it out. */
export const CHECK_PARTS: Record<LessonId, HighlightPart[]> = {
  neuron: [part.input(1), part.input(2), part.edge('x1', 1), part.edge('x2', 1), part.neuron(1)],
  data: [part.input(1), part.input(2), part.card()],
  forward: [part.f(1), part.f(2), part.f(3), ...[1, 2, 3].map((n) => part.edge(n, 4)), part.neuron(4)],
  error: [part.card(), part.delta(6)],
  backward: [part.delta(6), part.edge(4, 6), part.edge(5, 6), part.delta(4), part.delta(5), part.edge(1, 4), part.edge(1, 5), part.delta(1)],
  update: [part.edge(4, 6), part.f(4), part.f(6), part.delta(6)],
  eta: [],
  rules: [],
  xor: [],
};

export const LESSON_PAGES: Record<LessonId, { title: LessonKey; check: LessonKey; pages: LessonPage[] }> = {
  neuron: {
    title: 'l.neuron.title',
    check: 'l.neuron.check',
    pages: [
      {
        body: 'l.neuron.p1',
        formula: 'e1 = w(x1)1·x1 + w(x2)1·x2',
        highlight: [part.input(1), part.input(2), part.edge('x1', 1), part.edge('x2', 1), part.sum(1)],
      },
      { body: 'l.neuron.p2', formula: 'y1 = f(e1) = 1 / (1 + e^(−e1))', highlight: [part.f(1), part.term('y1')] },
      {
        body: 'l.neuron.p3',
        formula: 'y1 = f(w(x1)1·x1 + w(x2)1·x2)',
        highlight: [part.input(1), part.input(2), part.edge('x1', 1), part.edge('x2', 1), part.neuron(1)],
        tool: 'neuron',
      },
    ],
  },
  data: {
    title: 'l.data.title',
    check: 'l.data.check',
    pages: [
      { body: 'l.data.p1', formula: '(x1, x2, z)', highlight: [part.input(1), part.input(2), part.card()] },
      { body: 'l.data.p2', formula: 'z = 1 ⇔ x1 ≠ x2', highlight: [part.input(1), part.input(2), part.card()], tool: 'samples' },
    ],
  },
  forward: {
    title: 'l.forward.title',
    check: 'l.forward.check',
    pages: [
      {
        body: 'l.forward.p1',
        formula: 'y1 = f1(w(x1)1·x1 + w(x2)1·x2)',
        highlight: [part.input(1), part.input(2), part.neuron(1), part.neuron(2), part.neuron(3), part.edge('x1', 1), part.edge('x2', 1)],
      },
      {
        body: 'l.forward.p2',
        formula: 'y4 = f4(w14·y1 + w24·y2 + w34·y3)',
        highlight: [part.f(1), part.f(2), part.f(3), ...forwardEdges(4, [1, 2, 3]), part.neuron(4)],
      },
      { body: 'l.forward.p3', formula: 'y = y6 = f6(w46·y4 + w56·y5)', highlight: [], tool: 'step' },
    ],
  },
  error: {
    title: 'l.error.title',
    check: 'l.error.check',
    pages: [
      { body: 'l.error.p1', formula: 'δ = z − y', highlight: [part.f(6), part.card()] },
      { body: 'l.error.p2', formula: 'δ = z − y', highlight: [part.card(), part.term('δ')], tool: 'step' },
    ],
  },
  backward: {
    title: 'l.backward.title',
    check: 'l.backward.check',
    pages: [
      {
        body: 'l.backward.p1',
        formula: 'δ4 = w46·δ    δ5 = w56·δ',
        highlight: [part.delta(6), part.edge(4, 6), part.edge(5, 6), part.delta(4), part.delta(5)],
      },
      {
        body: 'l.backward.p2',
        formula: 'δ1 = w14·δ4 + w15·δ5',
        highlight: [part.delta(4), part.delta(5), part.edge(1, 4), part.edge(1, 5), part.delta(1)],
      },
      { body: 'l.backward.p3', formula: 'δ1 = w14·δ4 + w15·δ5', highlight: [], tool: 'step' },
    ],
  },
  update: {
    title: 'l.update.title',
    check: 'l.update.check',
    pages: [
      {
        body: 'l.update.p1',
        formula: 'w’46 = w46 + η·δ·df6(e)/de·y4',
        highlight: [part.edge(4, 6), part.delta(6), part.f(6), part.f(4)],
      },
      { body: 'l.update.p2', formula: 'df6(e)/de = y6·(1 − y6)', highlight: [part.f(6)] },
      { body: 'l.update.p3', formula: 'w’14 = w14 + η·δ4·df4(e)/de·y1', highlight: [], tool: 'step' },
    ],
  },
  eta: {
    title: 'l.eta.title',
    check: 'l.eta.check',
    pages: [
      { body: 'l.eta.p1', formula: 'w’ = w + η·δ·df(e)/de·input', highlight: [part.term('η')] },
      { body: 'l.eta.p2', formula: 'η: large → small  ·  small → large → small', highlight: [] },
      { body: 'l.eta.p3', formula: 'w’ − w = η·δ·df(e)/de·input', highlight: [], tool: 'stepEta' },
    ],
  },
  rules: {
    title: 'l.rules.title',
    check: 'l.rules.check',
    pages: [
      {
        body: 'l.rules.p1',
        formula: 'δ4 = w46·δ    δ4 = w46·df6(e)/de·δ',
        highlight: [part.f(6), part.edge(4, 6), part.delta(4)],
      },
      { body: 'l.rules.pair', formula: 'δ4 = w46·δ    δ4 = w46·df6(e)/de·δ', highlight: [], tool: 'pair' },
      { body: 'l.rules.p2', formula: 'dE/dw ≈ (E(w + h) − E(w − h)) / 2h', highlight: [], tool: 'nudge' },
    ],
  },
  xor: {
    title: 'l.xor.title',
    check: 'l.xor.check',
    pages: [{ body: 'l.xor.p1', formula: 'E = ½·(z − y)²', highlight: [], tool: 'step' }],
  },
};

/** The weights lesson "rules" lets the player nudge, by name (layer, to, from as in core/protocol.ts). */
export const NUDGE_WEIGHTS = [
  { name: 'w(x1)1', layer: 0, to: 0, from: 0 },
  { name: 'w14', layer: 1, to: 0, from: 0 },
  { name: 'w25', layer: 1, to: 1, from: 1 },
  { name: 'w46', layer: 2, to: 0, from: 0 },
] as const;

/** Splits a formula into its terms in the article's notation, so each can be lit. */
export function formulaTerms(formula: string): { text: string; term: string | null }[] {
  const out: { text: string; term: string | null }[] = [];
  const re = /w\(x\d\)\d|w[’']?\d\d|df\d?\(e\)\/de|[yexf]\d|δ\d?|η|\bz\b|\by\b/g;
  let last = 0;
  for (const m of formula.matchAll(re)) {
    if (m.index! > last) out.push({ text: formula.slice(last, m.index), term: null });
    out.push({ text: m[0], term: m[0].replace('’', "'") });
    last = m.index! + m[0].length;
  }
  if (last < formula.length) out.push({ text: formula.slice(last), term: null });
  return out;
}

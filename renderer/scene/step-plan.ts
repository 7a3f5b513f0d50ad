/**
 * The plan of one slow-motion step (part of the beat player): made once
 * when a step starts, from its trace and the timeline's beats, so that the
 * painter (step-painter.ts) only looks things up frame after frame. It says
 * which beat moves signals into each layer, fills each neuron, sends δ
 * back and updates each block of weights; what each weight carries back
 * (w·δ under the article's rule, w·f'(e)·δ under the exact one); and, in
 * dense blocks, which weights' pulses are drawn. Pure: no DOM, no Pixi.
 */
import type { StepTraceMessage } from '../../core/protocol.js';
import type { Notation } from './captions.js';
import { type TimedBeat, buildTimeline } from './timeline.js';

export interface StepPlan {
  timeline: TimedBeat[];
  /** Per layer: the beat whose signals travel into it (−1: none). */
  fwdTravel: number[];
  /** Per layer and neuron: the beat that fills its e and y (−1: none). */
  fillBeat: number[][];
  /** Per layer: from the start of its first fill beat to the end of its last, as fractions of the step. */
  fillSpan: [number, number][];
  /** The output error's beats, as fractions of the step. */
  errorSpan: [number, number];
  /** Per layer: the beat whose errors travel back into it (−1: none). */
  bwdTravel: number[];
  /** Per layer and neuron: the beat that shows its gathered δ (−1: none). */
  sumBeat: number[][];
  sumSpan: [number, number][];
  /** Per block of weights: the beat that updates it (−1: none). */
  update: number[];
  /** The closing beat. */
  settle: number;
  /** Per weight: what it carries back, w·δ (article) or w·f'(e)·δ (exact). */
  contribution: Float64Array;
  /** Per block: the largest |contribution| and |w·y|. */
  maxBack: number[];
  maxForward: number[];
  /** Per weight: whether a forward dot / an error pulse travels on it (dense blocks show their strongest only). */
  dotOn: Uint8Array;
  dartOn: Uint8Array;
}

/** At most this many dots (and error pulses) travel a block of weights at once. */
export const PULSES_PER_BLOCK = 40;

export function planStep(trace: StepTraceMessage, names: Notation): StepPlan {
  const timeline = buildTimeline(names, trace);
  const sizes = names.sizes;
  const L = sizes.length;
  const fwdTravel: number[] = new Array(L).fill(-1);
  const fillBeat: number[][] = sizes.map((n) => new Array(n).fill(-1));
  const fillSpan: [number, number][] = sizes.map(() => [2, -1] as [number, number]);
  const bwdTravel: number[] = new Array(L).fill(-1);
  const sumBeat: number[][] = sizes.map((n) => new Array(n).fill(-1));
  const sumSpan: [number, number][] = sizes.map(() => [2, -1] as [number, number]);
  const update: number[] = new Array(L).fill(-1);
  let errorSpan: [number, number] = [2, -1];
  let settle = timeline.length - 1;
  timeline.forEach((tb, idx) => {
    const b = tb.beat;
    switch (b.kind) {
      case 'forward-travel':
        fwdTravel[b.layer] = idx;
        break;
      case 'forward-fill':
        for (const j of b.neurons) fillBeat[b.layer][j] = idx;
        widen(fillSpan[b.layer], tb);
        break;
      case 'error':
        errorSpan = [Math.min(errorSpan[0], tb.start), Math.max(errorSpan[1], tb.end)];
        break;
      case 'backward-travel':
        bwdTravel[b.layer] = idx;
        break;
      case 'backward-sum':
        for (const i of b.neurons) sumBeat[b.layer][i] = idx;
        widen(sumSpan[b.layer], tb);
        break;
      case 'update':
        update[b.block] = idx;
        break;
      case 'settle':
        settle = idx;
        break;
    }
  });
  const exact = trace.rule === 'exact';
  const contribution = new Float64Array(trace.weightsBefore.length);
  const maxBack: number[] = [];
  const maxForward: number[] = [];
  const dotOn = new Uint8Array(trace.weightsBefore.length);
  const dartOn = new Uint8Array(trace.weightsBefore.length);
  for (let l = 0; l < L - 1; l++) {
    let mb = 1e-12;
    let mf = 1e-12;
    const carried: number[] = [];
    for (let j = 0; j < sizes[l + 1]; j++) {
      const kj = names.neuron(l + 1, j);
      const back = exact ? trace.dfde[kj] * trace.delta[kj] : trace.delta[kj];
      for (let i = 0; i < sizes[l]; i++) {
        const k = names.weightIndex(l, j, i);
        const c = trace.weightsBefore[k] * back;
        contribution[k] = c;
        mb = Math.max(mb, Math.abs(c));
        const f = Math.abs(trace.weightsBefore[k] * trace.y[names.neuron(l, i)]);
        carried[k - names.weightOffset[l]] = f;
        mf = Math.max(mf, f);
      }
    }
    maxBack.push(mb);
    maxForward.push(mf);
    const start = names.weightOffset[l];
    const count = sizes[l] * sizes[l + 1];
    markStrongest(dotOn, start, carried, PULSES_PER_BLOCK);
    markStrongest(
      dartOn,
      start,
      Array.from(contribution.subarray(start, start + count), (c) => Math.abs(c)),
      PULSES_PER_BLOCK,
    );
  }
  return {
    timeline,
    fwdTravel,
    fillBeat,
    fillSpan,
    errorSpan,
    bwdTravel,
    sumBeat,
    sumSpan,
    update,
    settle,
    contribution,
    maxBack,
    maxForward,
    dotOn,
    dartOn,
  };
}

/** Where within a beat its still frame stands: near the end, once its signals have arrived. */
export function stillPoint(tb: TimedBeat): number {
  return tb.start + (tb.end - tb.start) * 0.97;
}

/** Marks the `keep` largest of `values` (a block's, starting at `start` in the flat order). */
function markStrongest(marks: Uint8Array, start: number, values: number[], keep: number): void {
  if (values.length <= keep) {
    marks.fill(1, start, start + values.length);
    return;
  }
  const order = values.map((_, i) => i).sort((a, b) => values[b] - values[a]);
  for (let r = 0; r < keep; r++) marks[start + order[r]] = 1;
}

function widen(span: [number, number], tb: TimedBeat): void {
  span[0] = Math.min(span[0], tb.start);
  span[1] = Math.max(span[1], tb.end);
}

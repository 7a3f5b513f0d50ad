/**
 * The beat player's two halves that need no scene: planning a step (when
 * each beat of the trace's timeline starts and ends, per layer and neuron,
 * and what each edge carries) and painting it at a moment t of its
 * timeline into the views. The scene (scene.ts) owns the clock, holding
 * a beat, captions and the end of a step; this module only turns (plan, t)
 * into what the views show, so a step looks the same however it is driven.
 */
import type { StepTraceMessage } from '../../core/protocol.js';
import type { Notation } from './captions.js';
import type { EdgeLayer } from './edges.js';
import type { SceneLayout } from './layout.js';
import type { NeuronLayer, NeuronState } from './neurons.js';
import type { PulseLayer } from './pulses.js';
import { COLORS } from './theme.js';
import { type TimedBeat, FORWARD_WINDOW, backwardWindow, buildTimeline, ease, progress } from './timeline.js';

/** A step being played: its trace, its timeline, and where each beat falls. */
export interface Running {
  trace: StepTraceMessage;
  timeline: TimedBeat[];
  start: number;
  duration: number;
  resolve: () => void;
  /** Index of the last beat whose caption went out. */
  emitted: number;
  /** The beat the picture stands still on, or null while the step plays on. */
  held: number | null;
  /** The beat and updated blocks last reported through onBeat. */
  reportedBeat: number;
  reportedBlocks: number;
  lastFormula: string | null;
  fwdTravel: number[];
  fillBeat: number[][];
  fillSpan: [number, number][];
  errorSpan: [number, number];
  bwdTravel: number[];
  sumBeat: number[][];
  sumSpan: [number, number][];
  update: number[];
  settle: number;
  /** Per weight: what it carries back, w·δ (article) or w·f'(e)·δ (exact). */
  contribution: Float64Array;
  /** Per block: the largest |contribution| and |w·y|. */
  maxBack: number[];
  maxForward: number[];
  /** Per weight: whether a forward dot / an error pulse travels on it (dense blocks show their strongest only). */
  dotOn: Uint8Array;
  dartOn: Uint8Array;
  safety: ReturnType<typeof setTimeout> | null;
}

/** The views a step paints into. */
export interface StepViews {
  readonly neurons: NeuronLayer;
  readonly edges: EdgeLayer;
  readonly pulses: PulseLayer;
}

/** Where the step stands: t on its timeline (0 … 1), still frames or moving ones, and the layout. */
export interface StepMoment {
  readonly t: number;
  /** Held on a beat, or reduced motion: each beat shows its outcome, nothing moves. */
  readonly still: boolean;
  readonly reduced: boolean;
  readonly layout: SceneLayout;
  readonly names: Notation;
}

/** Plans a step that starts at `start` (the scene's clock) and lasts `duration` ms. */
export function prepareStep(trace: StepTraceMessage, names: Notation, start: number, duration: number, resolve: () => void): Running {
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
    trace,
    timeline,
    start,
    duration,
    resolve,
    emitted: -1,
    held: null,
    reportedBeat: -1,
    reportedBlocks: -1,
    lastFormula: null,
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
    safety: null,
  };
}

/** Paints the step `a` as it is at the moment `m`. */
export function paintStep(views: StepViews, a: Running, m: StepMoment): void {
  const { t, still, reduced, names } = m;
  const lay = m.layout;
  const tl = a.timeline;
  const tr = a.trace;
  const sizes = lay.sizes;
  const L = sizes.length;
  const within = (idx: number): number => (idx < 0 ? 0 : progress(t, tl[idx].start, tl[idx].end));
  const envelope = (u: number): number => {
    if (u <= 0 || u >= 1) return 0;
    if (still) return 1;
    return Math.sin(Math.PI * u);
  };

  // Inputs glow while their signals set off.
  views.neurons.setInputs(tr.x, 0.9 * envelope(within(a.fwdTravel[1])));

  // Neurons: e and y fill in their forward beat; δ gathers in the backward pass.
  const settleU = within(a.settle);
  for (let l = 1; l < L; l++) {
    const travel = l < L - 1 ? a.bwdTravel[l] : -1;
    const travelU = within(travel);
    for (let j = 0; j < sizes[l]; j++) {
      const k = names.neuron(l, j);
      const fb = a.fillBeat[l][j];
      const u = within(fb);
      const started = fb >= 0 && t >= tl[fb].start;
      let eLevel: number;
      let yLevel: number;
      if (!started) eLevel = yLevel = 0;
      else if (still) {
        eLevel = 1;
        yLevel = u >= 0.5 ? 1 : 0;
      } else {
        eLevel = ease(progress(u, 0, 0.45));
        yLevel = ease(progress(u, 0.5, 0.95));
      }
      const state: NeuronState = {
        e: eLevel > 0.35 ? tr.e[k] : null,
        y: yLevel > 0.35 ? tr.y[k] : null,
        eLevel,
        yLevel,
        delta: null,
        deltaAlpha: 0,
        ring: 0,
        ringColor: COLORS.forward,
        pop: 0,
      };
      if (fb >= 0 && t >= tl[fb].start && t < tl[fb].end) state.ring = 0.9 * envelope(u);

      if (l === L - 1) {
        if (t >= a.errorSpan[0]) {
          state.delta = tr.delta[k];
          state.deltaAlpha = Math.min(1, progress(t, a.errorSpan[0], a.errorSpan[0] + (a.errorSpan[1] - a.errorSpan[0]) * 0.3));
          if (t < a.errorSpan[1]) {
            state.ring = 0.9 * envelope(progress(t, a.errorSpan[0], a.errorSpan[1]));
            state.ringColor = COLORS.backward;
          }
        }
      } else if (travel >= 0 && t >= tl[travel].start) {
        // Sum the pulses that have arrived so far.
        const n = sizes[l + 1];
        let sum = 0;
        let arrived = 0;
        let pop = 0;
        for (let jj = 0; jj < n; jj++) {
          const [, end] = backwardWindow(jj, n);
          if (travelU >= end || t >= tl[travel].end) {
            sum += a.contribution[names.weightIndex(l, jj, j)];
            arrived++;
            if (!still) pop = Math.max(pop, 1 - (travelU - end) / 0.1);
          }
        }
        if (arrived > 0) {
          state.delta = arrived === n ? tr.delta[k] : sum;
          state.deltaAlpha = 1;
          state.pop = t < tl[travel].end ? Math.max(0, Math.min(1, pop)) : 0;
        }
        const sb = a.sumBeat[l][j];
        if (sb >= 0 && t >= tl[sb].start && t < tl[sb].end) {
          state.ring = 0.9 * envelope(within(sb));
          state.ringColor = COLORS.backward;
        }
      }
      if (state.delta !== null && settleU > 0) state.deltaAlpha *= 1 - ease(settleU);
      views.neurons.setNeuron(l, j, state);
    }
  }

  // The output card: y once the output has it, z all along, δ from the error beat.
  const outStart = names.neuron(L - 1, 0);
  for (let j = 0; j < sizes[L - 1]; j++) {
    const k = outStart + j;
    const fb = a.fillBeat[L - 1][j];
    const yKnown = fb >= 0 && (t >= tl[fb].end || (t >= tl[fb].start && progress(within(fb), 0.5, 0.95) > 0.35));
    const dKnown = t >= a.errorSpan[0];
    const glow = dKnown && t < a.errorSpan[1] ? envelope(progress(t, a.errorSpan[0], a.errorSpan[1])) : 0;
    views.neurons.setCard(j, yKnown ? tr.y[k] : null, tr.z[j], dKnown ? tr.delta[k] : null, glow);
  }

  // Edges: weights as before until their update beat, then as after.
  const trailAlpha = lay.edges.length > 60 ? 0.16 : 0.34;
  views.pulses.begin();
  for (let l = 0; l < L - 1; l++) {
    const ub = a.update[l];
    const uu = within(ub);
    const inUpdate = ub >= 0 && t >= tl[ub].start && t < tl[ub].end;
    const mix = ub < 0 || t < tl[ub].start ? 0 : t >= tl[ub].end ? 1 : still ? (uu >= 0.5 ? 1 : 0) : ease(progress(uu, 0.25, 0.75));
    const flash = inUpdate ? envelope(uu) : 0;

    const ft = a.fwdTravel[l + 1];
    const ftStart = ft >= 0 ? tl[ft].start : 2;
    const ftEnd = ft >= 0 ? tl[ft].end : 2;
    const fu = within(ft);
    const fp = still ? 1 : ease(progress(fu, FORWARD_WINDOW[0], FORWARD_WINDOW[1]));
    const fillSpan = a.fillSpan[l + 1];
    const bt = a.bwdTravel[l];
    const bu = within(bt);
    const sumSpan = a.sumSpan[l];

    for (let j = 0; j < sizes[l + 1]; j++) {
      const [bs, be] = backwardWindow(j, sizes[l + 1]);
      const bp = still ? (bu >= bs ? 1 : 0) : ease(progress(bu, bs, be));
      for (let i = 0; i < sizes[l]; i++) {
        const k = names.weightIndex(l, j, i);
        const before = tr.weightsBefore[k];
        const after = tr.weightsAfter[k];
        views.edges.setWeight(k, before + (after - before) * mix);
        views.edges.setFlash(k, flash, tr.change[k]);
        const g = lay.edges[k];

        // Forward: a dot per edge, its trail growing behind it, fading while the neurons fill.
        if (t >= ftStart && t < ftEnd) {
          const fadeIn = still ? Math.min(1, fu / 0.08) : 1;
          views.edges.setTrail(k, 0, fp, COLORS.forward, trailAlpha * fadeIn);
          if (!still && fp > 0 && fp < 1 && a.dotOn[k]) {
            const carried = Math.abs(before * tr.y[names.neuron(l, i)]) / a.maxForward[l];
            const size = lay.pulseSize * (0.75 + 0.5 * Math.min(1, carried));
            views.pulses.dot(g.x0 + (g.x1 - g.x0) * fp, g.y0 + (g.y1 - g.y0) * fp, size, Math.min(1, fp / 0.06, (1 - fp) / 0.06));
          }
        } else if (t >= ftEnd && t < fillSpan[1]) {
          views.edges.setTrail(k, 0, 1, COLORS.forward, trailAlpha * (1 - progress(t, fillSpan[0], fillSpan[1])));
        } else if (bt >= 0 && t >= tl[bt].start && t < tl[bt].end) {
          // Backward: an arrow-head per edge from the later neuron back to the earlier one.
          views.edges.setTrail(k, 1, 1 - bp, COLORS.backward, bp > 0 ? trailAlpha : 0);
          if (!still && bp > 0 && bp < 1 && a.dartOn[k]) {
            const carried = Math.abs(a.contribution[k]) / a.maxBack[l];
            const size = lay.pulseSize * (0.8 + 0.55 * Math.min(1, carried));
            const x = g.x1 + (g.x0 - g.x1) * bp;
            const y = g.y1 + (g.y0 - g.y1) * bp;
            views.pulses.dart(x, y, g.angle + Math.PI, size, Math.min(1, bp / 0.06, (1 - bp) / 0.06));
          }
        } else if (bt >= 0 && t >= tl[bt].end && t < sumSpan[1]) {
          views.edges.setTrail(k, 1, 0, COLORS.backward, trailAlpha * (1 - progress(t, sumSpan[0], sumSpan[1])));
        } else {
          views.edges.setTrail(k, 0, 0, 0, 0);
        }
      }
    }
  }
  views.pulses.end();
}

/** At most this many dots (and error pulses) travel a block of weights at once. */
const PULSES_PER_BLOCK = 40;

/** Marks the `keep` largest of `values` (a block's, starting at `start` in the flat order). */
function markStrongest(marks: Uint8Array, start: number, values: number[], keep: number): void {
  if (values.length <= keep) {
    marks.fill(1, start, start + values.length);
    return;
  }
  const order = values.map((_, i) => i).sort((a, b) => values[b] - values[a]);
  for (let r = 0; r < keep; r++) marks[start + order[r]] = 1;
}

/** Where within a beat its still frame stands: near the end, once its signals have arrived. */
export function stillPoint(tb: TimedBeat): number {
  return tb.start + (tb.end - tb.start) * 0.97;
}

function widen(span: [number, number], tb: TimedBeat): void {
  span[0] = Math.min(span[0], tb.start);
  span[1] = Math.max(span[1], tb.end);
}

/**
 * The script of one slow-motion step: a list of beats in the article's
 * order (forward layer by layer, the output error, δ back layer by layer,
 * the weight updates), each with its share of the step's duration and its
 * caption. Pure: the scene plays it by asking what is true at time t.
 */
import {
  type Notation,
  type PhaseCaption,
  type StepValues,
  backwardCaption,
  captionedNeurons,
  errorCaption,
  forwardCaption,
  updateCaption,
} from './captions.js';

export type Beat =
  /** Signals travel from layer − 1 into layer. */
  | { kind: 'forward-travel'; layer: number }
  /** These neurons of layer form e, then y. */
  | { kind: 'forward-fill'; layer: number; neurons: number[] }
  /** The output compares y with z: δ = z − y. */
  | { kind: 'error' }
  /** δ travels from layer + 1 back into layer, summing where it arrives. */
  | { kind: 'backward-travel'; layer: number }
  /** These neurons of layer show their gathered δ. */
  | { kind: 'backward-sum'; layer: number; neurons: number[] }
  /** The weights from layer `block` into `block + 1` change. */
  | { kind: 'update'; block: number }
  /** Everything settles into the steady view. */
  | { kind: 'settle' };

export interface TimedBeat {
  beat: Beat;
  /** Start and end as fractions (0 … 1) of the step's duration. */
  start: number;
  end: number;
  /** The caption while this beat plays; null only for the closing beat. */
  caption: PhaseCaption | null;
}

/** Relative lengths of the beats. */
const LENGTH = {
  forwardTravel: 1.0,
  forwardFill: 0.75,
  error: 1.6,
  backwardTravel: 1.5,
  backwardSum: 0.65,
  update: 1.3,
  settle: 0.5,
};

export function buildTimeline(n: Notation, v: StepValues): TimedBeat[] {
  const L = n.sizes.length;
  const beats: { beat: Beat; length: number; caption: PhaseCaption | null }[] = [];

  for (let l = 1; l < L; l++) {
    const shown = captionedNeurons(n.sizes, l);
    const each = shown.length === n.sizes[l];
    beats.push({ beat: { kind: 'forward-travel', layer: l }, length: LENGTH.forwardTravel, caption: forwardCaption(n, v, l, shown[0]) });
    if (each) {
      for (const j of shown) {
        beats.push({ beat: { kind: 'forward-fill', layer: l, neurons: [j] }, length: LENGTH.forwardFill, caption: forwardCaption(n, v, l, j) });
      }
    } else {
      const all = Array.from({ length: n.sizes[l] }, (_, j) => j);
      beats.push({ beat: { kind: 'forward-fill', layer: l, neurons: all }, length: LENGTH.forwardFill * 1.4, caption: forwardCaption(n, v, l, shown[0]) });
    }
  }

  const outs = captionedNeurons(n.sizes, L - 1);
  for (const j of outs) {
    beats.push({ beat: { kind: 'error' }, length: LENGTH.error / Math.max(1, outs.length * 0.7), caption: errorCaption(n, v, j) });
  }

  for (let l = L - 2; l >= 1; l--) {
    const shown = captionedNeurons(n.sizes, l);
    const each = shown.length === n.sizes[l];
    beats.push({ beat: { kind: 'backward-travel', layer: l }, length: LENGTH.backwardTravel, caption: backwardCaption(n, v, l, shown[0]) });
    if (each) {
      for (const i of shown) {
        beats.push({ beat: { kind: 'backward-sum', layer: l, neurons: [i] }, length: LENGTH.backwardSum, caption: backwardCaption(n, v, l, i) });
      }
    } else {
      const all = Array.from({ length: n.sizes[l] }, (_, i) => i);
      beats.push({ beat: { kind: 'backward-sum', layer: l, neurons: all }, length: LENGTH.backwardSum * 1.4, caption: backwardCaption(n, v, l, shown[0]) });
    }
  }

  for (let l = 0; l < L - 1; l++) {
    beats.push({ beat: { kind: 'update', block: l }, length: LENGTH.update, caption: updateCaption(n, v, l, 0, movingInput(n, v, l)) });
  }
  beats.push({ beat: { kind: 'settle' }, length: LENGTH.settle, caption: null });

  const total = beats.reduce((acc, b) => acc + b.length, 0);
  const out: TimedBeat[] = [];
  let at = 0;
  for (const b of beats) {
    const start = at / total;
    at += b.length;
    out.push({ beat: b.beat, start, end: at / total, caption: b.caption });
  }
  out[out.length - 1].end = 1;
  return out;
}

/**
 * The input whose weight the update caption of block l shows: the first
 * one whose signal is not zero in this sample, so that the caption shows a
 * weight that moves (on XOR, x = 0 in half the samples: "× 0" teaches
 * nothing). Falls back to the first.
 */
export function movingInput(n: Notation, v: StepValues, l: number): number {
  for (let i = 0; i < n.sizes[l]; i++) if (v.y[n.neuron(l, i)] !== 0) return i;
  return 0;
}

/** The beat playing at fraction t of the step (the last one once t ≥ 1). */
export function beatAt(timeline: readonly TimedBeat[], t: number): number {
  for (let k = 0; k < timeline.length; k++) if (t < timeline[k].end) return k;
  return timeline.length - 1;
}

/**
 * Within a backward-travel beat, when the pulses leaving neuron j (of n in
 * the layer the error comes from) set off and arrive, as fractions of the
 * beat. Staggered, so that where pulses from several neurons meet, the sum
 * visibly grows one arrival at a time.
 */
export function backwardWindow(j: number, n: number): [number, number] {
  if (n <= 1) return [0.05, 0.8];
  const spread = Math.min(0.45, 0.12 * (n - 1));
  const start = 0.04 + (spread * j) / (n - 1);
  return [start, start + 0.9 - spread];
}

/** Within a forward-travel beat, when the signals set off and arrive. */
export const FORWARD_WINDOW: readonly [number, number] = [0.04, 0.9];

/** Smooth start and stop. */
export function ease(t: number): number {
  const c = Math.max(0, Math.min(1, t));
  return c * c * (3 - 2 * c);
}

/** Progress (0 … 1) of t through the window [a, b]. */
export function progress(t: number, a: number, b: number): number {
  if (t <= a) return 0;
  if (t >= b) return 1;
  return (t - a) / (b - a);
}

/**
 * Lesson 8's δ table follows the picture: a neuron's δ (under both rules)
 * is shown once the step in the picture has reached it — the output's at
 * the output error's beat, a hidden neuron's at the beat that shows its
 * gathered δ — so the table never tells what the picture has yet to show.
 * Pure: it reads the step's beats, in the article's numbering of neurons.
 */
import type { Notation } from '../scene/captions.js';
import type { TimedBeat } from '../scene/index.js';

/** The numbers of the neurons whose δ the picture shows on beat `index` of a step (or before it). */
export function deltasReached(beats: readonly TimedBeat[], index: number, names: Notation): Set<number> {
  const reached = new Set<number>();
  const out = names.sizes.length - 1;
  for (let k = 0; k <= index && k < beats.length; k++) {
    const b = beats[k].beat;
    if (b.kind === 'error') for (let j = 0; j < names.sizes[out]; j++) reached.add(names.number(out, j));
    else if (b.kind === 'backward-sum') for (const j of b.neurons) reached.add(names.number(b.layer, j));
  }
  return reached;
}

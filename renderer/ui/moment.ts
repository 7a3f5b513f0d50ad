/**
 * The moment in the picture, as a snapshot. While a step plays in slow
 * motion the host is already past it (and may be several steps ahead): the
 * panel, the chart and the map must not run ahead of the picture. This
 * module turns the host's latest snapshot into the state at the shown beat:
 *
 *   before the step's update beat   weights as they were before it, the
 *                                   error of those weights, step count N − 1
 *   from the update beat on         the new weights (block by block, as the
 *                                   picture flashes them), their error, N
 *
 * The error is the one the host reports, E = mean over the samples of
 * ½·Σ(z − y)², worked out here with core's own datasetError on the weights
 * the trace carries (the same function on the same numbers gives the same
 * value); the chart keeps only the points up to the step shown.
 */
import { type Dataset, type DatasetSpec, makeDataset } from '../../core/dataset.js';
import { type Network, createNetwork } from '../../core/network.js';
import type { SandboxSnapshot, StepTraceMessage } from '../../core/protocol.js';
import { datasetError } from '../../core/trainer.js';

let cache: { key: string; net: Network; data: Dataset } | null = null;

function modelFor(s: SandboxSnapshot): { net: Network; data: Dataset } {
  const key = `${s.layers.join(',')}|${s.activations.join(',')}|${s.bias}|${JSON.stringify(s.dataset satisfies DatasetSpec)}`;
  if (!cache || cache.key !== key) {
    cache = { key, net: createNetwork({ layers: s.layers, activation: s.activations.slice(1), bias: s.bias }), data: makeDataset(s.dataset) };
  }
  return cache;
}

const finiteOrNull = (v: number): number | null => (Number.isFinite(v) ? v : null);

/** The training and test error of these weights on the snapshot's network and data. */
export function errorsOf(s: SandboxSnapshot, weights: ArrayLike<number>, biases: ArrayLike<number>): { train: number | null; test: number | null } {
  const { net, data } = modelFor(s);
  if (weights.length !== net.weightCount) return { train: null, test: null };
  net.weights.set(weights);
  if (biases.length === net.biases.length) net.biases.set(biases);
  return {
    train: finiteOrNull(datasetError(net, data.train)),
    test: data.test.count > 0 ? finiteOrNull(datasetError(net, data.test)) : null,
  };
}

/** What a step's trace says of the state before and after it. */
export interface StepEnds {
  readonly trace: StepTraceMessage;
  readonly before: { train: number | null; test: number | null };
  readonly after: { train: number | null; test: number | null };
}

export function stepEnds(s: SandboxSnapshot, trace: StepTraceMessage): StepEnds {
  return { trace, before: errorsOf(s, trace.weightsBefore, trace.biasesBefore), after: errorsOf(s, trace.weightsAfter, trace.biasesAfter) };
}

/**
 * The snapshot as of the shown beat: `updatedBlocks` blocks of weights
 * (from the inputs on) already changed. With none changed, the step has
 * not happened yet on screen.
 */
export function momentOf(s: SandboxSnapshot, ends: StepEnds, updatedBlocks: number): SandboxSnapshot {
  const tr = ends.trace;
  if (tr.weightsBefore.length !== s.weights.length) return s;
  const done = updatedBlocks > 0;
  let weights: readonly number[] = tr.weightsBefore;
  if (done) {
    const blocks = s.layers.length - 1;
    if (updatedBlocks >= blocks) weights = tr.weightsAfter;
    else {
      let cut = 0;
      for (let l = 0; l < updatedBlocks; l++) cut += s.layers[l] * s.layers[l + 1];
      weights = [...tr.weightsAfter.slice(0, cut), ...tr.weightsBefore.slice(cut)];
    }
  }
  const errors = done ? ends.after : ends.before;
  const step = done ? tr.step : tr.step - 1;
  return {
    ...s,
    weights,
    biases: done ? tr.biasesAfter : tr.biasesBefore,
    step,
    trainError: errors.train,
    testError: errors.test,
    history: s.history.filter((p) => p.step <= step),
    // The sample in the picture, marked on the map.
    sample: tr.sample,
    // The divergence banner waits for the picture to reach the step that diverged.
    diverged: s.diverged && s.diverged.step <= step ? s.diverged : null,
  };
}

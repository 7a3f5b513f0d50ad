/**
 * The numbers the scene shows, gathered from a snapshot or a step trace:
 * the weights, each neuron's e and y, the sample's target z, and (for the
 * hover tooltips) δ and df(e)/de. A snapshot carries no δ; it is worked
 * out here with core's own backward pass on the snapshot's values, so the
 * tooltip's δ is the one the next step would use for this sample.
 */
import type { ActivationName } from '../../core/activation.js';
import { backward, createWorkspace, derivatives } from '../../core/backprop.js';
import { type DatasetSpec, makeDataset } from '../../core/dataset.js';
import { createNetwork } from '../../core/network.js';
import type { SandboxSnapshot, StepTraceMessage } from '../../core/protocol.js';

/** What the steady view draws. */
export interface ViewValues {
  weights: ArrayLike<number>;
  biases: ArrayLike<number>;
  /** e and y of every neuron, flat; layer 0's y is the sample's x. Null before the first step. */
  e: ArrayLike<number> | null;
  y: ArrayLike<number> | null;
  /** The sample's targets, or null when unknown. */
  z: ArrayLike<number> | null;
}

/** Per-neuron details for a tooltip. */
export interface Details {
  e: ArrayLike<number>;
  y: ArrayLike<number>;
  delta: ArrayLike<number>;
  dfde: ArrayLike<number>;
  biases: ArrayLike<number>;
  /** Each weight's change in the last animated step, if there was one. */
  change: ArrayLike<number> | null;
}

const targetsCache = new Map<string, { zs: Float64Array; outputs: number; count: number }>();

/** The target z of a dataset's training sample, or null if it cannot be had. */
export function targetsOf(spec: DatasetSpec, sample: number): number[] | null {
  if (sample < 0) return null;
  const key = JSON.stringify(spec);
  let set = targetsCache.get(key);
  if (!set) {
    try {
      const train = makeDataset(spec).train;
      set = { zs: train.zs, outputs: train.outputs, count: train.count };
    } catch {
      return null;
    }
    if (targetsCache.size > 8) targetsCache.clear();
    targetsCache.set(key, set);
  }
  if (sample >= set.count) return null;
  return Array.from(set.zs.subarray(sample * set.outputs, (sample + 1) * set.outputs));
}

export function valuesFromSnapshot(s: SandboxSnapshot): ViewValues {
  const known = s.sample >= 0 && s.e.length > 0 && s.y.length > 0;
  return {
    weights: s.weights,
    biases: s.biases,
    e: known ? s.e : null,
    y: known ? s.y : null,
    z: targetsOf(s.dataset, s.sample),
  };
}

export function valuesFromTrace(t: StepTraceMessage): ViewValues {
  return { weights: t.weightsAfter, biases: t.biasesAfter, e: t.e, y: t.y, z: t.z };
}

export function detailsFromTrace(t: StepTraceMessage): Details {
  return { e: t.e, y: t.y, delta: t.delta, dfde: t.dfde, biases: t.biasesBefore, change: t.change };
}

/** δ and df(e)/de for a snapshot's sample, by core's backward pass (null before the first step). */
export function detailsFromSnapshot(s: SandboxSnapshot): Details | null {
  const z = targetsOf(s.dataset, s.sample);
  if (!z || s.e.length === 0) return null;
  const acts = s.activations.slice(1) as ActivationName[];
  const net = createNetwork({ layers: s.layers, activation: acts, bias: s.bias });
  if (s.weights.length !== net.weightCount || s.y.length !== net.neuronCount) return null;
  net.weights.set(s.weights);
  if (s.biases.length === net.neuronCount) net.biases.set(s.biases);
  const ws = createWorkspace(net);
  ws.e.set(s.e);
  ws.y.set(s.y);
  backward(net, z, s.rule, ws);
  return { e: s.e, y: s.y, delta: ws.delta.slice(), dfde: derivatives(net, ws), biases: s.biases, change: null };
}

/** Whether a trace's arrays fit a network of these layer sizes. */
export function fitsShape(t: StepTraceMessage, sizes: readonly number[]): boolean {
  let neurons = 0;
  let weights = 0;
  for (let l = 0; l < sizes.length; l++) {
    neurons += sizes[l];
    if (l > 0) weights += sizes[l] * sizes[l - 1];
  }
  return t.e.length === neurons && t.y.length === neurons && t.weightsBefore.length === weights && t.weightsAfter.length === weights;
}

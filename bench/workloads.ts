/**
 * The three benchmark workloads, described once so that every peer trains
 * the same network on the same samples from the same initial weights.
 */
import type { ActivationName } from '../core/activation.js';
import { ARTICLE_DATASET, type DatasetSpec, type SampleSet, makeDataset } from '../core/dataset.js';
import { createNetwork, initializeWeights, nestedBiases, nestedWeights } from '../core/network.js';

export interface Workload {
  readonly id: string;
  readonly title: string;
  readonly layers: readonly number[];
  readonly activation: ActivationName;
  readonly bias: true;
  readonly batch: number;
  readonly eta: number;
  readonly samples: SampleSet;
  /** Initial weights[l][j][i] and biases[l][j], the same for every peer. */
  readonly weights: number[][][];
  readonly biases: number[][];
}

function workload(
  id: string,
  title: string,
  layers: number[],
  activation: ActivationName,
  data: DatasetSpec,
  batch: number,
  eta: number,
): Workload {
  const net = createNetwork({ layers, activation, bias: true });
  initializeWeights(net, 2024);
  return {
    id,
    title,
    layers,
    activation,
    bias: true,
    batch,
    eta,
    samples: makeDataset(data).train,
    weights: nestedWeights(net),
    biases: nestedBiases(net),
  };
}

export const WORKLOADS: readonly Workload[] = [
  workload('W1', '2-3-2-1 sigmoid, XOR (4), online, η 0.5', [2, 3, 2, 1], 'sigmoid', ARTICLE_DATASET, 1, 0.5),
  workload(
    'W2',
    '2-8-8-1 tanh, circles (500), batch 10, η 0.03',
    [2, 8, 8, 1],
    'tanh',
    { kind: 'circles', count: 500, noise: 0.1, testShare: 0, seed: 7 },
    10,
    0.03,
  ),
  workload(
    'W3',
    '2-64-64-1 tanh, circles (2,000), batch 32, η 0.03',
    [2, 64, 64, 1],
    'tanh',
    { kind: 'circles', count: 2000, noise: 0.1, testShare: 0, seed: 7 },
    32,
    0.03,
  ),
];

/** The samples as plain {x, z} objects, the form most libraries and the trace command take. */
export function plainSamples(w: Workload): { x: number[]; z: number[] }[] {
  const { inputs, outputs, count, xs, zs } = w.samples;
  return Array.from({ length: count }, (_, s) => ({
    x: Array.from(xs.subarray(s * inputs, (s + 1) * inputs)),
    z: Array.from(zs.subarray(s * outputs, (s + 1) * outputs)),
  }));
}

/**
 * brain.js 1.6.1's NeuralNetwork on the CPU, driven the way its README
 * shows: net.train(data, options). It has one activation for every layer,
 * always a bias, and trains online (one sample at a time) with momentum,
 * which it will not set to 0; minibatches do not exist in it.
 */
import brain from 'brain.js';
import type { ActivationName } from '../../core/activation.js';
import { type Workload, plainSamples } from '../workloads.js';
import type { Peer } from './peer.js';

interface BrainNet {
  train(data: { input: number[]; output: number[] }[], options: Record<string, unknown>): { iterations: number; error: number };
  weights: Float32Array[][];
  biases: Float32Array[];
}

function brainActivation(a: ActivationName): 'sigmoid' | 'tanh' | 'relu' {
  if (a === 'linear') throw new Error('brain.js has no linear activation');
  return a;
}

export const brainPeer: Peer = {
  name: 'brain.js',
  note: (w: Workload) =>
    `online${w.batch > 1 ? ` (batch ${w.batch} not available)` : ''}, momentum 1e-9 (0 refused), float32 weights`,
  prepare(w) {
    const net = new brain.NeuralNetwork({
      hiddenLayers: w.layers.slice(1, -1),
      activation: brainActivation(w.activation),
    }) as unknown as BrainNet;
    const data = plainSamples(w).map((s) => ({ input: s.x, output: s.z }));
    const options = { errorThresh: 1e-300, learningRate: w.eta, momentum: 1e-9, log: false };
    // The first call sizes and initialises the network; then it takes the workload's weights.
    net.train(data, { ...options, iterations: 1 });
    w.weights.forEach((rows, l) => rows.forEach((row, j) => net.weights[l + 1][j].set(row)));
    w.biases.forEach((row, l) => net.biases[l + 1].set(row));
    return {
      train(n) {
        const epochs = Math.max(1, Math.round(n / data.length));
        const status = net.train(data, { ...options, iterations: epochs });
        if (!Number.isFinite(status.error)) throw new Error(`brain.js diverged on ${w.id}`);
        return status.iterations * data.length;
      },
    };
  },
};

/**
 * @tensorflow/tfjs-core with its CPU backend, the way a user of tfjs-core
 * writes a small network by hand: a weight matrix and a bias vector per
 * layer as variables, and an SGD optimizer's minimize() on the minibatch's
 * loss ½·Σ(z − y)² / B, whose gradient is the mean of the per-sample ones,
 * as in the core. Minibatches are tensors made once, before timing.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { type Workload, plainSamples } from '../workloads.js';
import type { Peer } from './peer.js';
import { registerTrainStepGradients } from './tfjs-gradients.js';

export const tfjsPeer: Peer = {
  name: 'tfjs-core (cpu)',
  note: (w: Workload) =>
    (w.samples.count % w.batch === 0 ? 'as specified' : `whole batches of ${w.batch} only (none across the end)`) +
    ', float32, SGD minimize(); gradients registered by the bench (the Node build of tfjs-core has none)',
  async prepare(w) {
    await tf.setBackend('cpu');
    await tf.ready();
    registerTrainStepGradients();
    // The CPU backend's first tensor prints a hint to install tfjs-node
    // (native code, not the pure-JS CPU backend measured here); keep the table clean.
    const warn = console.warn;
    console.warn = () => {};
    tf.dispose(tf.scalar(0));
    console.warn = warn;
    const f = w.activation === 'tanh' ? tf.tanh : w.activation === 'sigmoid' ? tf.sigmoid : w.activation === 'relu' ? tf.relu : (t: tf.Tensor) => t;
    // weights[l][j][i] (into j from i) becomes an [nIn, nOut] matrix for x·W.
    const W = w.weights.map((rows) => tf.variable(tf.transpose(tf.tensor2d(rows))));
    const b = w.biases.map((row) => tf.variable(tf.tensor1d(row)));
    const optimizer = tf.train.sgd(w.eta);
    const samples = plainSamples(w);
    const batches: { x: tf.Tensor2D; z: tf.Tensor2D }[] = [];
    for (let s = 0; s + w.batch <= samples.length; s += w.batch) {
      const part = samples.slice(s, s + w.batch);
      batches.push({ x: tf.tensor2d(part.map((p) => p.x)), z: tf.tensor2d(part.map((p) => p.z)) });
    }
    let next = 0;
    const scale = 0.5 / w.batch;
    const step = (x: tf.Tensor2D, z: tf.Tensor2D) =>
      optimizer.minimize(() => {
        let h: tf.Tensor = x;
        for (let l = 0; l < W.length; l++) h = f(tf.add(tf.matMul(h, W[l]), b[l]));
        return tf.mul(tf.sum(tf.square(tf.sub(z, h))), scale) as tf.Scalar;
      }, false);
    return {
      train(n) {
        const count = Math.max(1, Math.round(n / w.batch));
        for (let k = 0; k < count; k++) {
          const { x, z } = batches[next];
          next = next + 1 === batches.length ? 0 : next + 1;
          step(x, z);
        }
        return count * w.batch;
      },
      dispose() {
        for (const t of [...W, ...b]) t.dispose();
        for (const { x, z } of batches) tf.dispose([x, z]);
        optimizer.dispose();
      },
    };
  },
};

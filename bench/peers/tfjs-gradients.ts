/**
 * Gradients for the few tfjs-core kernels the tfjs peer's train step uses.
 *
 * tfjs-core registers its kernels' gradients in separate ES modules that
 * the full @tensorflow/tfjs package imports; its Node build (what
 * `import '@tensorflow/tfjs-core'` loads in Node) has none, and those ES
 * modules do not load in Node as published. So, as a tfjs-core user in
 * Node must, the bench registers the ones it needs, written with tfjs ops.
 */
import * as tf from '@tensorflow/tfjs-core';

/** Sums a gradient back down to the shape of a broadcast input. */
function toShape(dy: tf.Tensor, shape: number[]): tf.Tensor {
  let g = dy;
  const lead = g.rank - shape.length;
  if (lead > 0) g = tf.sum(g, [...Array(lead).keys()]);
  const ones: number[] = [];
  shape.forEach((n, k) => {
    if (n === 1 && g.shape[k] !== 1) ones.push(k);
  });
  if (ones.length) g = tf.sum(g, ones, true);
  return g.shape.join() === shape.join() ? g : tf.reshape(g, shape);
}

let registered = false;

export function registerTrainStepGradients(): void {
  if (registered) return;
  registered = true;
  tf.registerGradient({
    kernelName: 'BatchMatMul',
    inputsToSave: ['a', 'b'],
    gradFunc: (dy, saved, attrs) => {
      const [a, b] = saved as tf.Tensor2D[];
      const d = dy as tf.Tensor2D;
      if (attrs.transposeA || attrs.transposeB) throw new Error('only plain a·b is needed here');
      // y = a·b: dL/da = dy·bᵀ, dL/db = aᵀ·dy.
      return { a: () => tf.matMul(d, b, false, true), b: () => tf.matMul(a, d, true, false) };
    },
  });
  tf.registerGradient({
    kernelName: 'Add',
    inputsToSave: ['a', 'b'],
    gradFunc: (dy, saved) => {
      const [a, b] = saved;
      return { a: () => toShape(dy as tf.Tensor, a.shape), b: () => toShape(dy as tf.Tensor, b.shape) };
    },
  });
  tf.registerGradient({
    kernelName: 'Sub',
    inputsToSave: ['a', 'b'],
    gradFunc: (dy, saved) => {
      const [a, b] = saved;
      return { a: () => toShape(dy as tf.Tensor, a.shape), b: () => tf.neg(toShape(dy as tf.Tensor, b.shape)) };
    },
  });
  tf.registerGradient({
    kernelName: 'Multiply',
    inputsToSave: ['a', 'b'],
    gradFunc: (dy, saved) => {
      const [a, b] = saved;
      return {
        a: () => toShape(tf.mul(dy as tf.Tensor, b), a.shape),
        b: () => toShape(tf.mul(dy as tf.Tensor, a), b.shape),
      };
    },
  });
  tf.registerGradient({
    kernelName: 'Square',
    inputsToSave: ['x'],
    gradFunc: (dy, saved) => ({ x: () => tf.mul(dy as tf.Tensor, tf.mul(saved[0], 2)) }),
  });
  tf.registerGradient({
    kernelName: 'Sum',
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const x = saved[0];
      if (attrs.axis !== null && attrs.axis !== undefined && (attrs.axis as number[]).length !== x.rank) {
        throw new Error('only a sum over every axis is needed here');
      }
      return { x: () => tf.mul(tf.onesLike(x), dy as tf.Tensor) };
    },
  });
  // y = tanh(e): de = dy·(1 − y²); y = sigmoid(e): de = dy·y·(1 − y); relu: dy where e > 0.
  tf.registerGradient({
    kernelName: 'Tanh',
    outputsToSave: [true],
    gradFunc: (dy, saved) => ({ x: () => tf.mul(dy as tf.Tensor, tf.sub(1, tf.square(saved[0]))) }),
  });
  tf.registerGradient({
    kernelName: 'Sigmoid',
    outputsToSave: [true],
    gradFunc: (dy, saved) => ({ x: () => tf.mul(dy as tf.Tensor, tf.mul(saved[0], tf.sub(1, saved[0]))) }),
  });
  tf.registerGradient({
    kernelName: 'Relu',
    inputsToSave: ['x'],
    gradFunc: (dy, saved) => ({ x: () => tf.mul(dy as tf.Tensor, tf.step(saved[0])) }),
  });
}

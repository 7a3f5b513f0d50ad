/**
 * A stand-in for TensorFlow Playground's network code (src/nn.ts of
 * github.com/tensorflow/playground), written here after its design so the
 * bench can measure it in the same run as the core:
 *
 *   - the network is a list of layers of neuron objects; each neuron holds
 *     its bias, its total input e, its output y, the derivatives of the error
 *     with respect to both, and their sum since the last update, and it
 *     reaches its neighbours through link objects (one per weight, kept in
 *     the neuron it leaves and the neuron it enters);
 *   - an activation is an object of two functions, the output f(e) and the
 *     derivative f′(e), which takes e and so computes f(e) again;
 *   - per sample: forward (each neuron sums bias + Σ weight·source output
 *     over its incoming links), then backward (the output's derivative
 *     y − z of the square error, each neuron's dE/de = dE/dy·f′(e) and each
 *     link's dE/dw = dE/de·source output, both added to running sums, then
 *     dE/dy of the layer before, gathered over the outgoing links);
 *   - at the end of each batch the update: w ← w − (η / count)·Σ dE/dw and
 *     b ← b − η·Σ dE/de / count, with the regularisation term (none here,
 *     so zero) still computed per link, as Playground does;
 *   - Playground draws a network with one output neuron and trains it by
 *     walking the data in order, updating after every `batch` samples.
 *
 * That is the exact rule of the article (δ = z − y = −dE/dy), so from the
 * same weights it trains to the same numbers as the core, up to rounding:
 * test/core/playground-design.test.ts checks it. Its tanh and exp are the
 * engine's (Math.tanh, Math.exp), as in Playground. One liberty: Playground
 * starts its batches afresh with each pass over the data; here, as in the
 * core, a batch may run on into the next pass (on W3, 2,000 samples in
 * batches of 32). The work per sample is the same.
 *
 * Checked against Playground's own nn.ts (compiled to ES5, as it ships) on
 * W1–W3: after 500 batches the weights are the same to the last bit. This
 * design runs faster than that code, 1.2–2× in Node 20: Playground's module
 * also assigns Math.tanh when it loads and gives a neuron its total input
 * and output only when the forward pass first sets them, and in V8 either
 * slows it down. Those are accidents of its code, not its design, so they
 * are left out: the core is measured against the faster of the two.
 */
import type { ActivationName } from '../../core/activation.js';
import { type Workload, plainSamples } from '../workloads.js';
import type { Peer } from './peer.js';

interface Activation {
  output(e: number): number;
  der(e: number): number;
}

const ACTIVATIONS: Record<ActivationName, Activation> = {
  tanh: {
    output: (e) => Math.tanh(e),
    der: (e) => {
      const y = Math.tanh(e);
      return 1 - y * y;
    },
  },
  sigmoid: {
    output: (e) => 1 / (1 + Math.exp(-e)),
    der: (e) => {
      const y = 1 / (1 + Math.exp(-e));
      return y * (1 - y);
    },
  },
  relu: { output: (e) => Math.max(0, e), der: (e) => (e <= 0 ? 0 : 1) },
  linear: { output: (e) => e, der: () => 1 },
};

interface Regularization {
  der(w: number): number;
}

class Link {
  weight = 0;
  dead = false;
  errorDer = 0;
  accErrorDer = 0;
  accCount = 0;
  readonly regularization: Regularization | null = null;
  constructor(
    readonly source: Neuron,
    readonly dest: Neuron,
  ) {}
}

class Neuron {
  readonly inputLinks: Link[] = [];
  readonly outputs: Link[] = [];
  bias = 0;
  totalInput = 0;
  output = 0;
  outputDer = 0;
  inputDer = 0;
  accInputDer = 0;
  accCount = 0;
  constructor(readonly activation: Activation) {}

  /** The sum is formed in the neuron's own field, as Playground forms it. */
  updateOutput(): number {
    this.totalInput = this.bias;
    for (let k = 0; k < this.inputLinks.length; k++) {
      const link = this.inputLinks[k];
      this.totalInput += link.weight * link.source.output;
    }
    this.output = this.activation.output(this.totalInput);
    return this.output;
  }
}

type Layers = Neuron[][];

function build(w: Workload): Layers {
  const activation = ACTIVATIONS[w.activation];
  const layers: Layers = [];
  w.layers.forEach((size, l) => {
    const layer: Neuron[] = [];
    for (let j = 0; j < size; j++) {
      const neuron = new Neuron(activation);
      if (l > 0) {
        neuron.bias = w.biases[l - 1][j];
        layers[l - 1].forEach((source, i) => {
          const link = new Link(source, neuron);
          link.weight = w.weights[l - 1][j][i];
          source.outputs.push(link);
          neuron.inputLinks.push(link);
        });
      }
      layer.push(neuron);
    }
    layers.push(layer);
  });
  return layers;
}

function forwardProp(layers: Layers, inputs: number[]): number {
  const first = layers[0];
  if (inputs.length !== first.length) throw new Error('one input per input neuron');
  for (let i = 0; i < first.length; i++) first[i].output = inputs[i];
  for (let l = 1; l < layers.length; l++) {
    const layer = layers[l];
    for (let j = 0; j < layer.length; j++) layer[j].updateOutput();
  }
  return layers[layers.length - 1][0].output;
}

/** The square error ½(y − z)² and its derivative y − z. */
const squareErrorDer = (y: number, z: number) => y - z;

function backProp(layers: Layers, target: number): void {
  const out = layers[layers.length - 1][0];
  out.outputDer = squareErrorDer(out.output, target);
  for (let l = layers.length - 1; l >= 1; l--) {
    const layer = layers[l];
    for (let j = 0; j < layer.length; j++) {
      const n = layer[j];
      n.inputDer = n.outputDer * n.activation.der(n.totalInput);
      n.accInputDer += n.inputDer;
      n.accCount++;
    }
    for (let j = 0; j < layer.length; j++) {
      const n = layer[j];
      for (let k = 0; k < n.inputLinks.length; k++) {
        const link = n.inputLinks[k];
        if (link.dead) continue;
        link.errorDer = n.inputDer * link.source.output;
        link.accErrorDer += link.errorDer;
        link.accCount++;
      }
    }
    if (l === 1) continue;
    const before = layers[l - 1];
    for (let i = 0; i < before.length; i++) {
      const n = before[i];
      n.outputDer = 0;
      for (let k = 0; k < n.outputs.length; k++) {
        const link = n.outputs[k];
        n.outputDer += link.weight * link.dest.inputDer;
      }
    }
  }
}

function updateWeights(layers: Layers, eta: number, regularizationRate: number): void {
  for (let l = 1; l < layers.length; l++) {
    const layer = layers[l];
    for (let j = 0; j < layer.length; j++) {
      const n = layer[j];
      if (n.accCount > 0) {
        n.bias -= (eta * n.accInputDer) / n.accCount;
        n.accInputDer = 0;
        n.accCount = 0;
      }
      for (let k = 0; k < n.inputLinks.length; k++) {
        const link = n.inputLinks[k];
        if (link.dead) continue;
        const regularizationDer = link.regularization ? link.regularization.der(link.weight) : 0;
        if (link.accCount > 0) {
          link.weight -= (eta / link.accCount) * link.accErrorDer;
          link.weight -= eta * regularizationRate * regularizationDer;
          link.accErrorDer = 0;
          link.accCount = 0;
        }
      }
    }
  }
}

/** The network built after Playground's design from a workload's weights, and a way to train it. */
export interface PlaygroundDesignRun {
  /** Trains about n sample-steps (whole batches); returns how many. */
  train(n: number): number;
  /** The weights and biases now, nested like the workload's. */
  weights(): number[][][];
  biases(): number[][];
}

/** The network built after Playground's design from a workload's weights. */
export function playgroundDesign(w: Workload): PlaygroundDesignRun {
  if (w.layers[w.layers.length - 1] !== 1) throw new Error('Playground trains networks with one output neuron');
  const layers = build(w);
  const data = plainSamples(w);
  let cursor = 0;
  return {
    train(n) {
      // Whole batches: Playground updates after every `batch` samples.
      const batches = Math.max(1, Math.round(n / w.batch));
      for (let b = 0; b < batches; b++) {
        for (let k = 0; k < w.batch; k++) {
          const s = data[cursor];
          cursor = cursor + 1 === data.length ? 0 : cursor + 1;
          forwardProp(layers, s.x);
          backProp(layers, s.z[0]);
        }
        updateWeights(layers, w.eta, 0);
      }
      const out = layers[layers.length - 1][0].output;
      if (!Number.isFinite(out)) throw new Error(`the Playground design diverged on ${w.id}`);
      return batches * w.batch;
    },
    weights: () => layers.slice(1).map((layer) => layer.map((n) => n.inputLinks.map((link) => link.weight))),
    biases: () => layers.slice(1).map((layer) => layer.map((n) => n.bias)),
  };
}

export const playgroundDesignPeer: Peer = {
  name: 'TensorFlow Playground',
  note: () => 'bench/peers/playground-design.ts: its nn.ts, neuron and link objects',
  prepare: (w) => playgroundDesign(w),
};

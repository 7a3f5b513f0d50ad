/**
 * Activation functions f(e) and their derivatives df(e)/de.
 *
 * A neuron's adder forms e = Σ wᵢ·xᵢ (+ b); its activation forms y = f(e).
 * Backpropagation needs df(e)/de at the same e. For every function here the
 * derivative can be written in terms of the output y alone, so the trainer
 * never stores anything but y to compute it:
 *
 *   sigmoid  f(e) = 1 / (1 + exp(−e))     f'(e) = y·(1 − y)
 *   tanh     f(e) = tanh(e)               f'(e) = 1 − y²
 *   relu     f(e) = max(0, e)             f'(e) = 1 if e > 0 (⇔ y > 0), else 0
 *   linear   f(e) = e                     f'(e) = 1
 */

import { exp, tanh } from './fast-math.js';

export const ACTIVATIONS = ['sigmoid', 'tanh', 'relu', 'linear'] as const;
export type ActivationName = (typeof ACTIVATIONS)[number];

/** Small integer codes, so the hot loops can switch on a number. */
export enum Act {
  Sigmoid = 0,
  Tanh = 1,
  Relu = 2,
  Linear = 3,
}

export function activationCode(name: ActivationName): Act {
  switch (name) {
    case 'sigmoid':
      return Act.Sigmoid;
    case 'tanh':
      return Act.Tanh;
    case 'relu':
      return Act.Relu;
    case 'linear':
      return Act.Linear;
  }
}

/** y = f(e) */
export function activate(code: Act, e: number): number {
  switch (code) {
    case Act.Sigmoid:
      return 1 / (1 + exp(-e));
    case Act.Tanh:
      return tanh(e);
    case Act.Relu:
      return e > 0 ? e : 0;
    default:
      return e;
  }
}

/** df(e)/de, from the neuron's output y = f(e). */
export function derivativeFromOutput(code: Act, y: number): number {
  switch (code) {
    case Act.Sigmoid:
      return y * (1 - y);
    case Act.Tanh:
      return 1 - y * y;
    case Act.Relu:
      return y > 0 ? 1 : 0;
    default:
      return 1;
  }
}

/** y = f(e) for neurons [from, to) of one layer, with the switch outside the loop. */
export function activateRange(code: number, e: Float64Array, y: Float64Array, from: number, to: number): void {
  switch (code) {
    case Act.Sigmoid:
      for (let k = from; k < to; k++) y[k] = 1 / (1 + exp(-e[k]));
      break;
    case Act.Tanh:
      for (let k = from; k < to; k++) y[k] = tanh(e[k]);
      break;
    case Act.Relu:
      for (let k = from; k < to; k++) {
        const v = e[k];
        y[k] = v > 0 ? v : 0;
      }
      break;
    default:
      for (let k = from; k < to; k++) y[k] = e[k];
  }
}

/** g = δ·df(e)/de for neurons [from, to) of one layer, df/de from y as above. */
export function gradientRange(code: number, y: Float64Array, delta: Float64Array, g: Float64Array, from: number, to: number): void {
  switch (code) {
    case Act.Sigmoid:
      for (let k = from; k < to; k++) {
        const v = y[k];
        g[k] = delta[k] * (v * (1 - v));
      }
      break;
    case Act.Tanh:
      for (let k = from; k < to; k++) {
        const v = y[k];
        g[k] = delta[k] * (1 - v * v);
      }
      break;
    case Act.Relu:
      for (let k = from; k < to; k++) g[k] = y[k] > 0 ? delta[k] : delta[k] * 0;
      break;
    default:
      for (let k = from; k < to; k++) g[k] = delta[k];
  }
}

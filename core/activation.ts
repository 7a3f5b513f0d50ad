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

export function isActivationName(s: unknown): s is ActivationName {
  return typeof s === 'string' && (ACTIVATIONS as readonly string[]).includes(s);
}

/** y = f(e) */
export function activate(code: Act, e: number): number {
  switch (code) {
    case Act.Sigmoid:
      return 1 / (1 + Math.exp(-e));
    case Act.Tanh:
      return Math.tanh(e);
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

/** The formula of f, as the lessons and captions print it. */
export const ACTIVATION_FORMULA: Record<ActivationName, { f: string; df: string }> = {
  sigmoid: { f: '1 / (1 + e^(−e))', df: 'y·(1 − y)' },
  tanh: { f: 'tanh(e)', df: '1 − y²' },
  relu: { f: 'max(0, e)', df: 'e > 0 ? 1 : 0' },
  linear: { f: 'e', df: '1' },
};

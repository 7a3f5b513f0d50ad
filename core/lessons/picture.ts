/**
 * What the scene draws during a lesson, as plain data the host sends: the
 * article's network with its weights, and each neuron's e, y and δ. A
 * value the player is asked to work out travels as null and is drawn as
 * "?"; the renderer never receives it. A value may also be `false`: not
 * drawn at all (a part of the network the lesson is not about yet).
 *
 * Per-neuron arrays are flat, in core/network.ts's layout (layer 0 holds
 * the inputs: y[0], y[1] are x1, x2).
 */
import type { ActivationName } from '../activation.js';
import { type Rule, backward, createWorkspace, derivatives, forward } from '../backprop.js';
import { type Network, createNetwork } from '../network.js';

export interface LessonPicture {
  readonly layers: number[];
  /** Per layer; [0] is unused. */
  readonly activations: ActivationName[];
  readonly rule: Rule;
  readonly weights: number[];
  readonly e: (number | null | false)[];
  readonly y: (number | null | false)[];
  readonly delta: (number | null | false)[];
  /** The sample's target, or null ("?") when the player is asked for it. */
  readonly z: (number | null)[];
}

/** The article's network: 2 inputs, neurons 1–3, 4–5 and 6, sigmoid everywhere, no bias. */
export function articleNetwork(): Network {
  return createNetwork({ layers: [2, 3, 2, 1], activation: 'sigmoid', bias: false });
}

/** Everything one sample does to a network: e and y forward, δ (under `rule`) and df(e)/de back. */
export interface Pass {
  readonly e: Float64Array;
  readonly y: Float64Array;
  readonly delta: Float64Array;
  readonly dfde: Float64Array;
  /** ½·Σ(z − y)² */
  readonly loss: number;
}

export function passOf(net: Network, x: readonly number[], z: readonly number[], rule: Rule): Pass {
  const ws = createWorkspace(net);
  forward(net, x, ws);
  backward(net, z, rule, ws);
  const out = net.neuronOffset[net.sizes.length - 1];
  let loss = 0;
  for (let j = 0; j < z.length; j++) loss += 0.5 * (z[j] - ws.y[out + j]) ** 2;
  return { e: ws.e.slice(), y: ws.y.slice(), delta: ws.delta.slice(), dfde: derivatives(net, ws), loss };
}

/** The picture of a network and one pass, every value shown (the lessons then hide what they ask). */
export function pictureOf(net: Network, pass: Pass, z: readonly number[], rule: Rule, showDelta: boolean): LessonPicture {
  const inputs = net.sizes[0];
  return {
    layers: [...net.sizes],
    activations: [...net.activations],
    rule,
    weights: Array.from(net.weights),
    e: Array.from(pass.e, (v, k) => (k < inputs ? 0 : v)),
    y: Array.from(pass.y),
    delta: Array.from(pass.delta, (v, k) => (k < inputs || !showDelta ? false : v)),
    z: [...z],
  };
}

/** Rounds to two decimals, the way every number in a lesson is shown. */
export function round2(v: number): number {
  const r = Math.round(v * 100) / 100;
  return r === 0 ? 0 : r;
}

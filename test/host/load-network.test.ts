/**
 * The `loadNetwork` intent: the host takes a whole saved network (shape,
 * data, rule, schedule, weights) in place of the player's, after the same
 * checks as every intent, and refuses one whose counts do not fit its shape.
 */
import { describe, expect, it } from 'vitest';
import { SandboxSession } from '../../app/host/sandbox-session.js';
import { type SavedNetwork, checkIntent } from '../../core/protocol.js';

const saved: SavedNetwork = {
  hidden: [4],
  activation: 'tanh',
  outputActivation: 'sigmoid',
  bias: true,
  rule: 'article',
  batch: 2,
  dataset: { kind: 'circles', count: 40, noise: 0.1, testShare: 0.25, seed: 3 },
  seed: 11,
  schedule: { kind: 'warmup', start: 0.05, peak: 1, end: 0.05, rise: 10, hold: 10, settle: 10 },
  weights: [0.5, -0.5, 0.25, -0.25, 1, -1, 2, -2, 0.75, -0.75, 25, -40],
  biases: [0, 0, 0.1, -0.1, 0.2, -0.2, 0.3],
};

function apply(session: SandboxSession, body: unknown) {
  const checked = checkIntent('loadNetwork', body);
  if (!checked.ok) return { kind: 'refused' as const, reason: checked.reason };
  return session.apply(checked.intent);
}

describe('loadNetwork', () => {
  it('puts the saved network in place: its shape, settings, schedule and every weight', () => {
    const session = new SandboxSession();
    session.stepOnce();
    expect(apply(session, { network: saved })).toEqual({ kind: 'changed' });
    expect(session.network.sizes).toEqual([2, 4, 1]);
    expect(session.network.activations.slice(1)).toEqual(['tanh', 'sigmoid']);
    expect(session.config).toMatchObject({ rule: 'article', batch: 2, bias: true, seed: 11, dataset: saved.dataset });
    expect(session.schedulePlan).toEqual(saved.schedule);
    expect([...session.network.weights]).toEqual(saved.weights);
    expect([...session.network.biases]).toEqual(saved.biases);
    // A new start: step 0, and the chart holds only the error of the loaded weights.
    expect(session.trainer.stepCount).toBe(0);
    expect(session.history).toHaveLength(1);
    expect(session.trainError).not.toBeNull();
  });

  it('refuses weights that do not fit the shape, in words, and keeps the network', () => {
    const session = new SandboxSession();
    const before = [...session.network.weights];
    const outcome = apply(session, { network: { ...saved, weights: saved.weights.slice(1) } });
    expect(outcome).toEqual({ kind: 'refused', reason: expect.stringMatching(/a 2-4-1 network has 12 weights, but 11 were given/) });
    expect([...session.network.weights]).toEqual(before);
  });

  it('refuses, by schema, numbers that are not finite and fields it does not know', () => {
    const session = new SandboxSession();
    expect(apply(session, { network: { ...saved, weights: [NaN, ...saved.weights.slice(1)] } }).kind).toBe('refused');
    expect(apply(session, { network: { ...saved, extra: 1 } }).kind).toBe('refused');
    expect(apply(session, { network: { ...saved, hidden: [17] } }).kind).toBe('refused');
    expect(apply(session, {}).kind).toBe('refused');
  });
});

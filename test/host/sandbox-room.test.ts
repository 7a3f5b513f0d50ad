/**
 * The sandbox room through the real host: a Colyseus server on a loopback
 * port, joined by the real client SDK, as a player's screen would.
 */
import { Client, type Room } from 'colyseus.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningHost, startHost } from '../../app/host/server.js';
import {
  type RefusalMessage,
  type SandboxSnapshot,
  type StepTraceMessage,
  type WireState,
  snapshotFromWire,
} from '../../core/protocol.js';

let host: RunningHost;
let endpoint: string;

beforeAll(async () => {
  host = await startHost({ port: 0, host: '127.0.0.1' });
  endpoint = `ws://127.0.0.1:${host.port}`;
});

afterAll(async () => {
  await host.close();
});

interface Player {
  room: Room;
  client: Client;
  snap(): SandboxSnapshot;
  refusals: RefusalMessage[];
  traces: StepTraceMessage[];
  until(what: string, test: (s: SandboxSnapshot) => boolean, ms?: number): Promise<SandboxSnapshot>;
}

async function join(): Promise<Player> {
  const client = new Client(endpoint);
  const room = await client.create('sandbox');
  return wrap(client, room);
}

function wrap(client: Client, room: Room): Player {
  const refusals: RefusalMessage[] = [];
  const traces: StepTraceMessage[] = [];
  room.onMessage('refused', (m: RefusalMessage) => refusals.push(m));
  room.onMessage('trace', (t: StepTraceMessage) => traces.push(t));
  const snap = () => snapshotFromWire((room.state as { toJSON(): WireState }).toJSON());
  return {
    room,
    client,
    snap,
    refusals,
    traces,
    async until(what, test, ms = 5000) {
      const start = Date.now();
      for (;;) {
        if (room.state && (room.state as { layers?: unknown }).layers) {
          const s = snap();
          if (test(s)) return s;
        }
        if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
  };
}

async function waitFor<T>(what: string, get: () => T | undefined, ms = 5000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const v = get();
    if (v !== undefined) return v;
    if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('sandbox room', () => {
  it('starts on the article network and XOR samples, with a finite error', async () => {
    const p = await join();
    const s = await p.until('first state', (s) => s.layers.length > 0);
    expect(s.layers).toEqual([2, 3, 2, 1]);
    expect(s.weights).toHaveLength(2 * 3 + 3 * 2 + 2 * 1);
    expect(s.bias).toBe(false);
    expect(s.rule).toBe('exact');
    expect(s.step).toBe(0);
    expect(s.trainError).toBeGreaterThan(0);
    expect(s.diverged).toBeNull();
    await p.room.leave();
  });

  it('answers Step with a trace of exactly the weights it then holds', async () => {
    const p = await join();
    const before = await p.until('first state', (s) => s.layers.length > 0);
    p.room.send('step', {});
    const after = await p.until('step 1', (s) => s.step === 1);
    const trace = await waitFor('trace', () => p.traces[0]);
    expect(trace.step).toBe(1);
    expect(trace.x).toEqual([0, 0]);
    expect(trace.z).toEqual([0]);
    expect(trace.weightsBefore).toEqual(before.weights);
    expect(after.weights).toEqual(trace.weightsAfter);
    expect(after.weights).not.toEqual(before.weights);
    // The output's δ is z − y for the step's sample.
    const out = trace.y.length - 1;
    expect(trace.delta[out]).toBeCloseTo(trace.z[0] - trace.y[out], 12);
    await p.room.leave();
  });

  it('sets a weight by hand, and refuses one out of range or not a number', async () => {
    const p = await join();
    await p.until('first state', (s) => s.layers.length > 0);
    // w46: from neuron 0 of layer 2 (neuron 4) into neuron 0 of layer 3 (neuron 6); index 12.
    p.room.send('setWeight', { layer: 2, to: 0, from: 0, value: 0.75 });
    await p.until('w46 = 0.75', (s) => s.weights[12] === 0.75);
    p.room.send('setWeight', { layer: 2, to: 0, from: 0, value: 1e9 });
    p.room.send('setWeight', { layer: 2, to: 0, from: 0, value: Number.NaN });
    p.room.send('setWeight', { layer: 2, to: 5, from: 0, value: 0.1 });
    p.room.send('setWeight', { layer: 2, to: 0, from: 0 });
    await waitFor('four refusals', () => (p.refusals.length >= 4 ? true : undefined));
    expect(p.refusals.map((r) => r.type)).toEqual(['setWeight', 'setWeight', 'setWeight', 'setWeight']);
    expect(p.refusals[0].reason).toMatch(/value/);
    expect(p.refusals[2].reason).toMatch(/no weight/);
    expect(p.snap().weights[12]).toBe(0.75);
    await p.room.leave();
  });

  it('refuses unknown messages and garbage to that client only, and keeps running', async () => {
    const p = await join();
    const other = await join();
    await p.until('first state', (s) => s.layers.length > 0);
    p.room.send('launchMissiles', { now: true });
    p.room.send('setEta', 'fast');
    p.room.send('step', { extra: 1 });
    // Bytes that are no message at all.
    (p.room.connection as unknown as { send(data: ArrayBuffer | Uint8Array): void }).send(new Uint8Array([13, 0xc1, 0xff, 0x00, 0x17]));
    await waitFor('refusals', () => (p.refusals.length >= 3 ? true : undefined));
    expect(p.refusals[0].reason).toMatch(/unknown message "launchMissiles"/);
    expect(p.refusals[1].type).toBe('setEta');
    expect(other.refusals).toHaveLength(0);
    // Both rooms still answer.
    other.room.send('step', {});
    await other.until('other steps', (s) => s.step === 1);
    await other.room.leave();
    const again = await join();
    again.room.send('step', {});
    await again.until('a new player steps', (s) => s.step === 1);
    await again.room.leave();
  });

  it('plays at the chosen speed, pauses, and learns XOR at full speed', async () => {
    const p = await join();
    const start = await p.until('first state', (s) => s.layers.length > 0);
    p.room.send('setEta', { eta: 2 });
    p.room.send('setSpeed', { stepsPerSecond: 20000 });
    p.room.send('play', {});
    const playing = await p.until('thousands of steps', (s) => s.playing && s.step > 5000, 10000);
    expect(playing.history.length).toBeGreaterThan(1);
    p.room.send('pause', {});
    // The error is scored on the room's next tick after the pause.
    const paused = await p.until('paused, with the error of where it stopped', (s) => !s.playing && s.trainError !== null && s.trainError < start.trainError! / 4);
    await new Promise((r) => setTimeout(r, 300));
    expect(p.snap().step).toBe(paused.step);
    expect(paused.eta).toBe(2);
    await p.room.leave();
  });

  it('plays slowly step by step, sending a trace per step to animate', async () => {
    const p = await join();
    await p.until('first state', (s) => s.layers.length > 0);
    p.room.send('setSpeed', { stepsPerSecond: 4 });
    p.room.send('play', {});
    await p.until('3 steps', (s) => s.step >= 3);
    p.room.send('pause', {});
    const s = await p.until('paused', (s) => !s.playing);
    expect(p.traces.length).toBeGreaterThanOrEqual(3);
    expect(p.traces.map((t) => t.step).slice(0, 3)).toEqual([1, 2, 3]);
    expect(s.step).toBeLessThan(10);
    await p.room.leave();
  });

  it('follows a schedule: η falls under decay as steps go by', async () => {
    const p = await join();
    await p.until('first state', (s) => s.layers.length > 0);
    p.room.send('setSchedule', { schedule: { kind: 'decay', start: 2, end: 0.1, halfLife: 100 } });
    await p.until('η = 2', (s) => s.eta === 2 && s.schedule.kind === 'decay');
    p.room.send('setSpeed', { stepsPerSecond: 20000 });
    p.room.send('play', {});
    const later = await p.until('η lower', (s) => s.step > 1000, 10000);
    p.room.send('pause', {});
    expect(later.eta).toBeLessThan(0.2);
    p.room.send('setSchedule', { schedule: { kind: 'decay', start: 2, end: 0.1, halfLife: 0 } });
    await waitFor('refusal', () => p.refusals[0]);
    expect(p.refusals[0].reason).toMatch(/halfLife/);
    await p.room.leave();
  });

  it('reports divergence, keeps finite weights, and recovers on Reset', async () => {
    const p = await join();
    await p.until('first state', (s) => s.layers.length > 0);
    p.room.send('configure', { activation: 'linear', outputActivation: 'linear', dataset: { kind: 'regression', count: 40, noise: 0, testShare: 0.25, seed: 3 } });
    await p.until('regression net', (s) => s.layers[0] === 1 && s.activations[1] === 'linear');
    p.room.send('setEta', { eta: 10 });
    p.room.send('setSpeed', { stepsPerSecond: 20000 });
    p.room.send('play', {});
    const d = await p.until('diverged', (s) => s.diverged !== null, 10000);
    expect(d.playing).toBe(false);
    expect(d.diverged!.eta).toBe(10);
    expect(d.weights.every(Number.isFinite)).toBe(true);
    expect(d.trainError === null || Number.isFinite(d.trainError)).toBe(true);
    p.room.send('step', {});
    await waitFor('refusal', () => p.refusals[0]);
    expect(p.refusals[0].reason).toMatch(/diverged/);
    p.room.send('setEta', { eta: 0.01 });
    p.room.send('reset', {});
    const r = await p.until('reset', (s) => s.diverged === null && s.step === 0);
    expect(r.eta).toBe(0.01);
    p.room.send('step', {});
    await p.until('steps again', (s) => s.step === 1);
    await p.room.leave();
  });

  it('rebuilds the network on configure and keeps weights on a rule change', async () => {
    const p = await join();
    const first = await p.until('first state', (s) => s.layers.length > 0);
    p.room.send('configure', { rule: 'article', batch: 4 });
    const ruled = await p.until('article rule', (s) => s.rule === 'article' && s.batch === 4);
    expect(ruled.weights).toEqual(first.weights);
    p.room.send('configure', { hidden: [16, 16, 16], activation: 'tanh', bias: true, dataset: { kind: 'circles', count: 200, noise: 0.1, testShare: 0.2, seed: 7 } });
    const big = await p.until('bigger net', (s) => s.layers.length === 5);
    expect(big.layers).toEqual([2, 16, 16, 16, 1]);
    expect(big.weights).toHaveLength(2 * 16 + 16 * 16 + 16 * 16 + 16);
    expect(big.bias).toBe(true);
    expect(big.testError).not.toBeNull();
    p.room.send('configure', { hidden: [17] });
    p.room.send('configure', { hidden: [2, 2, 2, 2, 2, 2, 2] });
    await waitFor('refusals', () => (p.refusals.length >= 2 ? true : undefined));
    expect(p.snap().layers).toEqual([2, 16, 16, 16, 1]);
    await p.room.leave();
  });

  it('limits a client that floods it, without stopping', async () => {
    const p = await join();
    await p.until('first state', (s) => s.layers.length > 0);
    for (let k = 0; k < 400; k++) p.room.send('setEta', { eta: 0.5 });
    await waitFor('a warning', () => p.refusals.find((r) => /too many/.test(r.reason)));
    await new Promise((r) => setTimeout(r, 1200));
    p.room.send('step', {});
    await p.until('steps after the flood', (s) => s.step === 1);
    await p.room.leave();
  });

  it('gives a player who drops their network back when they return within 30 s', async () => {
    const p = await join();
    await p.until('first state', (s) => s.layers.length > 0);
    p.room.send('setWeight', { layer: 0, to: 1, from: 0, value: -1.25 });
    p.room.send('step', {});
    const mine = await p.until('my step', (s) => s.step === 1);
    const token = p.room.reconnectionToken;
    // Drop the connection without saying goodbye.
    (p.room.connection as unknown as { close(code?: number): void }).close(3000);
    await new Promise((r) => setTimeout(r, 300));
    const back = wrap(p.client, await p.client.reconnect(token));
    const s = await back.until('state again', (s) => s.layers.length > 0);
    expect(s.step).toBe(1);
    expect(s.weights).toEqual(mine.weights);
    await back.room.leave();
  });
});

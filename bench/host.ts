/**
 * The host under play: how many training steps a second it sustains for one
 * player while streaming the state to that player at display rate.
 */
import { Client } from 'colyseus.js';
import { startHost } from '../app/host/server.js';
import type { WireState } from '../core/protocol.js';

export interface HostFigures {
  network: string;
  stepsPerSecond: number;
  patchesPerSecond: number;
}

async function measure(hidden: number[] | null, seconds: number): Promise<HostFigures> {
  const host = await startHost({ port: 0, host: '127.0.0.1', dataDir: null });
  try {
    const client = new Client(`ws://127.0.0.1:${host.port}`);
    const room = await client.create('sandbox');
    let patches = 0;
    room.onStateChange(() => patches++);
    await new Promise((r) => setTimeout(r, 200));
    if (hidden) {
      room.send('configure', { hidden, activation: 'tanh', dataset: { kind: 'circles', count: 500, noise: 0.1, testShare: 0.2, seed: 1 } });
      await new Promise((r) => setTimeout(r, 200));
    }
    room.send('setSpeed', { stepsPerSecond: 20000 });
    room.send('play', {});
    await new Promise((r) => setTimeout(r, 500));
    const state = () => (room.state as { toJSON(): WireState }).toJSON();
    const step0 = state().step;
    const patches0 = patches;
    const t0 = performance.now();
    await new Promise((r) => setTimeout(r, seconds * 1000));
    const dt = (performance.now() - t0) / 1000;
    const steps = state().step - step0;
    const figures = {
      network: hidden ? `2-${hidden.join('-')}-1` : '2-3-2-1',
      stepsPerSecond: steps / dt,
      patchesPerSecond: (patches - patches0) / dt,
    };
    await room.leave();
    return figures;
  } finally {
    await host.close();
  }
}

export async function benchHost(seconds = 3): Promise<HostFigures[]> {
  return [await measure(null, seconds), await measure([16, 16, 16], seconds)];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const f of await benchHost()) {
    console.log(`${f.network.padEnd(14)} ${Math.round(f.stepsPerSecond).toLocaleString('en-US').padStart(10)} steps/s  ${f.patchesPerSecond.toFixed(1)} state patches/s`);
  }
}

/**
 * Hostile and heavy clients of a running host, for the host's tests and
 * for `npm run bench`'s "host under attack": players who ask for the most
 * work the host allows, and a player whose step round trip is measured
 * while they do.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { Client, type Room } from 'colyseus.js';

/** The largest network a player may build, on the largest dataset. */
export const HEAVIEST_CONFIG = {
  hidden: [16, 16, 16, 16, 16, 16],
  activation: 'tanh',
  dataset: { kind: 'spiral', count: 10_000, noise: 0.1, testShare: 0.2, seed: 3 },
} as const;

export interface HeavyPlayer {
  room: Room;
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function firstState(room: Room, ms = 10_000): Promise<void> {
  const start = Date.now();
  while (!(room.state as { layers?: unknown } | undefined)?.layers) {
    if (Date.now() - start > ms) throw new Error('no state from the host');
    await sleep(10);
  }
}

/**
 * A player on the heaviest network who plays at full speed and, within the
 * message rate limit, edits a weight 55 times a second.
 */
export async function heavyPlayer(endpoint: string, options: { play?: boolean; editsPerSecond?: number } = {}): Promise<HeavyPlayer> {
  const room = await new Client(endpoint).create('sandbox');
  room.onMessage('*', () => {});
  await firstState(room);
  room.send('configure', HEAVIEST_CONFIG);
  if (options.play ?? true) {
    room.send('setSpeed', { stepsPerSecond: 20_000 });
    room.send('play', {});
  }
  const rate = options.editsPerSecond ?? 55;
  let k = 0;
  const timer = rate > 0 ? setInterval(() => room.send('setWeight', { layer: 1, to: k % 16, from: (k++ >> 4) % 16, value: (k % 7) / 7 }), 1000 / rate) : null;
  return {
    room,
    async stop() {
      if (timer) clearInterval(timer);
      await room.leave().catch(() => {});
    },
  };
}

/** Round trips (ms) of `count` steps by a player on the article's network: Step sent, its trace back. */
export async function stepRoundTrips(endpoint: string, count: number, gapMs = 20): Promise<number[]> {
  const room = await new Client(endpoint).create('sandbox');
  await firstState(room);
  let answered: (() => void) | null = null;
  room.onMessage('trace', () => answered?.());
  room.onMessage('refused', () => {});
  const times: number[] = [];
  try {
    for (let k = 0; k < count; k++) {
      const got = new Promise<void>((done) => (answered = done));
      const t0 = performance.now();
      room.send('step', {});
      await got;
      times.push(performance.now() - t0);
      await sleep(gapMs);
    }
  } finally {
    await room.leave().catch(() => {});
  }
  return times;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Starts `count` heavy players in a process of their own (bench/heavy-players.ts); resolves once they all play. */
export function heavyPlayersProcess(endpoint: string, count: number): Promise<{ stop(): Promise<void> }> {
  const tsx = join(process.cwd(), 'node_modules', 'tsx', 'dist', 'cli.mjs');
  const child: ChildProcess = spawn(process.execPath, [tsx, join(process.cwd(), 'bench', 'heavy-players.ts'), endpoint, String(count)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((done) => child.on('exit', () => done()));
  const stop = async () => {
    child.stdin!.end();
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };
  return new Promise((done, fail) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      if (out.includes('ready')) done({ stop });
    });
    child.on('exit', (code) => fail(new Error(`the heavy players exited (${code}) before playing`)));
  });
}

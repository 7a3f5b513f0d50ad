/**
 * A share of bench/race.ts's bot players, in a process of its own (one
 * process would spend more time decoding 2,000 players' messages than the
 * host spends sending them). Driven by its parent over IPC:
 *
 *   join     join bots from..from+count−1, a few at a time (a burst of
 *            thousands of joins would only wait in the host's queues), and
 *            retry one the host turned away for the moment (429), as a
 *            student would press Join again;
 *   play     every bot sends random but valid intents, one every 0.5–1.5 s;
 *   measure  start counting latencies and bytes;
 *   stop     stop, and send back what was counted.
 *
 * About once a second a bot sets a fresh η and times how long until its own
 * update with that η comes back: the intent leaving the client → the state
 * change it caused reaching that client.
 */
import { Client, type Room } from 'colyseus.js';
import type { SelfUpdate } from '../core/race/index.js';

export interface JoinOrder {
  type: 'join';
  endpoint: string;
  code: string;
  from: number;
  count: number;
  inFlight: number;
}
export type BotOrder = JoinOrder | { type: 'play' } | { type: 'measure' } | { type: 'stop' };

export type BotReport =
  | { type: 'joined'; joined: number; failed: number; retries: number }
  | {
      type: 'result';
      latencies: number[];
      bytes: number;
      bots: number;
      dropped: number;
      /** Bytes and frames by message type, "(state)" for the shared state. */
      byType: Record<string, { bytes: number; frames: number }>;
      /** The fewest steps any of this process's bots had at the end. */
      fewestSteps: number;
      totalSteps: number;
      /** CPU seconds this process used while measuring (user + system). */
      cpuSeconds: number;
    };

interface Bot {
  room: Room;
  bytes: number;
  dropped: boolean;
  steps: number;
  pending: { eta: number; sent: number } | null;
}

const send = (r: BotReport) => process.send!(r);
const bots: Bot[] = [];
const latencies: number[] = [];
const byType = new Map<string, { bytes: number; frames: number }>();
let measuring = false;
let dropped = 0;
let etaCounter = 0;
let base = 0;
let cpuAtMeasure = process.cpuUsage();
const timers: (() => void)[] = [];

/** The type of a room frame: a message's type string, or "(state)" for the shared state. */
function frameType(d: Uint8Array): string {
  if (d[0] === 14 || d[0] === 15) return '(state)';
  if (d[0] !== 13) return `(protocol ${d[0]})`;
  const len = d[1] & 0x1f;
  return (d[1] & 0xe0) === 0xa0 ? Buffer.from(d.subarray(2, 2 + len)).toString('utf8') : '(number)';
}

async function joinBot(endpoint: string, code: string, k: number): Promise<void> {
  const room = await new Client(endpoint).joinById(code, { role: 'player', nickname: `bot${k}` });
  const bot: Bot = { room, bytes: 0, dropped: false, steps: 0, pending: null };
  const ws = (room.connection.transport as unknown as { ws: { on(e: string, f: (d: ArrayBuffer | Buffer) => void): void } }).ws;
  ws.on('message', (d) => {
    if (!measuring) return;
    bot.bytes += d.byteLength;
    const type = frameType(d instanceof Buffer ? d : new Uint8Array(d));
    const t = byType.get(type) ?? { bytes: 0, frames: 0 };
    t.bytes += d.byteLength;
    t.frames += 1;
    byType.set(type, t);
  });
  room.onMessage('you', (m: SelfUpdate) => {
    if (m.steps !== undefined) bot.steps = m.steps;
    const p = bot.pending;
    if (!p) return;
    // Updates carry what changed: the echo of a new η is its schedule.
    const s = m.changed?.schedule ?? m.full?.schedule;
    if (s?.kind === 'constant' && s.eta === p.eta) {
      if (measuring) latencies.push(performance.now() - p.sent);
      bot.pending = null;
    }
  });
  room.onMessage('*', () => undefined);
  room.onLeave((c) => {
    if (c !== 1000 && !bot.dropped) {
      bot.dropped = true;
      dropped++;
    }
  });
  bots.push(bot);
}

async function join(o: JoinOrder): Promise<void> {
  base = o.from;
  let next = 0;
  let failed = 0;
  let retries = 0;
  await Promise.all(
    Array.from({ length: Math.min(o.inFlight, o.count) }, async () => {
      while (next < o.count) {
        const k = o.from + next++;
        for (let attempt = 0; ; attempt++) {
          try {
            await joinBot(o.endpoint, o.code, k);
            break;
          } catch (err) {
            if (attempt < 8) {
              retries++;
              await new Promise((r) => setTimeout(r, 200 * 2 ** Math.min(attempt, 4) * (0.5 + Math.random())));
              continue;
            }
            failed++;
            process.stderr.write(`bench:race: bot${k} could not join: ${(err as Error).message}\n`);
            break;
          }
        }
      }
    }),
  );
  send({ type: 'joined', joined: bots.length, failed, retries });
}

function act(bot: Bot): void {
  if (bot.dropped) return;
  const r = Math.random();
  if (r < 0.5 && !bot.pending) {
    // A fresh η no other intent of this bot has used, so its echo is unmistakable.
    const eta = Math.round((0.1 + (((base + etaCounter++) % 19_000) / 19_000) * 1.9) * 1e6) / 1e6;
    bot.pending = { eta, sent: performance.now() };
    bot.room.send('setEta', { eta });
  } else if (r < 0.65) bot.room.send('step', {});
  else if (r < 0.75) bot.room.send('play', {});
  else if (r < 0.8) bot.room.send('pause', {});
  else if (r < 0.9) bot.room.send('setWeight', { layer: 1, to: Math.floor(Math.random() * 2), from: Math.floor(Math.random() * 3), value: Math.random() * 4 - 2 });
  else bot.room.send('setSpeed', { stepsPerSecond: 50 + Math.floor(Math.random() * 400) });
}

function play(): void {
  for (const bot of bots) {
    // The race starts with everyone training, at a speed of their own; then each steers at random.
    bot.room.send('setSpeed', { stepsPerSecond: 50 + Math.floor(Math.random() * 400) });
    bot.room.send('play', {});
    let handle: ReturnType<typeof setTimeout>;
    const tick = () => {
      act(bot);
      handle = setTimeout(tick, 500 + Math.random() * 1000);
    };
    handle = setTimeout(tick, Math.random() * 1000);
    timers.push(() => clearTimeout(handle));
  }
}

process.on('message', (o: BotOrder) => {
  if (o.type === 'join') void join(o);
  else if (o.type === 'play') play();
  else if (o.type === 'measure') {
    measuring = true;
    cpuAtMeasure = process.cpuUsage();
  }
  else if (o.type === 'stop') {
    measuring = false;
    const cpu = process.cpuUsage(cpuAtMeasure);
    for (const stop of timers) stop();
    send({
      type: 'result',
      latencies,
      bytes: bots.reduce((s, b) => s + b.bytes, 0),
      bots: bots.length,
      dropped,
      byType: Object.fromEntries(byType),
      fewestSteps: bots.reduce((m, b) => Math.min(m, b.steps), Infinity),
      totalSteps: bots.reduce((m, b) => m + b.steps, 0),
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
    });
  }
});
process.on('disconnect', () => process.exit(0));

/**
 * The renderer's one way to the host. It joins a room, hands the room's
 * state over as plain SandboxSnapshots, passes on step traces and refusals,
 * and sends intents — typed by core/protocol.ts, so only well-formed
 * intents can be written here. Nothing else in renderer/ talks to the host.
 */
import { Client, type Room } from 'colyseus.js';
import type { LessonId, LessonIntent, LessonIntentType, LessonVerdict, LessonView, SlopeReading } from '../core/lessons/index.js';
import {
  type Intent,
  type IntentType,
  type RefusalMessage,
  type SandboxSnapshot,
  type StepTraceMessage,
  type WireState,
  snapshotFromWire,
} from '../core/protocol.js';

export type ConnectionStatus = 'connected' | 'reconnecting' | 'lost';

export interface GameClient {
  /** The latest state, or null until the first one arrives. */
  readonly snapshot: SandboxSnapshot | null;
  onSnapshot(listener: (s: SandboxSnapshot) => void): () => void;
  /** A step to animate, phase by phase (after "step", and during slow play). */
  onTrace(listener: (t: StepTraceMessage) => void): () => void;
  /** The host refused an intent: what and why. */
  onRefusal(listener: (r: RefusalMessage) => void): () => void;
  onStatus(listener: (s: ConnectionStatus) => void): () => void;
  send<T extends IntentType>(type: T, body: Intent<T>): void;
  leave(): Promise<void>;
}

/** The host that served this page (the same origin speaks WebSocket too). */
export function defaultEndpoint(): string {
  const { protocol, host } = window.location;
  return `${protocol === 'https:' ? 'wss' : 'ws'}://${host}`;
}

function listeners<T>() {
  const set = new Set<(v: T) => void>();
  return {
    add(fn: (v: T) => void) {
      set.add(fn);
      return () => void set.delete(fn);
    },
    emit(v: T) {
      for (const fn of set) fn(v);
    },
  };
}

/** Joins a fresh single-player sandbox room on the host. */
export async function connectSandbox(endpoint: string = defaultEndpoint()): Promise<GameClient> {
  const client = new Client(endpoint);
  let room: Room = await client.create('sandbox');
  let snapshot: SandboxSnapshot | null = null;
  const snapshots = listeners<SandboxSnapshot>();
  const traces = listeners<StepTraceMessage>();
  const refusals = listeners<RefusalMessage>();
  const statuses = listeners<ConnectionStatus>();
  let leaving = false;

  const wire = (r: Room) => {
    r.onStateChange((state: { toJSON(): WireState }) => {
      snapshot = snapshotFromWire(state.toJSON());
      snapshots.emit(snapshot);
    });
    r.onMessage('trace', (t: StepTraceMessage) => traces.emit(t));
    r.onMessage('refused', (m: RefusalMessage) => refusals.emit(m));
    r.onLeave(async (code) => {
      if (leaving || code === 1000) return;
      // Dropped: the host keeps our network for 30 s; try to get it back.
      statuses.emit('reconnecting');
      const token = r.reconnectionToken;
      for (let attempt = 0; attempt < 15; attempt++) {
        await new Promise((ok) => setTimeout(ok, 1000 + attempt * 500));
        try {
          room = await client.reconnect(token);
          wire(room);
          statuses.emit('connected');
          return;
        } catch {
          // try again until the host's 30 s are up
        }
      }
      statuses.emit('lost');
    });
  };
  wire(room);

  return {
    get snapshot() {
      return snapshot;
    },
    onSnapshot: snapshots.add,
    onTrace: traces.add,
    onRefusal: refusals.add,
    onStatus: statuses.add,
    send(type, body) {
      room.send(type, body);
    },
    async leave() {
      leaving = true;
      await room.leave(true);
    },
  };
}

/** What a lesson room sends, by message type (core/lessons/protocol.ts). */
export interface LessonMessages {
  lesson: LessonView;
  verdict: LessonVerdict;
  slope: SlopeReading;
  trace: StepTraceMessage;
  refused: RefusalMessage;
  progress: { done: LessonId[] };
}

export interface LessonClient {
  on<K extends keyof LessonMessages>(type: K, listener: (m: LessonMessages[K]) => void): () => void;
  send<T extends LessonIntentType>(type: T, body: LessonIntent<T>): void;
  leave(): Promise<void>;
}

/** Joins a lesson room on the host: one player working through the lessons. */
export async function connectLessons(endpoint: string = defaultEndpoint()): Promise<LessonClient> {
  const room: Room = await new Client(endpoint).create('lesson');
  const channels = new Map<string, ReturnType<typeof listeners<unknown>>>();
  for (const type of ['lesson', 'verdict', 'slope', 'trace', 'refused', 'progress'] as const) {
    const ch = listeners<unknown>();
    channels.set(type, ch);
    room.onMessage(type, (m: unknown) => ch.emit(m));
  }
  return {
    on(type, listener) {
      return channels.get(type)!.add(listener as (m: unknown) => void);
    },
    send(type, body) {
      room.send(type, body);
    },
    async leave() {
      await room.leave(true);
    },
  };
}

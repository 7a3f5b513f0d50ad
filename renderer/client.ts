/**
 * The renderer's one way to the host. It joins a room, hands the room's
 * state over as plain SandboxSnapshots, passes on step traces and refusals,
 * and sends intents — typed by core/protocol.ts, so only well-formed
 * intents can be written here. Nothing else in renderer/ talks to the host.
 */
import { Client, type Room } from 'colyseus.js';
import type { RaceAnswer, RaceListAnswer } from '../core/race/index.js';
import type { LessonId, LessonIntent, LessonIntentType, LessonVerdict, LessonView, RuleComparisonMessage, SlopeReading } from '../core/lessons/index.js';
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

/** A set of listeners for one kind of event: add one (getting its remover back), or tell them all. */
export function listeners<T>() {
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
  return connectRoom('sandbox', {}, endpoint);
}

/** What a challenge room adds to the sandbox's state (app/host/challenge-state.ts), as it travels. */
export interface ChallengeWire {
  levelJson: string;
  code: string;
  levelIndex: number;
  targetError: number;
  outcomeJson: string;
}

export interface ChallengeClient extends GameClient {
  /** The challenge's part of the latest state, or null until the first one arrives. */
  readonly challenge: ChallengeWire | null;
  onChallenge(listener: (c: ChallengeWire) => void): () => void;
}

/** Joins a challenge room for a level of the game ({ levelId }) or a share code ({ code }). */
export async function connectChallenge(join: { levelId: string } | { code: string }, endpoint: string = defaultEndpoint()): Promise<ChallengeClient> {
  return connectJudged('challenge', join, endpoint);
}

/** Joins the live training of a lesson's check (app/host/lesson-train-room.ts): judged like a level. */
export async function connectLessonTraining(lesson: LessonId, endpoint: string = defaultEndpoint()): Promise<ChallengeClient> {
  return connectJudged('lesson-train', { lesson }, endpoint);
}

async function connectJudged(name: string, options: object, endpoint: string): Promise<ChallengeClient> {
  const challenges = listeners<ChallengeWire>();
  let latest: ChallengeWire | null = null;
  const base = await connectRoom(name, options, endpoint, (raw) => {
    const w = raw as unknown as ChallengeWire;
    latest = { levelJson: w.levelJson, code: w.code, levelIndex: w.levelIndex, targetError: w.targetError, outcomeJson: w.outcomeJson };
    challenges.emit(latest);
  });
  return {
    get snapshot() {
      return base.snapshot;
    },
    get challenge() {
      return latest;
    },
    onSnapshot: base.onSnapshot,
    onTrace: base.onTrace,
    onRefusal: base.onRefusal,
    onStatus: base.onStatus,
    send: base.send,
    leave: base.leave,
    onChallenge: challenges.add,
  };
}

async function connectRoom(name: string, options: object, endpoint: string, onRaw?: (w: WireState) => void): Promise<GameClient> {
  const client = new Client(endpoint);
  let room: Room = await client.create(name, options);
  let snapshot: SandboxSnapshot | null = null;
  const snapshots = listeners<SandboxSnapshot>();
  const traces = listeners<StepTraceMessage>();
  const refusals = listeners<RefusalMessage>();
  const statuses = listeners<ConnectionStatus>();
  let leaving = false;

  const wire = (r: Room) => {
    r.onStateChange((state: { toJSON(): WireState }) => {
      const raw = state.toJSON();
      snapshot = snapshotFromWire(raw);
      snapshots.emit(snapshot);
      onRaw?.(raw);
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
  compare: RuleComparisonMessage;
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
  for (const type of ['lesson', 'verdict', 'slope', 'trace', 'compare', 'refused', 'progress'] as const) {
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

/** The player's progress as the host keeps it (app/host/progress-store.ts). */
export interface HostProgress {
  version: number;
  levels: Record<string, { stars: number; bestSteps: number; bestError: number }>;
  settings: { language?: 'en' | 'ja'; reducedMotion?: boolean; stepSeconds?: number };
}

/** Reads the progress from the host that served this page; null if it keeps none or cannot be reached. */
export async function fetchProgress(): Promise<HostProgress | null> {
  try {
    const res = await fetch('/api/progress', { cache: 'no-store' });
    if (!res.ok) return null;
    return (await res.json()) as HostProgress;
  } catch {
    return null;
  }
}

/** Asks the host to keep some settings; false if it could not. */
export async function saveHostSettings(patch: HostProgress['settings']): Promise<boolean> {
  try {
    const res = await fetch('/api/settings', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(patch) });
    return res.ok;
  } catch {
    return false;
  }
}

/** What asking the host about past races gave: the answer, or that it could not be had. */
export type PastRacesResult<T> = { ok: true; value: T } | { ok: false; status: number };

async function pastRacesCall<T>(path: string, init?: RequestInit): Promise<PastRacesResult<T>> {
  try {
    const res = await fetch(path, { cache: 'no-store', ...init });
    if (!res.ok) return { ok: false, status: res.status };
    return { ok: true, value: (await res.json()) as T };
  } catch {
    return { ok: false, status: 0 };
  }
}

/** The races the host kept, newest first (app/host/races-api.ts). */
export function fetchPastRaces(): Promise<PastRacesResult<RaceListAnswer>> {
  return pastRacesCall('/api/races');
}

/** One kept race with its rows and CSV; status 404 when it is no longer kept. */
export function fetchPastRace(id: string): Promise<PastRacesResult<RaceAnswer>> {
  return pastRacesCall(`/api/races/${encodeURIComponent(id)}`);
}

/** Deletes a kept race; status 404 when it was already gone. */
export function deletePastRace(id: string): Promise<PastRacesResult<{ deleted: string }>> {
  return pastRacesCall(`/api/races/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

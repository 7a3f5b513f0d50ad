/**
 * The renderer's way to a race on the host (client.ts is the sandbox's).
 * The teacher's screen hosts a race; a student's screen joins one by its
 * code. A student's own network comes as a GameClient, so the sandbox's
 * scene and controls drive it unchanged. The seat's reconnection token is
 * kept for this tab (sessionStorage): a reload within 30 s takes the same
 * seat back, with its network, steps and place.
 */
import { Client, type Room } from 'colyseus.js';
import type { Intent, IntentType, RefusalMessage, SandboxSnapshot, StepTraceMessage } from '../core/protocol.js';
import { type HostMessage, type HostMessageType, type RacePhase, type SelfMessage, type SelfUpdate, applySelfUpdate } from '../core/race/index.js';
import { type ConnectionStatus, type GameClient, defaultEndpoint, listeners } from './client.js';

/** The race's shared state, as the room sends it. */
export interface RaceView {
  phase: RacePhase;
  code: string;
  challenge: string;
  titleEn: string;
  titleJa: string;
  targetError: number;
  targetOn: 'train' | 'test';
  stepBudget: number;
  timeLimitSeconds: number;
  stepsPerSecondCap: number;
  countdown: number;
  secondsLeft: number;
  players: number;
  reached: number;
  endReason: '' | 'finished' | 'time' | 'host-ended' | 'host-left';
}

/** Why joining failed, for the screen to say in its language. */
export type JoinProblem = 'code' | 'empty' | 'tooLong' | 'characters' | 'taken' | 'ended' | 'kicked' | 'full' | 'unreachable';

const JOIN_CODES: Record<number, JoinProblem> = {
  4401: 'empty',
  4402: 'tooLong',
  4403: 'characters',
  4404: 'taken',
  4405: 'ended',
  4406: 'kicked',
  4408: 'full',
  4212: 'code',
};

export class JoinError extends Error {
  constructor(readonly problem: JoinProblem) {
    super(problem);
  }
}

const SEAT_KEY = 'backprop-arena.race-seat';

interface SavedSeat {
  role: 'host' | 'player';
  token: string;
}

function saveSeat(seat: SavedSeat | null): void {
  try {
    if (seat) sessionStorage.setItem(SEAT_KEY, JSON.stringify(seat));
    else sessionStorage.removeItem(SEAT_KEY);
  } catch {
    // storage off: a reload then starts afresh
  }
}

/** The seat this tab held before a reload, if any. */
export function savedSeat(): SavedSeat | null {
  try {
    const raw = sessionStorage.getItem(SEAT_KEY);
    if (!raw) return null;
    const seat = JSON.parse(raw) as SavedSeat;
    return (seat.role === 'host' || seat.role === 'player') && typeof seat.token === 'string' ? seat : null;
  } catch {
    return null;
  }
}

export interface RaceConnection {
  readonly role: 'host' | 'player';
  readonly view: RaceView | null;
  onView(fn: (v: RaceView) => void): () => void;
  /** A message of the race ('board', 'projector', 'results', 'lan', 'you', 'over', 'closed', 'refused'). */
  on<T>(type: string, fn: (body: T) => void): () => void;
  onStatus(fn: (s: ConnectionStatus) => void): () => void;
  sendHost<T extends HostMessageType>(type: T, body: HostMessage<T>): void;
  leave(): Promise<void>;
  /** A player's own network, for the sandbox's scene and controls. */
  game(): GameClient;
}

function wrap(client: Client, first: Room, role: 'host' | 'player'): RaceConnection {
  let room = first;
  let view: RaceView | null = null;
  let leaving = false;
  let self: SelfMessage | null = null;
  const views = listeners<RaceView>();
  const statuses = listeners<ConnectionStatus>();
  const byType = new Map<string, ReturnType<typeof listeners<unknown>>>();
  const channel = (type: string) => {
    let c = byType.get(type);
    if (!c) byType.set(type, (c = listeners<unknown>()));
    return c;
  };
  const emit = (type: string, body: unknown) => byType.get(type)?.emit(body);

  // The host sets the clock right now and then (every second, every 10 in a hall); in
  // between the screen counts it down from when it last heard.
  let clockFrom = { seconds: 0, at: 0 };
  const clocked = (): RaceView | null => {
    if (!view || view.phase !== 'running') return view;
    const seconds = Math.max(0, clockFrom.seconds - Math.floor((performance.now() - clockFrom.at) / 1000));
    return seconds === view.secondsLeft ? view : (view = { ...view, secondsLeft: seconds });
  };
  const ticking = setInterval(() => {
    const shown = view?.secondsLeft;
    const now = clocked();
    if (now && now.secondsLeft !== shown) views.emit(now);
  }, 250);

  const attach = (r: Room) => {
    saveSeat({ role, token: r.reconnectionToken });
    r.onStateChange((state: { toJSON(): RaceView }) => {
      const next = state.toJSON();
      if (!view || next.phase !== view.phase || next.secondsLeft !== clockFrom.seconds) clockFrom = { seconds: next.secondsLeft, at: performance.now() };
      view = next;
      views.emit(clocked()!);
    });
    r.onMessage('*', (type, body) => {
      if (type === 'you') {
        // Only what changed travels: put it together with what came before.
        self = applySelfUpdate(self, body as SelfUpdate);
        if (self) emit('you', self);
        return;
      }
      if (type === 'over' || type === 'closed') saveSeat(null);
      emit(String(type), body);
    });
    r.onLeave(async (code) => {
      if (leaving || code === 1000 || code === 4000) {
        clearInterval(ticking);
        if (code === 4000) saveSeat(null);
        statuses.emit('lost');
        return;
      }
      statuses.emit('reconnecting');
      const token = r.reconnectionToken;
      for (let attempt = 0; attempt < 15 && !leaving; attempt++) {
        await new Promise((ok) => setTimeout(ok, 1000 + attempt * 500));
        try {
          room = await client.reconnect(token);
          attach(room);
          statuses.emit('connected');
          return;
        } catch {
          // again, until the host's 30 s are up
        }
      }
      saveSeat(null);
      clearInterval(ticking);
      statuses.emit('lost');
    });
  };
  attach(room);

  const connection: RaceConnection = {
    role,
    get view() {
      return clocked();
    },
    onView: views.add,
    on<T>(type: string, fn: (body: T) => void) {
      return channel(type).add(fn as (v: unknown) => void);
    },
    onStatus: statuses.add,
    sendHost(type, body) {
      room.send(type, body);
    },
    async leave() {
      leaving = true;
      clearInterval(ticking);
      saveSeat(null);
      await room.leave(true).catch(() => undefined);
    },
    game(): GameClient {
      return {
        get snapshot(): SandboxSnapshot | null {
          return self?.snapshot ?? null;
        },
        onSnapshot: (fn) => connection.on<SelfMessage>('you', (m) => fn(m.snapshot)),
        onTrace: (fn) => connection.on<StepTraceMessage>('trace', fn),
        onRefusal: (fn) => connection.on<RefusalMessage>('refused', fn),
        onStatus: statuses.add,
        send<T extends IntentType>(type: T, body: Intent<T>) {
          room.send(type, body);
        },
        leave: () => connection.leave(),
      };
    },
  };
  return connection;
}

/** Hosts a new race on this computer's host. */
export async function hostRace(endpoint: string = defaultEndpoint()): Promise<RaceConnection> {
  const client = new Client(endpoint);
  return wrap(client, await client.create('race', { role: 'host' }), 'host');
}

/** Joins the race with this code (already normalized) under this nickname. */
export async function joinRace(code: string, nickname: string, endpoint: string = defaultEndpoint()): Promise<RaceConnection> {
  const client = new Client(endpoint);
  try {
    return wrap(client, await client.joinById(code, { role: 'player', nickname }), 'player');
  } catch (err) {
    const c = (err as { code?: number }).code;
    if (c !== undefined && JOIN_CODES[c]) throw new JoinError(JOIN_CODES[c]);
    if (c !== undefined && /not found/i.test(String((err as Error).message))) throw new JoinError('code');
    if (c === undefined) throw new JoinError('unreachable');
    throw new JoinError('code');
  }
}

/** Takes back the seat this tab held before a reload; null when it is gone. */
export async function resumeRace(endpoint: string = defaultEndpoint()): Promise<RaceConnection | null> {
  const seat = savedSeat();
  if (!seat) return null;
  const client = new Client(endpoint);
  try {
    return wrap(client, await client.reconnect(seat.token), seat.role);
  } catch {
    saveSeat(null);
    return null;
  }
}

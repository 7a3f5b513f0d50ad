/**
 * One seat's line to its player: remembers what the player's screen was
 * last sent and makes the next update carry only what changed
 * (core/race/self-update.ts says what an update holds).
 *
 * Numbers and flags are compared as they are; lists of numbers element by
 * element; the small objects (the dataset, the schedule, a divergence) by
 * their JSON. The error chart travels as its new points: the sandbox only
 * appends to it, or replaces its last point, until a reset or a thinning
 * makes it a new list, which then goes out whole.
 */
import type { ErrorPoint, SandboxSnapshot } from '../../core/index.js';
import type { SelfUpdate, TopRow } from '../../core/race/index.js';

type LiveFields = Omit<SandboxSnapshot, 'history'>;
type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** What the seat's race looks like now, from the room. */
export interface SeatNews {
  readonly seat: string;
  readonly nickname: string;
  /** Changes whenever the network's snapshot may have (race-player.ts). */
  readonly revision: number;
  /** The player's network as it is now; built only when the revision moved. */
  snapshot(): SandboxSnapshot;
  readonly steps: number;
  readonly reached: boolean;
  readonly place: number;
  readonly players: number;
  /** The top ten, and a number that changes whenever they do. */
  readonly top: readonly TopRow[];
  readonly topVersion: number;
}

function sameNumbers(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (!Object.is(a[k], b[k])) return false;
  return true;
}

function same(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (typeof a[0] === 'number' || typeof b[0] === 'number') return sameNumbers(a as number[], b as number[]);
    return JSON.stringify(a) === JSON.stringify(b);
  }
  if (typeof a === 'object' && typeof b === 'object' && a !== null && b !== null) return JSON.stringify(a) === JSON.stringify(b);
  return false;
}

/** The snapshot without its chart, as the line keeps it (a copy: the line updates it field by field). */
function liveFields(snapshot: SandboxSnapshot): LiveFields {
  const live: Record<string, unknown> = {};
  for (const key in snapshot) if (key !== 'history') live[key] = snapshot[key as keyof SandboxSnapshot];
  return live as LiveFields;
}

export class SelfLine {
  private sent: LiveFields | null = null;
  private history: readonly ErrorPoint[] | null = null;
  private historyLength = 0;
  private historyLast: ErrorPoint | undefined;
  private steps = -1;
  private reached: boolean | null = null;
  private place = -1;
  private players = -1;
  private topVersion = -1;
  private revision = -1;

  /** The next update carries everything (a new network, a new connection). */
  restart(): void {
    this.sent = null;
    this.history = null;
    this.steps = -1;
    this.reached = null;
    this.place = -1;
    this.players = -1;
    this.topVersion = -1;
    this.revision = -1;
  }

  /**
   * The update that brings the screen to `now`, or null when nothing
   * changed. The top ten go with it only when `withTop` (the room spaces
   * them out) or when the update is a full one.
   */
  next(now: SeatNews, withTop: boolean): SelfUpdate | null {
    const topDue = withTop && now.topVersion !== this.topVersion;
    const u: Mutable<SelfUpdate> = {};
    // The network's snapshot is built only when its revision moved: on a quiet tick only the counts are compared.
    const snapshot = now.revision === this.revision && this.sent ? null : now.snapshot();
    this.revision = now.revision;
    if (!snapshot) return this.counts(u, now, topDue);
    const history = snapshot.history;
    if (!this.sent) {
      u.seat = now.seat;
      u.nickname = now.nickname;
      u.full = snapshot;
      this.sent = liveFields(snapshot);
      this.noteHistory(history);
    } else {
      const sent = this.sent as Record<string, unknown>;
      const changed: Record<string, unknown> = {};
      let any = false;
      for (const key in snapshot) {
        if (key === 'history') continue;
        const value = snapshot[key as keyof LiveFields];
        if (!same(value, sent[key])) {
          changed[key] = value;
          sent[key] = value;
          any = true;
        }
      }
      if (any) u.changed = changed as Partial<LiveFields>;
      const from = this.historyFrom(history);
      if (from !== null) {
        u.historyFrom = from;
        u.history = history.slice(from);
        this.noteHistory(history);
      }
    }
    return this.counts(u, now, topDue || (!!u.full && now.topVersion !== this.topVersion));
  }

  /** Puts the race's numbers that changed into `u`; the update, or null when it carries nothing. */
  private counts(u: Mutable<SelfUpdate>, now: SeatNews, withTop: boolean): SelfUpdate | null {
    if (now.steps !== this.steps) u.steps = this.steps = now.steps;
    if (now.reached !== this.reached) u.reached = this.reached = now.reached;
    if (now.place !== this.place) u.place = this.place = now.place;
    if (now.players !== this.players) u.players = this.players = now.players;
    if (withTop) {
      u.top = now.top;
      this.topVersion = now.topVersion;
    }
    return Object.keys(u).length > 0 ? u : null;
  }

  /** Where the chart's new points start, or null when the screen has them all. */
  private historyFrom(h: readonly ErrorPoint[]): number | null {
    if (h !== this.history || h.length < this.historyLength) return 0;
    const n = this.historyLength;
    // The last point sent may have been replaced by a fresher one of the same step.
    const from = n > 0 && h[n - 1] !== this.historyLast ? n - 1 : n;
    return from < h.length ? from : null;
  }

  private noteHistory(h: readonly ErrorPoint[]): void {
    this.history = h;
    this.historyLength = h.length;
    this.historyLast = h[h.length - 1];
  }
}

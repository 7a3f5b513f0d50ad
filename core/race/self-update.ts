/**
 * What a player's screen is told about themselves during a race, and how
 * the screen puts it back together.
 *
 * The host sends each player their own network right after each of their
 * intents, and while it changes 5 times a second (2 in a hall-sized race). Sending the whole network every time
 * would make every message as large as the first (the error chart alone
 * grows to hundreds of points), so an update carries only what changed
 * since the last one that player got:
 *
 *   full      the whole network: the first update of a seat, and after the
 *             network was made anew (a new challenge, the start, a reconnect);
 *   changed   the snapshot's fields whose value changed, each whole;
 *   history   the error chart's points from index `historyFrom` on: the
 *             screen keeps its points before that index and replaces the rest;
 *   top       the ten best, when they changed (at most about once a second);
 *   steps, reached, place, players: when they changed.
 *
 * applySelfUpdate gives the screen the same SelfMessage it would have got
 * had everything been sent: the update is a way of travelling, not a
 * different state.
 */
import type { ErrorPoint, SandboxSnapshot } from '../protocol.js';
import type { SelfMessage, TopRow } from './protocol.js';

type LiveFields = Omit<SandboxSnapshot, 'history'>;

export interface SelfUpdate {
  readonly seat?: string;
  readonly nickname?: string;
  readonly full?: SandboxSnapshot;
  readonly changed?: Partial<LiveFields>;
  readonly historyFrom?: number;
  readonly history?: readonly ErrorPoint[];
  readonly steps?: number;
  readonly reached?: boolean;
  readonly place?: number;
  readonly players?: number;
  readonly top?: readonly TopRow[];
}

/**
 * The player's whole view after `update`: `previous` with what changed put
 * in. Null when the screen has no network yet and the update does not
 * bring one (it cannot be drawn from a part).
 */
export function applySelfUpdate(previous: SelfMessage | null, update: SelfUpdate): SelfMessage | null {
  const base = update.full ?? previous?.snapshot;
  if (!base) return null;
  let snapshot: SandboxSnapshot = update.changed ? { ...base, ...update.changed } : base;
  if (update.history) {
    const from = update.historyFrom ?? 0;
    snapshot = { ...snapshot, history: [...snapshot.history.slice(0, from), ...update.history] };
  }
  return {
    seat: update.seat ?? previous?.seat ?? '',
    nickname: update.nickname ?? previous?.nickname ?? '',
    snapshot,
    steps: update.steps ?? previous?.steps ?? 0,
    reached: update.reached ?? previous?.reached ?? false,
    place: update.place ?? previous?.place ?? 0,
    players: update.players ?? previous?.players ?? 0,
    top: update.top ?? previous?.top ?? [],
  };
}

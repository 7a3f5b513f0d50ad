/**
 * How much training the host does a second, counted in work, not messages.
 *
 * The unit is one weight (or bias) update of one step: a step of a network
 * with W weights and B biases costs W + B + 1. Each playing room may spend
 * at most `perRoom` units a second, and all playing rooms together at most
 * `perHost`, shared evenly among the rooms that are playing right now. A room
 * asked to play faster than its share plays slower instead; it is never owed
 * the difference. So one player at full speed, or thirty, leave the event
 * loop free for everyone's steps and edits.
 */
export interface WorkBudgetLimits {
  /** Units a second for one room: 20,000 steps a second of 2-16-16-16-1 (593 units a step) fit. */
  perRoom: number;
  /** Units a second for every playing room together. */
  perHost: number;
}

export const DEFAULT_WORK_LIMITS: WorkBudgetLimits = { perRoom: 12_000_000, perHost: 36_000_000 };

export class WorkBudget {
  private readonly playing = new Set<object>();

  constructor(readonly limits: WorkBudgetLimits = DEFAULT_WORK_LIMITS) {}

  /** A room plays (true) or stops playing (false): the host's share is split among those playing. */
  setPlaying(room: object, playing: boolean): void {
    if (playing) this.playing.add(room);
    else this.playing.delete(room);
  }

  get playingRooms(): number {
    return this.playing.size;
  }

  /** The most steps of `stepCost` units a room may take in a tick of `dtSeconds`. */
  stepsFor(stepCost: number, dtSeconds: number): number {
    const rooms = Math.max(1, this.playing.size);
    const perSecond = Math.min(this.limits.perRoom, this.limits.perHost / rooms);
    return Math.max(1, Math.floor((perSecond * dtSeconds) / stepCost));
  }
}

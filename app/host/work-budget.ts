/**
 * How much of the event loop the host's rooms may spend on training and
 * scoring, counted in time, not messages.
 *
 * Every room earns credit in milliseconds as its clock ticks: its share of
 * each tick's time. A share is at most `roomShare` of the loop, and the
 * rooms that worked in the last second share `hostShare` of it evenly. Play
 * and scoring the error spend that credit; a room out of credit waits for
 * its next tick (play slows down, the error is scored a little later). The
 * steps a room could not afford are not owed later. So however many
 * players train at full speed or edit as fast as they are allowed, the loop
 * keeps most of its time for everyone's messages, and another player's step
 * is answered promptly.
 */
export interface WorkBudgetLimits {
  /** The largest share of the event loop one room may use. */
  roomShare: number;
  /** The share of the event loop all rooms together may use. */
  hostShare: number;
}

export const DEFAULT_WORK_LIMITS: WorkBudgetLimits = { roomShare: 0.12, hostShare: 0.4 };

/** Credit a room may save up, in ticks' worth of its share: a room starved of ticks cannot then run on for long. */
const MAX_SAVED_TICKS = 3;
/** The rooms' clocks tick at display rate, 30 times a second. */
const TICK_MS = 1000 / 30;
/** A room that spent nothing for this long no longer counts in the split. */
const ACTIVE_MS = 1000;

export class WorkBudget {
  private readonly lastWorked = new Map<object, number>();

  constructor(
    readonly limits: WorkBudgetLimits = DEFAULT_WORK_LIMITS,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Rooms that worked within the last second. */
  get activeRooms(): number {
    const t = this.now();
    let n = 0;
    for (const [room, at] of this.lastWorked) {
      if (t - at <= ACTIVE_MS) n++;
      else this.lastWorked.delete(room);
    }
    return n;
  }

  /**
   * The share of the loop a room may use now: at most `roomShare`, or
   * `cap` for a room that serves many players at once (a race), and never
   * more than an even split of `hostShare` among the rooms at work.
   */
  share(cap = this.limits.roomShare): number {
    return Math.min(cap, this.limits.hostShare / Math.max(1, this.activeRooms));
  }

  /**
   * Credit earned over a tick of `dtMs`, added to `credit` and capped at a
   * few ticks' worth at display rate (a late tick earns its share of the
   * time it waited, but never a long run that would make the next one later).
   */
  earn(credit: number, dtMs: number, cap?: number): number {
    const share = this.share(cap);
    return Math.min(credit + share * dtMs, share * TICK_MS * MAX_SAVED_TICKS);
  }

  /** A room spent time: it counts in the split for the next second. */
  worked(room: object): void {
    this.lastWorked.set(room, this.now());
  }

  forget(room: object): void {
    this.lastWorked.delete(room);
  }
}

/**
 * The challenge room: one player on one level. The sandbox room's checks,
 * rate limit, play clock and state sync, with a ChallengeSession in front
 * of the sandbox session: the level's rules refuse what they forbid, and
 * the session — never the client — decides the win. A win of one of the
 * game's levels is written to the progress store at once.
 *
 * Join options: { levelId } for a level of the game (refused while it is
 * still locked), or { code } for any share code.
 */
import { type CheckedIntent, LEVELS, decodeCode, levelCode, levelIndex } from '../../core/index.js';
import type { Level, StepTrace } from '../../core/index.js';
import { type ChallengeOutcome, ChallengeSession } from './challenge-session.js';
import { ChallengeState } from './challenge-state.js';
import type { ProgressStore } from './progress-store.js';
import { SandboxRoom } from './sandbox-room.js';
import type { IntentOutcome } from './sandbox-session.js';

export interface ChallengeJoin {
  levelId?: unknown;
  code?: unknown;
}

/** Whether level k is open: the first always, each next once the one before is won. */
export function levelOpen(store: ProgressStore | null, k: number): boolean {
  if (k <= 0) return true;
  const before = LEVELS[k - 1];
  return !!before && !!store?.progress.levels[before.id];
}

/** Says in words why a join cannot open a level, or gives the level. */
export function levelForJoin(options: ChallengeJoin, store: ProgressStore | null): { level: Level; code: string; index: number } | { refused: string } {
  if (typeof options.code === 'string' && options.code.length <= 200) {
    const read = decodeCode(options.code);
    if (!read.ok) return { refused: `code:${read.problem}` };
    const index = read.builtIn ? levelIndex(read.level.id) : -1;
    return { level: read.level, code: index >= 0 ? levelCode(index) : options.code.toUpperCase().trim(), index };
  }
  if (typeof options.levelId === 'string') {
    const index = levelIndex(options.levelId);
    if (index < 0) return { refused: 'no such level' };
    if (!levelOpen(store, index)) return { refused: 'this level is still locked; win the one before it first' };
    return { level: LEVELS[index], code: levelCode(index), index };
  }
  return { refused: 'say which level to open: a levelId or a code' };
}

export function challengeRoomWith(store: ProgressStore | null) {
  return class extends ChallengeRoom {
    override store = store;
  };
}

export class ChallengeRoom extends SandboxRoom {
  store: ProgressStore | null = null;
  private challenge!: ChallengeSession;
  private recorded: string = '';

  override onCreate(options: ChallengeJoin = {}): void {
    const found = levelForJoin(options ?? {}, this.store);
    if ('refused' in found) throw new Error(found.refused);
    this.open(found.level, found.code, found.index);
  }

  /** Starts the room on `level` (its share code, and its place among the game's levels or -1). */
  protected open(level: Level, code: string, index: number): void {
    this.challenge = new ChallengeSession(level);
    this.session = this.challenge.sandbox;
    if (level.speed) this.session.speed = level.speed;
    super.onCreate();
    const st = this.state as ChallengeState;
    st.levelJson = JSON.stringify(level);
    st.code = code;
    st.levelIndex = index;
    this.syncState();
  }

  protected override makeState(): ChallengeState {
    return new ChallengeState();
  }

  protected override applyIntent(intent: CheckedIntent): IntentOutcome {
    return this.challenge.apply(intent);
  }

  protected override advancePlay(dtSeconds: number, allowanceMs: number): StepTrace[] {
    return this.challenge.tick(dtSeconds, allowanceMs);
  }

  protected override syncState(): void {
    super.syncState();
    if (!this.challenge) return;
    const st = this.state as ChallengeState;
    const e = this.challenge.error;
    st.targetError = Number.isFinite(e) ? e : -1;
    const outcome = this.challenge.outcome ? JSON.stringify(this.challenge.outcome) : '';
    if (st.outcomeJson !== outcome) st.outcomeJson = outcome;
    if (this.challenge.outcome) this.settled(this.challenge.outcome);
  }

  /** The session has a result (called on every sync while it stands): a win of one of the game's levels is written to disk, once per result. */
  protected settled(o: ChallengeOutcome): void {
    const st = this.state as ChallengeState;
    if (o.kind !== 'won' || st.levelIndex < 0 || !this.store) return;
    const key = `${o.steps}:${o.error}`;
    if (key === this.recorded) return;
    this.recorded = key;
    void this.store.recordWin(this.challenge.level.id, { stars: o.stars, steps: o.steps, error: o.error });
  }
}

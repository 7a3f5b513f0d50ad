/**
 * The live training of a lesson's check (lesson "xor"): the sandbox room's
 * checks, rate limit, play clock and state sync, with a ChallengeSession
 * in front of the sandbox session, playing the lesson's run as a level
 * (core/lessons/training.ts). The session — never the client — decides
 * when the target error is reached within the budget; then the lesson is
 * marked done in the lesson progress store, the one the lesson room reads.
 *
 * Join options: { lesson } — refused while that lesson is still locked.
 */
import { type CheckedIntent, type StepTrace } from '../../core/index.js';
import { type LiveLesson, isLessonId, isLiveLesson, liveLessonLevel, openLessons } from '../../core/lessons/index.js';
import { ChallengeSession } from './challenge-session.js';
import { ChallengeState } from './challenge-state.js';
import type { LessonProgressStore } from './lesson-progress.js';
import { SandboxRoom } from './sandbox-room.js';
import type { IntentOutcome } from './sandbox-session.js';

/** Says in words why a join cannot open a lesson's training, or names the lesson. */
export function lessonForTraining(options: { lesson?: unknown }, store: LessonProgressStore): LiveLesson | { refused: string } {
  const id = options?.lesson;
  if (!isLessonId(id)) return { refused: 'say which lesson to train: { lesson: "xor" }' };
  if (!isLiveLesson(id)) return { refused: `lesson ${id} has no live training` };
  if (!openLessons(new Set(store.done())).has(id)) return { refused: 'this lesson is still locked; finish the lessons before it first' };
  return id;
}

export function lessonTrainRoomWith(store: LessonProgressStore): typeof LessonTrainRoom {
  return class extends LessonTrainRoom {
    protected override readonly store = store;
  };
}

export class LessonTrainRoom extends SandboxRoom {
  protected readonly store: LessonProgressStore | null = null;
  private challenge!: ChallengeSession;
  private lesson!: LiveLesson;
  /** The win was written to the progress store (once per room). */
  private recorded = false;

  override onCreate(options: { lesson?: unknown } = {}): void {
    if (!this.store) throw new Error('this host keeps no lesson progress');
    const found = lessonForTraining(options ?? {}, this.store);
    if (typeof found !== 'string') throw new Error(found.refused);
    this.lesson = found;
    const level = liveLessonLevel(found);
    this.challenge = new ChallengeSession(level);
    this.session = this.challenge.sandbox;
    if (level.speed) this.session.speed = level.speed;
    super.onCreate();
    const st = this.state as ChallengeState;
    st.levelJson = JSON.stringify(level);
    st.levelIndex = -1;
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
    const o = this.challenge.outcome;
    const outcome = o ? JSON.stringify(o) : '';
    if (st.outcomeJson !== outcome) st.outcomeJson = outcome;
    if (o?.kind === 'won' && !this.recorded) {
      this.recorded = true;
      this.store?.markDone(this.lesson);
    }
  }
}

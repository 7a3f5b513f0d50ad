/**
 * The live training of a lesson's check (lesson "xor"): a challenge room
 * (its checks, rate limit, play clock and state sync, its ChallengeSession
 * in front of the sandbox session) playing the lesson's run as a level
 * (core/lessons/training.ts). The session — never the client — decides
 * when the target error is reached within the budget; then the lesson is
 * marked done in the lesson progress store, the one the lesson room reads.
 *
 * Join options: { lesson } — refused while that lesson is still locked.
 */
import { type LiveLesson, isLessonId, isLiveLesson, liveLessonLevel, openLessons } from '../../core/lessons/index.js';
import { type ChallengeJoin, ChallengeRoom } from './challenge-room.js';
import type { ChallengeOutcome } from './challenge-session.js';
import type { LessonProgressStore } from './lesson-progress.js';

/** Says in words why a join cannot open a lesson's training, or names the lesson. */
export function lessonForTraining(options: { lesson?: unknown }, store: LessonProgressStore): LiveLesson | { refused: string } {
  const id = options?.lesson;
  if (!isLessonId(id)) return { refused: 'say which lesson to train: { lesson: "xor" }' };
  if (!isLiveLesson(id)) return { refused: `lesson ${id} has no live training` };
  if (!openLessons(new Set(store.done())).has(id)) return { refused: 'this lesson is still locked; finish the lessons before it first' };
  return id;
}

export function lessonTrainRoomWith(lessons: LessonProgressStore): typeof LessonTrainRoom {
  return class extends LessonTrainRoom {
    protected override readonly lessons = lessons;
  };
}

export class LessonTrainRoom extends ChallengeRoom {
  protected readonly lessons: LessonProgressStore | null = null;
  private lesson!: LiveLesson;
  /** The win was written to the progress store (once per room). */
  private markedDone = false;

  override onCreate(options: ChallengeJoin & { lesson?: unknown } = {}): void {
    if (!this.lessons) throw new Error('this host keeps no lesson progress');
    const found = lessonForTraining(options ?? {}, this.lessons);
    if (typeof found !== 'string') throw new Error(found.refused);
    this.lesson = found;
    this.open(liveLessonLevel(found), '', -1);
  }

  protected override settled(o: ChallengeOutcome): void {
    if (o.kind !== 'won' || this.markedDone) return;
    this.markedDone = true;
    this.lessons?.markDone(this.lesson);
  }
}

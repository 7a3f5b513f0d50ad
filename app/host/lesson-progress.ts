/**
 * Which lessons a player has finished. The host keeps one store for every
 * lesson room it runs, so progress outlives leaving the lessons and
 * reconnecting.
 *
 * This store lives in the host's memory: it lasts while the host runs and
 * is gone after a restart. Progress on disk (the user's data folder,
 * atomic writes, a schema and a version) belongs to the progress store the
 * challenges keep; lesson progress is meant to move into it, behind this
 * same interface.
 */
import { LESSON_IDS, type LessonId } from '../../core/lessons/index.js';

export interface LessonProgressStore {
  /** Finished lessons, in the catalog's order. */
  done(): LessonId[];
  markDone(lesson: LessonId): void;
}

export function memoryLessonProgress(initial: readonly LessonId[] = []): LessonProgressStore {
  const finished = new Set<LessonId>(initial);
  return {
    done: () => LESSON_IDS.filter((id) => finished.has(id)),
    markDone: (lesson) => void finished.add(lesson),
  };
}

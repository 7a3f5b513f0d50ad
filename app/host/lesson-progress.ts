/**
 * Which lessons a player has finished. The host keeps one store for every
 * lesson room it runs: the progress file on disk that the challenges keep
 * too (progress-store.ts: the user's data folder or --data-dir, atomic
 * writes, a schema and a version), or, when the host keeps no progress
 * (dataDir null, as in tests), the host's memory.
 */
import { LESSON_IDS, type LessonId, isLessonId } from '../../core/lessons/index.js';
import type { ProgressStore } from './progress-store.js';

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

/** Lesson progress in the host's progress file, beside the challenges'. */
export function diskLessonProgress(store: ProgressStore): LessonProgressStore {
  return {
    done: () => {
      const kept = new Set((store.progress.lessons ?? []).filter(isLessonId));
      return LESSON_IDS.filter((id) => kept.has(id));
    },
    markDone: (lesson) => void store.recordLesson(lesson),
  };
}

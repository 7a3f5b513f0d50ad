/**
 * The live training run of the last lesson ("xor"): the article's network
 * trained on the four XOR samples on the live scene, with the sandbox's
 * controls (η and its schedule, the rule, Play and Pause, single steps,
 * the error chart). It is carried as a challenge level (core/levels), so
 * the host plays and judges it the way it plays a level: the lesson is
 * passed when the dataset error — the mean of ½·(z − y)² over the four
 * samples — is at or below `target.error` with at most `budget` steps.
 *
 * The starting η is deliberately small: at 0.3 the network is still far
 * from the target when the budget runs out, so the player has to choose.
 * With the exact rule, η from 0.5 to 2 reaches the target (at 2 in about
 * 3,200 steps); from 3 up the error gets stuck on a plateau; the article's
 * rule never gets there (test/host/lesson-train.test.ts).
 */
import { ARTICLE_DATASET } from '../dataset.js';
import { type Level, levelSchema } from '../levels/level.js';
import type { LessonId } from './catalog.js';

/** The lessons whose check is trained live on the scene. */
export const LIVE_LESSONS = ['xor'] as const;
export type LiveLesson = (typeof LIVE_LESSONS)[number];

export function isLiveLesson(id: LessonId): id is LiveLesson {
  return (LIVE_LESSONS as readonly LessonId[]).includes(id);
}

const LIVE: Record<LiveLesson, Level> = {
  xor: levelSchema.parse({
    id: 'lesson-xor',
    network: { hidden: [3, 2], activation: 'sigmoid', outputActivation: 'sigmoid', bias: false, rule: 'exact', batch: 1 },
    dataset: ARTICLE_DATASET,
    seed: 5,
    schedule: { kind: 'constant', eta: 0.3 },
    speed: 500,
    target: { error: 0.01, on: 'train' },
    budget: 10_000,
    rules: { eta: { kind: 'free' }, scheduleChanges: true, training: true, handEdits: true, ruleChoice: true },
    stars: { by: 'steps', three: 10_000, two: 10_000 },
    text: {
      en: { title: 'Putting it together: XOR', goal: 'Train the article’s network on XOR to the target error within the budget.', hint: 'Pick the rule and η.' },
      ja: { title: 'まとめ：XOR', goal: '記事のネットワークに XOR を学習させ、予算内に目標の誤差まで下げましょう。', hint: '規則と η を選びましょう。' },
    },
  }),
};

/** The level a live lesson is trained as. */
export function liveLessonLevel(lesson: LiveLesson): Level {
  return LIVE[lesson];
}

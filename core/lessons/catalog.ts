/**
 * The lessons, in the article's order, and what kind of check ends each one.
 *
 *   neuron    Σ and f(e): one neuron                 check: y1 from given numbers
 *   data      training samples (x1, x2, z)           check: the hidden target z
 *   forward   the forward pass, layer by layer       check: y4 from the numbers on screen
 *   error     the output error δ = z − y             check: δ
 *   backward  errors sent back along the weights     check: δ1
 *   update    w' = w + η·δ·df(e)/de·input            check: w'46
 *   eta       the learning rate η and its schedules  check: reach a target error within a budget
 *   rules     the article's rule and the true slope  check: which rule follows the slope, and why
 *   xor       training the article's network on XOR  check: reach a target error within a budget
 */
export const LESSON_IDS = ['neuron', 'data', 'forward', 'error', 'backward', 'update', 'eta', 'rules', 'xor'] as const;
export type LessonId = (typeof LESSON_IDS)[number];

export type CheckKind = 'number' | 'choice' | 'trial';

export const CHECK_KIND: Record<LessonId, CheckKind> = {
  neuron: 'number',
  data: 'number',
  forward: 'number',
  error: 'number',
  backward: 'number',
  update: 'number',
  eta: 'trial',
  rules: 'choice',
  xor: 'trial',
};

export function isLessonId(v: unknown): v is LessonId {
  return typeof v === 'string' && (LESSON_IDS as readonly string[]).includes(v);
}

/** The lesson after `id`, or null after the last. */
export function nextLesson(id: LessonId): LessonId | null {
  const k = LESSON_IDS.indexOf(id);
  return k + 1 < LESSON_IDS.length ? LESSON_IDS[k + 1] : null;
}

/**
 * Which lessons a player may open, given the ones they finished: every
 * finished lesson, and the first one not finished yet.
 */
export function openLessons(done: ReadonlySet<LessonId>): Set<LessonId> {
  const open = new Set<LessonId>();
  for (const id of LESSON_IDS) {
    open.add(id);
    if (!done.has(id)) break;
  }
  for (const id of done) open.add(id);
  return open;
}

/**
 * core/lessons/: what the lessons compute — the check at the end of each
 * lesson (numbers drawn from a seed, the answer worked out by the core and
 * kept by the host), the lesson picture the scene draws, the training runs
 * and the finite-difference readings. Pure and deterministic for a seed,
 * like the rest of core/; the host imports it to set and mark checks, the
 * renderer for types only.
 *
 *   catalog.ts    the lessons in order, what kind of check each has, which are open
 *   highlight.ts  the parts of the picture a lesson can point at
 *   picture.ts    the lesson picture (values shown, "?" for what is asked)
 *   checks.ts     the number checks of lessons 1–6 and their grading
 *   trial.ts      the training runs of lessons 7 and 9
 *   rules.ts      lesson 8: the two rules, the measured slope, its check
 *   compare.ts    lesson 8: one step of each rule side by side, and which δ differ
 *   training.ts   lesson 9: the live training run, as a level the host plays and judges
 *   protocol.ts   the lesson's messages between renderer and host
 */
export * from './catalog.js';
export * from './highlight.js';
export * from './picture.js';
export * from './checks.js';
export * from './trial.js';
export * from './rules.js';
export * from './compare.js';
export * from './training.js';
export * from './protocol.js';

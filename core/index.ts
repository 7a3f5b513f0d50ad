/**
 * core/: the simulation, pure TypeScript — no DOM, no Node, no Electron —
 * and deterministic for a seed. Anything may import it; it imports nothing
 * of app/ or renderer/ (only zod, for the schemas).
 *
 *   activation.ts  f(e) and df(e)/de, one at a time and a layer at a time
 *   fast-math.ts   exp and tanh as plain arithmetic, for the hot loops
 *   random.ts      the seeded generator
 *   network.ts     layers, flat weights and biases, names in the article's notation
 *   backprop.ts    one step: forward, backward (both rules), update
 *   compiled-step.ts  the same step written out for one shape, with constant indices
 *   trainer.ts     steps over samples, minibatches, divergence, dataset error
 *   schedule.ts    η schedules
 *   dataset.ts     seeded datasets and the train/test split
 *   trace-spec.ts  the `trace` command's spec and output
 *   protocol.ts    the messages between renderer and host
 *   levels/        challenge levels as data, their rules, stars and share codes
 */
export * from './activation.js';
export * from './random.js';
export * from './network.js';
export * from './backprop.js';
export * from './compiled-step.js';
export * from './trainer.js';
export * from './schedule.js';
export * from './dataset.js';
export * from './protocol.js';
export * from './levels/index.js';

/**
 * core/levels/: challenge levels as data.
 *
 *   level.ts       the Level type and its schema, the rules, star thresholds
 *   catalog.ts     the game's levels, in order
 *   share-code.ts  a level as a short code a player can type, and back
 */
export * from './level.js';
export * from './catalog.js';
export * from './share-code.js';

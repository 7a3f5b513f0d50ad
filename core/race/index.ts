/**
 * Races: many players, one challenge, the host's ranking.
 *
 *   join-code.ts    the short code students type, without look-alike characters
 *   nickname.ts     what a nickname may be, and when two clash
 *   challenges.ts   what a race is played on, and the host's settings
 *   ranking.ts      reached → fewest steps → earliest; the rest by lowest error
 *   results-csv.ts  the results as a spreadsheet file
 *   protocol.ts     the race's messages and their schemas
 *   self-update.ts  a player's own state as it travels: what changed since last time
 *   saved-race.ts   a finished race as the host keeps it, for the teacher's Past races
 */
export * from './join-code.js';
export * from './nickname.js';
export * from './challenges.js';
export * from './ranking.js';
export * from './results-csv.js';
export * from './protocol.js';
export * from './self-update.js';
export * from './saved-race.js';

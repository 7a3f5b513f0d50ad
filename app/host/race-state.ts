/**
 * The shared state of a race room: only what every screen needs and what
 * stays small however many play (the phase, the settings, the clock, the
 * count). Each player's own network and the leaderboard travel as
 * messages (race-room.ts), so a patch never grows with the class.
 */
import { Schema, type } from '@colyseus/schema';

export class RaceState extends Schema {
  @type('string') phase = 'lobby';
  @type('string') code = '';
  /** The level's id, or the share code it came from. */
  @type('string') challenge = '';
  @type('string') titleEn = '';
  @type('string') titleJa = '';
  @type('float64') targetError = 0;
  /** "train" or "test": the set the target error is measured on. */
  @type('string') targetOn = 'train';
  @type('uint32') stepBudget = 0;
  @type('uint16') timeLimitSeconds = 0;
  @type('uint32') stepsPerSecondCap = 0;
  /** 3, 2, 1 during the countdown. */
  @type('uint8') countdown = 0;
  @type('uint16') secondsLeft = 0;
  @type('uint16') players = 0;
  @type('uint16') reached = 0;
  /** Why the race ended: "finished", "time", "host-ended", "host-left"; "" before. */
  @type('string') endReason = '';
}

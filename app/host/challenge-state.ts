/**
 * The synced state of a challenge room: the sandbox's, plus the level and
 * how the attempt stands. Its JSON form is core/protocol.ts's WireState
 * with the fields of ChallengeWire.
 */
import { type } from '@colyseus/schema';
import { SandboxState } from './sandbox-state.js';

export class ChallengeState extends SandboxState {
  /** The level being played, as JSON (sent once). */
  @type('string') levelJson = '';
  /** Its share code. */
  @type('string') code = '';
  /** Its place in the game's levels, or −1 for a custom challenge. */
  @type('int16') levelIndex = -1;
  /** The error the target is measured on, now; −1 when unknown. */
  @type('float64') targetError = -1;
  /** "" while the attempt goes on; JSON of the session's ChallengeOutcome once decided. */
  @type('string') outcomeJson = '';
}

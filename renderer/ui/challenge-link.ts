/**
 * What the screens on a challenge room share (a level, and a lesson's live
 * training): the sandbox screen's `connect`, which opens the room, follows
 * its challenge state and says why it could not open; and the snapshot the
 * sandbox last showed. Each screen keeps the rest: what it draws of the
 * state, and what it sends through `client`.
 */
import type { SandboxSnapshot } from '../../core/protocol.js';
import type { ChallengeClient, ChallengeWire } from '../client.js';

export interface ChallengeLinkHooks {
  /** Opens the room. */
  open(): Promise<ChallengeClient>;
  /** The challenge state the host sent: the level, the error on the target's set, the outcome. */
  onChallenge(c: ChallengeWire): void;
  /** The sandbox shows a new snapshot (in `snapshot`). */
  onSnapshot(): void;
  /** The room could not be opened, for this reason (the host's words). */
  failed(reason: string): void;
}

export class ChallengeLink {
  /** The room, once open. */
  client: ChallengeClient | null = null;
  /** The snapshot the sandbox shows. */
  snapshot: SandboxSnapshot | null = null;

  constructor(private readonly hooks: ChallengeLinkHooks) {}

  /** The sandbox's connect (it calls it again on "Retry"). */
  readonly connect = async (): Promise<ChallengeClient> => {
    try {
      const c = await this.hooks.open();
      this.client = c;
      c.onChallenge((w) => this.hooks.onChallenge(w));
      if (c.challenge) this.hooks.onChallenge(c.challenge);
      return c;
    } catch (err) {
      this.hooks.failed((err as Error).message);
      throw err;
    }
  };

  /** The sandbox's onSnapshot. */
  readonly onSnapshot = (s: SandboxSnapshot): void => {
    this.snapshot = s;
    this.hooks.onSnapshot();
  };
}

/** Types the pieces of the Sandbox screen share. */
import type { Intent, IntentType } from '../../core/protocol.js';

/** Sends one intent to the host (GameClient.send, or nothing while disconnected). */
export type Send = <T extends IntentType>(type: T, body: Intent<T>) => void;

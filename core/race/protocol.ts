/**
 * The messages of a race, on top of core/protocol.ts's intents.
 *
 * A player sends the sandbox's intents for their own network, under the
 * level's rules. The host's screen sends the
 * race's own messages below. Every message is checked here before the
 * room acts on it, and the room answers refusals in words.
 */
import { z } from 'zod';
import { type CheckedIntent, type SandboxSnapshot, checkIntent } from '../protocol.js';
import type { Schedule } from '../schedule.js';
import { raceSettingsSchema } from './challenges.js';

export const RACE_PHASES = ['lobby', 'countdown', 'running', 'paused', 'ended'] as const;
export type RacePhase = (typeof RACE_PHASES)[number];

/** Options of a join: the host creates the room; a player joins it by its code. */
export const joinOptionsSchema = z.union([
  z.object({ role: z.literal('host') }).strict(),
  z.object({ role: z.literal('player'), nickname: z.string().max(200) }).strict(),
]);
export type JoinOptions = z.infer<typeof joinOptionsSchema>;

/** The host's messages, by type. */
export const hostMessageSchemas = {
  'race.settings': raceSettingsSchema,
  'race.start': z.object({}).strict(),
  'race.pause': z.object({}).strict(),
  'race.resume': z.object({}).strict(),
  'race.end': z.object({}).strict(),
  'race.kick': z.object({ seat: z.string().min(1).max(64) }).strict(),
} as const;
export type HostMessageType = keyof typeof hostMessageSchemas;
export type HostMessage<T extends HostMessageType = HostMessageType> = z.infer<(typeof hostMessageSchemas)[T]>;
export type CheckedHostMessage = { [T in HostMessageType]: { type: T; body: HostMessage<T> } }[HostMessageType];

function firstIssue(type: string, error: z.ZodError): string {
  const issue = error.issues[0];
  const path = issue.path.length ? issue.path.join('.') + ': ' : '';
  return `${type}: ${path}${issue.message}`;
}

export function checkHostMessage(type: unknown, body: unknown): { ok: true; message: CheckedHostMessage } | { ok: false; reason: string } {
  if (typeof type !== 'string' || !(type in hostMessageSchemas)) return { ok: false, reason: `unknown message ${JSON.stringify(type)}` };
  const result = hostMessageSchemas[type as HostMessageType].safeParse(body ?? {});
  if (!result.success) return { ok: false, reason: firstIssue(type, result.error) };
  return { ok: true, message: { type, body: result.data } as CheckedHostMessage };
}

/** A player's intent for their own network (the level's rules are the challenge session's to apply). */
export function checkRaceIntent(type: unknown, body: unknown): { ok: true; intent: CheckedIntent } | { ok: false; reason: string } {
  return checkIntent(type, body);
}

/** One row of the leaderboard, as the host computes it. */
export interface BoardRow {
  readonly seat: string;
  readonly place: number;
  readonly nickname: string;
  /** The current dataset error; null when the network diverged. */
  readonly error: number | null;
  readonly steps: number;
  readonly reached: boolean;
  /** Seconds from the start to reaching the target, or null. */
  readonly reachedSeconds: number | null;
  readonly connected: boolean;
}

/** The leaderboard, for the host's screen. */
export interface BoardMessage {
  readonly rows: readonly BoardRow[];
  /**
   * How fast the race plays, in percent of every player's speed: below 100
   * when the host's work budget cannot pay for all their steps; the same
   * for everyone.
   */
  readonly pacePercent: number;
}

/** A row of the top ten a player sees: what the leaderboard shows, without the host's bookkeeping. */
export type TopRow = Pick<BoardRow, 'place' | 'nickname' | 'error' | 'steps' | 'reached'>;

/** What a player knows about themselves: their network and their race (put together from updates, self-update.ts). */
export interface SelfMessage {
  readonly seat: string;
  readonly nickname: string;
  readonly snapshot: SandboxSnapshot;
  /** Steps used in this race (every step counts, resets included). */
  readonly steps: number;
  readonly reached: boolean;
  readonly place: number;
  readonly players: number;
  readonly top: readonly TopRow[];
}

/** One network on the projector. */
export interface ProjectorNet {
  readonly seat: string;
  readonly nickname: string;
  readonly place: number;
  readonly error: number | null;
  readonly reached: boolean;
  readonly steps: number;
  readonly layers: readonly number[];
  readonly weights: readonly number[];
  readonly eta: number;
}

/** The end of a race, for every screen. */
export interface RaceOverMessage {
  readonly reason: 'finished' | 'time' | 'host-ended' | 'host-left';
}

/** The host's full results, for the podium, the table and the CSV. */
export interface ResultsMessage {
  readonly rows: readonly (BoardRow & { readonly eta: number; readonly schedule: Schedule; readonly seconds: number })[];
  readonly csv: string;
}

/** Why a seat was closed on a player. */
export interface ClosedMessage {
  readonly reason: 'kicked' | 'host-left' | 'expired';
}

/**
 * A finished race as the host keeps it (app/host/race-archive.ts) and as
 * the teacher's "Past races" screen reads it: what was raced (the
 * challenge, its target, the step budget and the time limit), when and
 * why it ended, and every player's row of the results, in ranking order.
 *
 * The rows are the results' own (results-csv.ts), so the CSV of a kept
 * race is the one its podium exported. The schema checks a file read back
 * from disk: whole numbers where counts are, finite numbers, short names.
 */
import { z } from 'zod';
import { scheduleSchema } from '../schedule.js';
import { RACE_LIMITS } from './challenges.js';
import type { RaceOverMessage } from './protocol.js';
import type { ResultRow } from './results-csv.js';

/**
 * A kept race's id: when it ended (UTC, to the second) and four random
 * hex digits, e.g. 20261130-205148-a3f9. It sorts by time and names the
 * race's file, so nothing else may pass as one.
 */
export const RACE_ID_PATTERN = /^\d{8}-\d{6}-[0-9a-f]{4}$/;

export const END_REASONS = ['finished', 'time', 'host-ended', 'host-left'] as const satisfies readonly RaceOverMessage['reason'][];

const count = z.number().int().min(0);

export const resultRowSchema = z
  .object({
    place: z.number().int().min(1),
    nickname: z.string().min(1).max(64),
    reached: z.boolean(),
    steps: count,
    /** The final dataset error; null when the network diverged. */
    error: z.number().finite().min(0).nullable(),
    seconds: z.number().finite().min(0),
    eta: z.number().finite(),
    schedule: scheduleSchema,
  })
  .strict();

/** A race as it ends, before the host gives it an id. */
export const finishedRaceSchema = z
  .object({
    /** When it ended, as an ISO 8601 time (UTC). */
    ended: z.iso.datetime(),
    challenge: z
      .object({
        /** The level's id, or the share code the teacher typed. */
        code: z.string().min(1).max(64),
        titleEn: z.string().max(200),
        titleJa: z.string().max(200),
      })
      .strict(),
    targetError: z.number().finite().min(0),
    /** The set the target error is measured on. */
    targetOn: z.enum(['train', 'test']),
    stepBudget: z.number().int().min(RACE_LIMITS.minStepBudget).max(RACE_LIMITS.maxStepBudget),
    timeLimitSeconds: z.number().int().min(RACE_LIMITS.minTimeLimit).max(RACE_LIMITS.maxTimeLimit),
    /** Seconds of play from the start to the end (pauses excluded). */
    playedSeconds: z.number().finite().min(0),
    reason: z.enum(END_REASONS),
    rows: z.array(resultRowSchema).min(1).max(RACE_LIMITS.maxPlayers),
  })
  .strict();

export type FinishedRace = z.infer<typeof finishedRaceSchema>;

export const savedRaceSchema = finishedRaceSchema.extend({ id: z.string().regex(RACE_ID_PATTERN) }).strict();
export type SavedRace = z.infer<typeof savedRaceSchema>;

/** One line of the list of past races. */
export interface RaceSummary {
  readonly id: string;
  readonly ended: string;
  readonly challenge: FinishedRace['challenge'];
  readonly reason: FinishedRace['reason'];
  readonly players: number;
  readonly reached: number;
  /** The nickname in first place, as the podium had it. */
  readonly winner: string;
}

/** The line of the list: the winner is the podium's first (by steps if they reached the target, else by error). */
export function summarizeRace(race: SavedRace): RaceSummary {
  const first = race.rows.find((r) => r.place === 1) ?? race.rows[0];
  return {
    id: race.id,
    ended: race.ended,
    challenge: race.challenge,
    reason: race.reason,
    players: race.rows.length,
    reached: race.rows.filter((r) => r.reached).length,
    winner: first.nickname,
  };
}

/** What the host says of a race it tried to keep, to the teacher's screen. */
export type ArchivedMessage = { readonly saved: true; readonly id: string } | { readonly saved: false; readonly reason: string };

/** GET /api/races. */
export interface RaceListAnswer {
  readonly races: readonly RaceSummary[];
  /** How many kept races are at most kept; the oldest go first. */
  readonly max: number;
}

/** GET /api/races/:id. */
export interface RaceAnswer {
  readonly race: SavedRace;
  /** The results as the podium exported them (results-csv.ts). */
  readonly csv: string;
}

export type { ResultRow };

/**
 * What a race is played on: a challenge level (core/levels), by its id or
 * by a share code, with the level's network, seeded starting weights, η
 * schedule, rules and target. The host may change the step budget and set
 * a time limit in the lobby, within RACE_LIMITS.
 */
import { z } from 'zod';
import { LEVELS, type Level, decodeCode, levelById } from '../levels/index.js';

export const RACE_LIMITS = {
  minStepBudget: 10,
  maxStepBudget: 1_000_000,
  minTimeLimit: 10,
  maxTimeLimit: 3600,
  defaultTimeLimit: 180,
  /**
   * Steps a second any player may train at, the same for all, so that a
   * race is won by choices, not by a faster machine.
   */
  stepsPerSecondCap: 200,
  /** Players one race seats (the largest hosted classroom quiz games' size). */
  maxPlayers: 2000,
} as const;

/** The level a new race starts on. */
export const DEFAULT_RACE_LEVEL: Level = LEVELS[0];

/** A level by its id, or by a share code (built-in or custom); undefined when neither. */
export function findRaceLevel(idOrCode: string): Level | undefined {
  const byId = levelById(idOrCode);
  if (byId) return byId;
  const decoded = decodeCode(idOrCode);
  return decoded.ok ? decoded.level : undefined;
}

/** What the host may set in the lobby. */
export const raceSettingsSchema = z
  .object({
    /** A level id or a share code. */
    challenge: z.string().min(1).max(64),
    stepBudget: z.number().int().min(RACE_LIMITS.minStepBudget).max(RACE_LIMITS.maxStepBudget),
    timeLimitSeconds: z.number().int().min(RACE_LIMITS.minTimeLimit).max(RACE_LIMITS.maxTimeLimit),
  })
  .strict();
export type RaceSettings = z.infer<typeof raceSettingsSchema>;

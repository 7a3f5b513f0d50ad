/**
 * Finished races on disk, for the teacher's "Past races": one JSON file per
 * race, `races/race-<id>.json`, in the same data folder as progress.json
 * (progress-store.ts: --data-dir, BACKPROP_ARENA_DATA_DIR, or the
 * platform's data folder).
 *
 * Why a file per race rather than one file for all: a race of 2,000
 * players is about 300 KB of results, and a hundred races in one file
 * would mean rewriting up to 30 MB every time a race ends. With a file
 * per race, ending a race writes that race only, deleting one removes one
 * file, and a damaged file costs that race alone, never the others. The
 * list the screen shows (when, what, how many, who won) is kept in memory,
 * read once when the host starts; one race's rows are read when asked for.
 *
 * - Every write goes through write-file-atomic (a temporary file renamed
 *   into place, fsync'd), so a crash mid-write leaves no half race.
 * - Each file carries a version and is checked against the schema of
 *   core/race/saved-race.ts. A file that is not JSON, fails the schema or
 *   comes from a newer game is moved aside (race-<id>.json.unreadable-<time>)
 *   with a message, and the other races stay. A `races` that is not a
 *   folder is moved aside the same way. Never a crash.
 * - At most MAX_KEPT_RACES (100) races are kept; when one more is kept,
 *   the oldest (by when it ended) are deleted.
 *
 * API: openRaceArchive(dataDir) → archive; archive.list(), get(id),
 * keep(race), remove(id). keep() never throws: it says whether the race
 * was saved, and if not, why.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, renameSync, statSync } from 'node:fs';
import { readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import {
  type ArchivedMessage,
  type FinishedRace,
  RACE_ID_PATTERN,
  type RaceSummary,
  type SavedRace,
  finishedRaceSchema,
  savedRaceSchema,
  summarizeRace,
} from '../../core/race/index.js';

export const RACE_ARCHIVE_VERSION = 1;
/** The folder of kept races, inside the data folder. */
export const RACES_DIR = 'races';
/** How many finished races are kept; the oldest go first. */
export const MAX_KEPT_RACES = 100;

const FILE_PATTERN = /^race-(\d{8}-\d{6}-[0-9a-f]{4})\.json$/;

export function raceFileName(id: string): string {
  return `race-${id}.json`;
}

/** Newest first: by when it ended, then by id. */
function newestFirst(a: RaceSummary, b: RaceSummary): number {
  if (a.ended !== b.ended) return a.ended < b.ended ? 1 : -1;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

function stamp(): string {
  return new Date().toISOString().replace(/[:.]/g, '-');
}

/** The id of a race that ended at `ended`: its UTC time to the second and four random hex digits. */
function freshId(ended: string, taken: (id: string) => boolean): string {
  const time = ended.slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
  for (;;) {
    const id = `${time}-${randomBytes(2).toString('hex')}`;
    if (!taken(id)) return id;
  }
}

/** Reads one race file: the race, or why it cannot be read. */
function parseRaceFile(text: string, id: string): { race: SavedRace } | { problem: string } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { problem: 'is not valid JSON' };
  }
  if (!data || typeof data !== 'object') return { problem: 'is not a race file' };
  const doc = data as Record<string, unknown>;
  if (typeof doc.version !== 'number' || !Number.isInteger(doc.version)) return { problem: 'has no version number' };
  if (doc.version > RACE_ARCHIVE_VERSION) return { problem: `comes from a newer version of the game (file version ${doc.version})` };
  if (doc.version < RACE_ARCHIVE_VERSION) return { problem: `has version ${doc.version}, which this game cannot convert` };
  const checked = savedRaceSchema.safeParse(doc.race);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    return { problem: `does not match the race format (race.${issue.path.join('.')}: ${issue.message})` };
  }
  if (checked.data.id !== id) return { problem: `holds race ${checked.data.id}, not ${id} as its name says` };
  return { race: checked.data };
}

export interface RaceArchive {
  /** The folder the races are kept in. */
  readonly dir: string;
  /** How many races are kept at most. */
  readonly max: number;
  /** What went wrong at load, each said for a person. */
  readonly loadProblems: readonly string[];
  /** Every kept race's line, newest first. */
  list(): RaceSummary[];
  /** One kept race with its rows, or null when there is none by that id (or its file could no longer be read). */
  get(id: string): Promise<SavedRace | null>;
  /** Keeps a finished race; resolves once it is on disk, saying whether it was saved and, if not, why. */
  keep(race: FinishedRace): Promise<ArchivedMessage>;
  /** Deletes a kept race; false when there was none by that id. */
  remove(id: string): Promise<boolean>;
}

export interface RaceArchiveOptions {
  /** How many races to keep (default MAX_KEPT_RACES). */
  max?: number;
  log?: (line: string) => void;
}

export function openRaceArchive(dataDir: string, options: RaceArchiveOptions = {}): RaceArchive {
  const log = options.log ?? ((l: string) => process.stderr.write(`${l}\n`));
  const max = Math.max(1, Math.floor(options.max ?? MAX_KEPT_RACES));
  const dir = join(dataDir, RACES_DIR);
  const problems: string[] = [];
  const problem = (line: string) => {
    problems.push(line);
    log(`races: ${line}`);
  };
  /** The kept races' lines by id. */
  const kept = new Map<string, RaceSummary>();

  const moveAside = (path: string, why: string): void => {
    const to = `${path}.unreadable-${stamp()}`;
    try {
      renameSync(path, to);
      problem(`${path} ${why}; it was moved to ${to}`);
    } catch {
      problem(`${path} ${why}; it could not be moved aside and is left out`);
    }
  };

  // ---- load: every race file's line; anything unreadable is moved aside.
  let names: string[] = [];
  try {
    if (!statSync(dir).isDirectory()) moveAside(dir, 'is not a folder');
    else names = readdirSync(dir);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') problem(`could not read ${dir} (${(err as Error).message}); no past races are listed`);
  }
  for (const name of names) {
    const m = FILE_PATTERN.exec(name);
    if (!m) continue;
    const path = join(dir, name);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (err) {
      problem(`could not read ${path} (${(err as Error).message}); it is left out`);
      continue;
    }
    const read = parseRaceFile(text, m[1]);
    if ('problem' in read) moveAside(path, read.problem);
    else kept.set(read.race.id, summarizeRace(read.race));
  }

  /** Changes to the folder go one after another, so the list and the files agree. */
  let chain: Promise<unknown> = Promise.resolve();
  const inTurn = <T>(job: () => Promise<T>): Promise<T> => {
    const next = chain.catch(() => undefined).then(job);
    chain = next.catch(() => undefined);
    return next;
  };

  const removeFile = async (id: string): Promise<void> => {
    try {
      await unlink(join(dir, raceFileName(id)));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  };

  return {
    dir,
    max,
    loadProblems: problems,
    list: () => [...kept.values()].sort(newestFirst),
    async get(id) {
      if (!RACE_ID_PATTERN.test(id) || !kept.has(id)) return null;
      const path = join(dir, raceFileName(id));
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
        kept.delete(id);
        return null;
      }
      const read = parseRaceFile(text, id);
      if ('race' in read) return read.race;
      kept.delete(id);
      moveAside(path, read.problem);
      return null;
    },
    keep(race) {
      const checked = finishedRaceSchema.safeParse(race);
      if (!checked.success) {
        const issue = checked.error.issues[0];
        const reason = `the results do not match the race format (${issue.path.join('.')}: ${issue.message})`;
        log(`races: not saved: ${reason}`);
        return Promise.resolve({ saved: false, reason });
      }
      return inTurn(async (): Promise<ArchivedMessage> => {
        const id = freshId(checked.data.ended, (k) => kept.has(k));
        const saved: SavedRace = { id, ...checked.data };
        try {
          mkdirSync(dir, { recursive: true });
          await writeFileAtomic(join(dir, raceFileName(id)), `${JSON.stringify({ version: RACE_ARCHIVE_VERSION, race: saved })}\n`, { encoding: 'utf8', fsync: true });
        } catch (err) {
          const reason = `could not write to ${dir} (${(err as Error).message})`;
          log(`races: not saved: ${reason}`);
          return { saved: false, reason };
        }
        kept.set(id, summarizeRace(saved));
        // The bound: the oldest go first.
        for (const old of [...kept.values()].sort(newestFirst).slice(max)) {
          kept.delete(old.id);
          try {
            await removeFile(old.id);
          } catch (err) {
            log(`races: could not delete the oldest race ${old.id} (${(err as Error).message})`);
          }
        }
        return { saved: true, id };
      });
    },
    remove(id) {
      return inTurn(async () => {
        if (!RACE_ID_PATTERN.test(id) || !kept.has(id)) return false;
        await removeFile(id);
        kept.delete(id);
        return true;
      });
    },
  };
}

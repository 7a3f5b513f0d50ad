/**
 * Progress and settings on disk: one JSON file, `progress.json`, in the
 * user's data folder (env-paths' data path for "backprop-arena"), or in the
 * folder given by `--data-dir DIR` or BACKPROP_ARENA_DATA_DIR.
 *
 * - Every write goes through write-file-atomic (a temporary file renamed
 *   over the old one), so a crash mid-write leaves the old file or the new
 *   one, never half of either: at most the last change is lost.
 * - The file is checked against a schema and carries a version; older
 *   versions pass through MIGRATIONS in turn.
 * - A file that is not JSON, fails the schema or comes from a newer game is
 *   moved aside (progress.json.unreadable-<time>) with a message, and a
 *   fresh file is started. Never a crash.
 *
 * API: openProgressStore(dir) → store; store.progress (read), recordWin,
 * setSettings; both write at once and resolve when the file is on disk.
 */
import { mkdirSync, readFileSync, renameSync } from 'node:fs';
import { join, resolve } from 'node:path';
import envPaths from 'env-paths';
import writeFileAtomic from 'write-file-atomic';
import { z } from 'zod';

export const PROGRESS_VERSION = 1;
export const PROGRESS_FILE = 'progress.json';
export const DATA_DIR_ENV = 'BACKPROP_ARENA_DATA_DIR';

export const settingsSchema = z
  .object({
    language: z.enum(['en', 'ja']).optional(),
    reducedMotion: z.boolean().optional(),
    /** The slow-motion pace: how long one animated step takes, in seconds. */
    stepSeconds: z.number().finite().min(2).max(30).optional(),
  })
  .strict();
export type StoredSettings = z.infer<typeof settingsSchema>;

export const levelProgressSchema = z
  .object({
    /** Best stars won, 1–3. */
    stars: z.number().int().min(1).max(3),
    /** Fewest steps of a win. */
    bestSteps: z.number().int().min(0),
    /** Lowest error of a win. */
    bestError: z.number().finite().min(0),
  })
  .strict();
export type LevelProgress = z.infer<typeof levelProgressSchema>;

export const progressSchema = z
  .object({
    version: z.literal(PROGRESS_VERSION),
    /** Won levels by id; a level opens when the one before it is won. */
    levels: z.record(z.string().max(40), levelProgressSchema),
    /** Finished lessons by id (core/lessons/catalog.ts); absent until the first is finished. */
    lessons: z.array(z.string().max(40)).max(64).optional(),
    settings: settingsSchema,
  })
  .strict();
export type Progress = z.infer<typeof progressSchema>;

/** From version k to k + 1, by k. Empty while there has only been one version. */
const MIGRATIONS: Record<number, (old: Record<string, unknown>) => Record<string, unknown>> = {};

export function freshProgress(): Progress {
  return { version: PROGRESS_VERSION, levels: {}, settings: {} };
}

/** Where progress lives: --data-dir, else the environment variable, else the platform's data folder. */
export function resolveDataDir(flag?: string): string {
  if (flag) return resolve(flag);
  const env = process.env[DATA_DIR_ENV];
  if (env) return resolve(env);
  return envPaths('backprop-arena', { suffix: '' }).data;
}

export type LoadResult = { progress: Progress; problem: string | null };

/** Reads and checks the file; anything wrong is moved aside and reported, never thrown. */
export function loadProgress(dir: string): LoadResult {
  const path = join(dir, PROGRESS_FILE);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { progress: freshProgress(), problem: null };
    return { progress: freshProgress(), problem: `could not read ${path} (${(err as Error).message}); starting with fresh progress` };
  }
  const aside = (why: string): LoadResult => {
    const to = `${path}.unreadable-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    try {
      renameSync(path, to);
      return { progress: freshProgress(), problem: `${path} ${why}; it was moved to ${to} and fresh progress started` };
    } catch {
      return { progress: freshProgress(), problem: `${path} ${why}; fresh progress started (the file could not be moved aside)` };
    }
  };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return aside('is not valid JSON');
  }
  if (!data || typeof data !== 'object') return aside('is not a progress file');
  let doc = data as Record<string, unknown>;
  let version = doc.version;
  if (typeof version !== 'number' || !Number.isInteger(version)) return aside('has no version number');
  if (version > PROGRESS_VERSION) return aside(`comes from a newer version of the game (file version ${version})`);
  while (version < PROGRESS_VERSION) {
    const step = MIGRATIONS[version];
    if (!step) return aside(`has version ${version}, which this game cannot convert`);
    doc = step(doc);
    version += 1;
  }
  const checked = progressSchema.safeParse({ ...doc, version });
  if (!checked.success) return aside(`does not match the progress format (${checked.error.issues[0].path.join('.')}: ${checked.error.issues[0].message})`);
  return { progress: checked.data, problem: null };
}

export interface ProgressStore {
  readonly dir: string;
  /** The current progress (a copy is not made: read it, don't change it). */
  readonly progress: Progress;
  /** What went wrong at load, said for a person, or null. */
  readonly loadProblem: string | null;
  /** Records a win; keeps the best stars, fewest steps and lowest error. Resolves once on disk. */
  recordWin(levelId: string, win: { stars: 1 | 2 | 3; steps: number; error: number }): Promise<void>;
  /** Records a finished lesson; resolves once on disk. */
  recordLesson(lessonId: string): Promise<void>;
  /** Changes some settings; resolves once on disk. */
  setSettings(patch: StoredSettings): Promise<void>;
}

export function openProgressStore(dir: string, log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): ProgressStore {
  const loaded = loadProgress(dir);
  if (loaded.problem) log(`progress: ${loaded.problem}`);
  let progress = loaded.progress;
  let chain: Promise<void> = Promise.resolve();
  const path = join(dir, PROGRESS_FILE);

  /** Writes go one after another, each the whole file as it is then. */
  const save = (): Promise<void> => {
    const text = `${JSON.stringify(progress, null, 2)}\n`;
    chain = chain
      .catch(() => undefined)
      .then(async () => {
        mkdirSync(dir, { recursive: true });
        await writeFileAtomic(path, text, { encoding: 'utf8', fsync: true });
      })
      .catch((err: Error) => log(`progress: could not save to ${path}: ${err.message}`));
    return chain;
  };

  return {
    dir,
    get progress() {
      return progress;
    },
    loadProblem: loaded.problem,
    recordWin(levelId, win) {
      const old = progress.levels[levelId];
      const next: LevelProgress = old
        ? { stars: Math.max(old.stars, win.stars), bestSteps: Math.min(old.bestSteps, win.steps), bestError: Math.min(old.bestError, win.error) }
        : { stars: win.stars, bestSteps: win.steps, bestError: win.error };
      progress = { ...progress, levels: { ...progress.levels, [levelId]: next } };
      return save();
    },
    recordLesson(lessonId) {
      const lessons = progress.lessons ?? [];
      if (lessons.includes(lessonId)) return chain;
      progress = { ...progress, lessons: [...lessons, lessonId] };
      return save();
    },
    setSettings(patch) {
      progress = { ...progress, settings: { ...progress.settings, ...settingsSchema.parse(patch) } };
      return save();
    },
  };
}

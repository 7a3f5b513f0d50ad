/**
 * The player's settings: language, reduced motion and the slow-motion pace.
 * The host keeps them on disk (app/host/progress-store.ts); this browser
 * keeps a copy in localStorage, so the game starts in the right language at
 * once and still starts when the host has none yet (or keeps none). A value
 * that is missing or malformed falls back to the system's choice
 * (navigator.language, prefers-reduced-motion).
 */
import { type HostProgress, saveHostSettings } from '../client.js';
import { isGuest } from '../guest.js';
import { type Language, isLanguage, systemLanguage } from '../i18n.js';

const KEY = 'backprop-arena.settings.v1';

export interface Settings {
  language: Language;
  reducedMotion: boolean;
  /** How long one step takes in slow motion, in seconds (Step, and a held step played on). */
  stepSeconds: number;
}

/** The slow-motion pace a player may pick, in seconds per step. */
export const STEP_SECONDS = { min: 2, max: 30, initial: 4 } as const;

interface Stored {
  language?: unknown;
  reducedMotion?: unknown;
  stepSeconds?: unknown;
}

function systemReducedMotion(): boolean {
  return typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
}

function readStored(): Stored {
  try {
    const raw = localStorage.getItem(KEY);
    const parsed: unknown = raw ? JSON.parse(raw) : null;
    return parsed && typeof parsed === 'object' ? (parsed as Stored) : {};
  } catch {
    return {};
  }
}

export function loadSettings(): Settings {
  const stored = readStored();
  return {
    language: isLanguage(stored.language) ? stored.language : systemLanguage(),
    reducedMotion: typeof stored.reducedMotion === 'boolean' ? stored.reducedMotion : systemReducedMotion(),
    stepSeconds:
      typeof stored.stepSeconds === 'number' && stored.stepSeconds >= STEP_SECONDS.min && stored.stepSeconds <= STEP_SECONDS.max
        ? stored.stepSeconds
        : STEP_SECONDS.initial,
  };
}

/**
 * The settings to start with once the host has answered. A choice made in
 * this browser stands (and is sent up if the host lacks it or differs);
 * where this browser has made none, the host's is taken; where neither
 * has one, the system's stays (and is not sent up: no one chose it).
 */
export function settingsFromHost(local: Settings, host: HostProgress['settings'] | null): Settings {
  if (!host) return local;
  const stored = readStored() as Record<string, unknown>;
  const theirs = host as Record<string, unknown>;
  const merged: Record<string, unknown> = { ...local };
  const up: Record<string, unknown> = {};
  // Every setting alike: a value is usable when it has the type of the one this visit started with.
  const usable = (key: string, v: unknown) => (key === 'language' ? isLanguage(v) : typeof v === typeof (local as unknown as Record<string, unknown>)[key]);
  for (const key of Object.keys(local)) {
    if (usable(key, stored[key])) {
      merged[key] = stored[key];
      if (theirs[key] !== stored[key]) up[key] = stored[key];
    } else if (usable(key, theirs[key])) {
      merged[key] = theirs[key];
    }
  }
  if (Object.keys(up).length > 0) void saveHostSettings(up as HostProgress['settings']);
  return merged as unknown as Settings;
}

/** Remembers one setting, on the host and in this browser; the others stay as they were. */
export function saveSetting<K extends keyof Settings>(key: K, value: Settings[K]): void {
  if (key !== 'stepSeconds' && !isGuest()) void saveHostSettings({ [key]: value });
  const stored = readStored();
  stored[key] = value;
  try {
    localStorage.setItem(KEY, JSON.stringify(stored));
  } catch {
    // Storage may be full or blocked (private windows); the setting then lasts for this visit.
  }
}

/** The live settings of this visit: read them, change them, hear of changes. */
export interface Prefs {
  readonly reducedMotion: boolean;
  setReducedMotion(on: boolean): void;
  onReducedMotion(fn: (on: boolean) => void): () => void;
  readonly stepSeconds: number;
  setStepSeconds(seconds: number): void;
}

export function createPrefs(initial: Settings): Prefs {
  let reducedMotion = initial.reducedMotion;
  let stepSeconds = initial.stepSeconds;
  const listeners = new Set<(on: boolean) => void>();
  const apply = () => document.documentElement.toggleAttribute('data-reduced-motion', reducedMotion);
  apply();
  return {
    get reducedMotion() {
      return reducedMotion;
    },
    setReducedMotion(on) {
      if (on === reducedMotion) return;
      reducedMotion = on;
      saveSetting('reducedMotion', on);
      apply();
      for (const fn of listeners) fn(on);
    },
    onReducedMotion(fn) {
      listeners.add(fn);
      return () => void listeners.delete(fn);
    },
    get stepSeconds() {
      return stepSeconds;
    },
    setStepSeconds(seconds) {
      const s = Math.min(STEP_SECONDS.max, Math.max(STEP_SECONDS.min, Math.round(seconds)));
      if (s === stepSeconds) return;
      stepSeconds = s;
      saveSetting('stepSeconds', s);
    },
  };
}

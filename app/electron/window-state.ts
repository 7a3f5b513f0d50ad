/**
 * The window's size, position and full-screen state, remembered between
 * runs in window-state.json in the user's data folder. Written atomically
 * (a crash mid-write leaves the old file); a file that cannot be read is
 * moved aside and the window opens at its default size. A remembered
 * position on a screen that is gone no longer counts: the window opens
 * centred on the main screen instead.
 */
import { readFile, rename } from 'node:fs/promises';
import writeFileAtomic from 'write-file-atomic';
import { z } from 'zod';

export const WINDOW_STATE_VERSION = 1;

const pixels = z.number().int().min(-100_000).max(100_000);
const windowStateSchema = z
  .object({
    version: z.literal(WINDOW_STATE_VERSION),
    x: pixels.optional(),
    y: pixels.optional(),
    width: z.number().int().min(1).max(100_000),
    height: z.number().int().min(1).max(100_000),
    maximized: z.boolean(),
    fullScreen: z.boolean(),
  })
  .strict();

export type WindowState = z.infer<typeof windowStateSchema>;

export const DEFAULT_WINDOW_STATE: WindowState = { version: WINDOW_STATE_VERSION, width: 1280, height: 800, maximized: false, fullScreen: false };
export const MIN_WIDTH = 1024;
export const MIN_HEIGHT = 640;

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Reads the remembered state; a missing file gives the default, an unreadable one is moved aside first. */
export async function loadWindowState(file: string, log: (line: string) => void = () => undefined): Promise<WindowState> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return DEFAULT_WINDOW_STATE;
  }
  let parsed: ReturnType<typeof windowStateSchema.safeParse> | null = null;
  try {
    parsed = windowStateSchema.safeParse(JSON.parse(text));
  } catch {
    parsed = null;
  }
  if (parsed?.success) return parsed.data;
  const aside = `${file}.unreadable-${Date.now()}`;
  try {
    await rename(file, aside);
    log(`the remembered window size could not be read; it was moved to ${aside} and the window opens at its default size`);
  } catch {
    // Moving it aside failed too (read-only folder): the default size still does.
  }
  return DEFAULT_WINDOW_STATE;
}

export async function saveWindowState(file: string, state: WindowState): Promise<void> {
  await writeFileAtomic(file, JSON.stringify(windowStateSchema.parse(state)) + '\n');
}

/** How much of a window must show on some screen for its place to count: a good grip of its title bar. */
const MIN_VISIBLE = { width: 120, height: 40 };

function overlap(a: Rect, b: Rect): { width: number; height: number } {
  return {
    width: Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x),
    height: Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y),
  };
}

/**
 * The state fitted to the screens there are now (their work areas): no
 * larger than the biggest, no smaller than the game's minimum, and placed
 * where it was only if enough of it would show on one of them.
 */
export function fitToScreens(state: WindowState, workAreas: readonly Rect[]): WindowState {
  const widest = Math.max(MIN_WIDTH, ...workAreas.map((a) => a.width));
  const tallest = Math.max(MIN_HEIGHT, ...workAreas.map((a) => a.height));
  const width = Math.min(Math.max(state.width, MIN_WIDTH), widest);
  const height = Math.min(Math.max(state.height, MIN_HEIGHT), tallest);
  const fitted: WindowState = { ...state, width, height };
  if (state.x === undefined || state.y === undefined) return fitted;
  const bounds = { x: state.x, y: state.y, width, height };
  const shows = workAreas.some((area) => {
    const o = overlap(bounds, area);
    return o.width >= MIN_VISIBLE.width && o.height >= MIN_VISIBLE.height && state.y! >= area.y - 8;
  });
  if (shows) return fitted;
  const { x: _x, y: _y, ...centred } = fitted;
  return centred;
}

/** The parts of BrowserWindow the tracker reads. */
export interface TrackedWindow {
  getNormalBounds(): Rect;
  isMaximized(): boolean;
  isFullScreen(): boolean;
  on(event: 'resize' | 'move' | 'maximize' | 'unmaximize' | 'enter-full-screen' | 'leave-full-screen' | 'close', listener: () => void): unknown;
}

export function stateOf(win: TrackedWindow): WindowState {
  const b = win.getNormalBounds();
  return {
    version: WINDOW_STATE_VERSION,
    x: Math.round(b.x),
    y: Math.round(b.y),
    width: Math.round(b.width),
    height: Math.round(b.height),
    maximized: win.isMaximized(),
    fullScreen: win.isFullScreen(),
  };
}

/**
 * Remembers the window's state as it changes (at most once a second) and
 * when it closes. Returns a function that writes the last state now.
 */
export function trackWindow(win: TrackedWindow, file: string, log: (line: string) => void = () => undefined): () => Promise<void> {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let last = stateOf(win);
  const save = async () => {
    if (timer) clearTimeout(timer);
    timer = null;
    try {
      await saveWindowState(file, last);
    } catch (err) {
      log(`the window size could not be remembered: ${(err as Error).message}`);
    }
  };
  const changed = () => {
    last = stateOf(win);
    timer ??= setTimeout(() => void save(), 1000);
  };
  for (const event of ['resize', 'move', 'maximize', 'unmaximize', 'enter-full-screen', 'leave-full-screen'] as const) win.on(event, changed);
  win.on('close', () => {
    last = stateOf(win);
    void save();
  });
  return save;
}

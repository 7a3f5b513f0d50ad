/**
 * The window's size, place and full screen, remembered on disk
 * (app/electron/window-state.ts), with a fake window and real files in a
 * temporary folder.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_WINDOW_STATE,
  type Rect,
  type TrackedWindow,
  type WindowState,
  fitToScreens,
  loadWindowState,
  saveWindowState,
  trackWindow,
} from '../../app/electron/window-state.js';
import { FakeEmitter } from './fake-electron.js';

const dir = mkdtempSync(join(tmpdir(), 'bpa-window-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const screen1080: Rect = { x: 0, y: 0, width: 1920, height: 1040 };
const secondScreen: Rect = { x: 1920, y: 0, width: 1280, height: 1024 };
const state: WindowState = { version: 1, x: 200, y: 120, width: 1400, height: 900, maximized: false, fullScreen: true };

describe('loadWindowState and saveWindowState', () => {
  it('remembers what was saved', async () => {
    const file = join(dir, 'a.json');
    await saveWindowState(file, state);
    expect(await loadWindowState(file)).toEqual(state);
  });

  it('opens at the default size on first start', async () => {
    expect(await loadWindowState(join(dir, 'none.json'))).toEqual(DEFAULT_WINDOW_STATE);
  });

  it('moves an unreadable file aside, says so, and opens at the default size', async () => {
    for (const [name, content] of [
      ['garbled.json', '{"version": 1, "wid'],
      ['wrong.json', JSON.stringify({ ...state, width: -5 })],
      ['future.json', JSON.stringify({ ...state, version: 2 })],
    ]) {
      const file = join(dir, name);
      writeFileSync(file, content);
      const lines: string[] = [];
      expect(await loadWindowState(file, (l) => lines.push(l))).toEqual(DEFAULT_WINDOW_STATE);
      expect(existsSync(file)).toBe(false);
      const aside = readdirSync(dir).find((f) => f.startsWith(`${name}.unreadable-`));
      expect(aside, name).toBeDefined();
      expect(readFileSync(join(dir, aside!), 'utf8')).toBe(content);
      expect(lines[0]).toMatch(/moved to/);
    }
  });
});

describe('fitToScreens', () => {
  it('keeps a place that shows on a screen, the second one included', () => {
    expect(fitToScreens(state, [screen1080])).toEqual(state);
    const right = { ...state, x: 2000, y: 50, width: 1200, height: 800 };
    expect(fitToScreens(right, [screen1080, secondScreen])).toEqual(right);
  });

  it('forgets a place on a screen that is gone, so the window opens centred', () => {
    const fitted = fitToScreens({ ...state, x: 2000, width: 1200, height: 800 }, [screen1080]);
    expect(fitted.x).toBeUndefined();
    expect(fitted.y).toBeUndefined();
    expect(fitted.width).toBe(1200);
  });

  it('forgets a place with the title bar above the top of the screen', () => {
    expect(fitToScreens({ ...state, y: -300 }, [screen1080]).y).toBeUndefined();
  });

  it('shrinks a window larger than any screen, and grows one below the game’s minimum', () => {
    expect(fitToScreens({ ...state, width: 5000, height: 3000 }, [screen1080])).toMatchObject({ width: 1920, height: 1040 });
    expect(fitToScreens({ ...state, width: 300, height: 200 }, [screen1080])).toMatchObject({ width: 1024, height: 640 });
  });
});

class FakeWindow extends FakeEmitter implements TrackedWindow {
  bounds: Rect = { x: 10, y: 20, width: 1300, height: 820 };
  maximized = false;
  fullScreen = false;
  getNormalBounds(): Rect {
    return this.bounds;
  }
  isMaximized(): boolean {
    return this.maximized;
  }
  isFullScreen(): boolean {
    return this.fullScreen;
  }
}

describe('trackWindow', () => {
  it('writes the window’s state when it closes: normal bounds, maximised and full screen', async () => {
    const file = join(dir, 'tracked.json');
    const win = new FakeWindow();
    const flush = trackWindow(win, file);
    win.bounds = { x: 300.4, y: 200, width: 1500, height: 950 };
    win.emit('resize');
    win.fullScreen = true;
    win.emit('enter-full-screen');
    win.emit('close');
    await flush();
    expect(await loadWindowState(file)).toEqual({ version: 1, x: 300, y: 200, width: 1500, height: 950, maximized: false, fullScreen: true });
  });
});

/**
 * The game's window and what its page may run: no Node, a world of its own
 * for the preload, Chromium's sandbox, the same-origin policy, no webviews,
 * no experimental or extra Blink features, no developer tools in packaged
 * builds. The options are written out here, in one literal, so that
 * reviewers and electronegativity read them as they are. The BrowserWindow
 * class comes in as an argument (a fake one in the tests).
 */
import type { BrowserWindowConstructorOptions } from 'electron';
import { MIN_HEIGHT, MIN_WIDTH, type WindowState } from './window-state.js';

export interface WindowSetup {
  /** The bundled preload script (preload.cjs). */
  preload: string;
  packaged: boolean;
  /** The remembered size and place, fitted to today's screens. */
  state: WindowState;
}

export function createMainWindow<W>(BrowserWindow: new (options: BrowserWindowConstructorOptions) => W, setup: WindowSetup): W {
  const { state } = setup;
  return new BrowserWindow({
    ...(state.x !== undefined && state.y !== undefined && { x: state.x, y: state.y }),
    width: state.width,
    height: state.height,
    minWidth: MIN_WIDTH,
    minHeight: MIN_HEIGHT,
    fullscreen: state.fullScreen,
    show: false,
    title: 'Backprop Arena',
    backgroundColor: '#f7f5f0',
    webPreferences: {
      // Reviewed: our own bundled script, which hands the page only the schema-checked bridge (preload.ts).
      preload: setup.preload, // eng-disable PRELOAD_JS_CHECK
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      sandbox: true,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      // The middle click would open links in new windows without the window-open handler's say.
      disableBlinkFeatures: 'Auxclick',
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      devTools: !setup.packaged,
    },
  });
}

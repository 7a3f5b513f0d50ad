/**
 * The window's options and locks (app/electron/window.ts, security.ts), with Electron's objects
 * replaced by small fakes: what the page may run, where it may go, what it
 * may load, and what it may ask for.
 */
import { describe, expect, it, vi } from 'vitest';
import {
  EXTERNAL_LINKS,
  type GuardedContents,
  type LockedSession,
  guardContents,
  isAllowedExternal,
  isAllowedPermission,
  isAllowedRequest,
  isAppUrl,
  lockSession,
} from '../../app/electron/security.js';
import type { BrowserWindowConstructorOptions } from 'electron';
import { createMainWindow } from '../../app/electron/window.js';
import { DEFAULT_WINDOW_STATE, type WindowState } from '../../app/electron/window-state.js';
import { FakeEmitter, fakeEvent } from './fake-electron.js';

const APP = 'http://127.0.0.1:45123';
const ARTICLE = EXTERNAL_LINKS[0];

describe('createMainWindow', () => {
  class FakeBrowserWindow {
    constructor(readonly options: BrowserWindowConstructorOptions) {}
  }
  const make = (packaged: boolean, state: WindowState = DEFAULT_WINDOW_STATE) =>
    createMainWindow(FakeBrowserWindow, { preload: '/app/preload.cjs', packaged, state }).options;

  it('turns on isolation, the sandbox and web security, and Node off, in every build', () => {
    for (const packaged of [false, true]) {
      expect(make(packaged).webPreferences).toMatchObject({
        preload: '/app/preload.cjs',
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        nodeIntegrationInSubFrames: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        experimentalFeatures: false,
        webviewTag: false,
        disableBlinkFeatures: 'Auxclick',
      });
    }
  });

  it('gives developer tools to development builds only', () => {
    expect(make(false).webPreferences?.devTools).toBe(true);
    expect(make(true).webPreferences?.devTools).toBe(false);
  });

  it('opens at the remembered size and place, full screen if it was, never below the game’s minimum', () => {
    const o = make(true, { version: 1, x: 40, y: 30, width: 1500, height: 900, maximized: false, fullScreen: true });
    expect(o).toMatchObject({ x: 40, y: 30, width: 1500, height: 900, fullscreen: true, minWidth: 1024, minHeight: 640, title: 'Backprop Arena' });
    const centred = make(true);
    expect(centred.x).toBeUndefined();
    expect(centred).toMatchObject({ width: 1280, height: 800, fullscreen: false });
  });
});

describe('where the page may go', () => {
  it('counts only the host’s own origin as the app', () => {
    expect(isAppUrl(`${APP}/`, APP)).toBe(true);
    expect(isAppUrl(`${APP}/index.html?renderer=canvas#x`, APP)).toBe(true);
    for (const url of [
      'http://127.0.0.1:45124/',
      'http://localhost:45123/',
      'https://127.0.0.1:45123/',
      'http://127.0.0.1:45123@evil.example/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'not a url',
    ]) {
      expect(isAppUrl(url, APP), url).toBe(false);
    }
  });

  it('opens outside only https links on the project’s list, exactly', () => {
    expect(isAllowedExternal(ARTICLE)).toBe(true);
    expect(isAllowedExternal(`${ARTICLE}#figure-3`)).toBe(true);
    for (const url of [
      ARTICLE.replace('https:', 'http:'),
      ARTICLE.replace('home.agh.edu.pl', 'home.agh.edu.pl.evil.example'),
      ARTICLE.replace('https://', 'https://user:pass@'),
      ARTICLE.replace('backprop.html', 'other.html'),
      'https://example.com/',
      'mailto:someone@example.com',
      'file:///C:/Windows/system32/calc.exe',
    ]) {
      expect(isAllowedExternal(url), url).toBe(false);
    }
  });

  it('loads nothing but the host, its WebSocket, and data the page made itself', () => {
    for (const url of [`${APP}/assets/index.js`, 'ws://127.0.0.1:45123/abc?sessionId=1', 'data:image/png;base64,AAAA', 'blob:http://127.0.0.1:45123/uuid']) {
      expect(isAllowedRequest(url, APP), url).toBe(true);
    }
    for (const url of ['https://cdn.example.com/pixi.js', 'ws://127.0.0.1:9999/', 'wss://127.0.0.1:45123/', 'http://127.0.0.1:45124/x.js', 'file:///etc/hosts', 'ftp://x/']) {
      expect(isAllowedRequest(url, APP), url).toBe(false);
    }
  });

  it('refuses every permission but writing the clipboard, and that only for the app', () => {
    expect(isAllowedPermission('clipboard-sanitized-write', `${APP}/`, APP)).toBe(true);
    expect(isAllowedPermission('clipboard-sanitized-write', 'https://evil.example/', APP)).toBe(false);
    for (const p of ['media', 'notifications', 'geolocation', 'midi', 'midiSysex', 'fullscreen', 'openExternal', 'clipboard-read', 'pointerLock', 'display-capture']) {
      expect(isAllowedPermission(p, `${APP}/`, APP), p).toBe(false);
    }
  });
});

function fakeContents() {
  const emitter = new FakeEmitter();
  let openHandler: ((d: { url: string }) => { action: string }) | null = null;
  const contents = Object.assign(emitter, {
    setWindowOpenHandler(fn: (d: { url: string }) => { action: string }) {
      openHandler = fn;
    },
  });
  return { contents, open: (url: string) => openHandler!({ url }) };
}

describe('guardContents', () => {
  it('stops navigation and redirects away from the app, sending allowed links to the system browser', () => {
    const { contents } = fakeContents();
    const openExternal = vi.fn();
    guardContents(contents as unknown as GuardedContents, APP, openExternal);
    for (const event of ['will-navigate', 'will-redirect']) {
      const inside = fakeEvent();
      contents.emit(event, inside, `${APP}/?renderer=canvas`);
      expect(inside.defaultPrevented, event).toBe(false);

      const away = fakeEvent();
      contents.emit(event, away, 'https://evil.example/phish');
      expect(away.defaultPrevented, event).toBe(true);

      const article = fakeEvent();
      contents.emit(event, article, ARTICLE);
      expect(article.defaultPrevented, event).toBe(true);
    }
    expect(openExternal.mock.calls).toEqual([[ARTICLE], [ARTICLE]]);
  });

  it('never opens a window: the allowed link goes to the system browser, the rest nowhere', () => {
    const { contents, open } = fakeContents();
    const openExternal = vi.fn();
    guardContents(contents as unknown as GuardedContents, APP, openExternal);
    expect(open(ARTICLE)).toEqual({ action: 'deny' });
    expect(open('https://example.com/')).toEqual({ action: 'deny' });
    expect(open(`${APP}/popup`)).toEqual({ action: 'deny' });
    expect(open('file:///bin/sh')).toEqual({ action: 'deny' });
    expect(openExternal.mock.calls).toEqual([[ARTICLE]]);
  });

  it('refuses to attach webviews', () => {
    const { contents } = fakeContents();
    guardContents(contents as unknown as GuardedContents, APP, vi.fn());
    const e = fakeEvent();
    contents.emit('will-attach-webview', e, {}, {});
    expect(e.defaultPrevented).toBe(true);
  });
});

describe('lockSession', () => {
  it('answers permission requests and checks, and cancels outside requests', () => {
    let request: ((wc: unknown, p: string, cb: (ok: boolean) => void, d: { requestingUrl: string }) => void) | null = null;
    let check: ((wc: unknown, p: string, origin: string) => boolean) | null = null;
    let beforeRequest: ((d: { url: string }, cb: (r: { cancel: boolean }) => void) => void) | null = null;
    const session = {
      setPermissionRequestHandler: (fn: typeof request) => void (request = fn),
      setPermissionCheckHandler: (fn: typeof check) => void (check = fn),
      webRequest: { onBeforeRequest: (fn: typeof beforeRequest) => void (beforeRequest = fn) },
    };
    lockSession(session as unknown as LockedSession, APP);

    const answers: boolean[] = [];
    request!(null, 'media', (ok) => answers.push(ok), { requestingUrl: `${APP}/` });
    request!(null, 'notifications', (ok) => answers.push(ok), { requestingUrl: `${APP}/` });
    request!(null, 'clipboard-sanitized-write', (ok) => answers.push(ok), { requestingUrl: `${APP}/` });
    expect(answers).toEqual([false, false, true]);
    expect(check!(null, 'geolocation', APP)).toBe(false);

    const cancelled: boolean[] = [];
    beforeRequest!({ url: 'https://tracker.example/pixel.gif' }, (r) => cancelled.push(r.cancel));
    beforeRequest!({ url: `${APP}/assets/app.js` }, (r) => cancelled.push(r.cancel));
    expect(cancelled).toEqual([true, false]);
  });
});

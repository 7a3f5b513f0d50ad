/**
 * The window's locks, item by item from Electron's security checklist
 * (what the page may run is in window.ts): where it may go (navigation,
 * redirects, new windows, webviews), what it may fetch (requests), what it
 * may ask for (permissions), and which outside links may open in the
 * system's browser. The checks are plain functions of URLs; `guardContents`
 * and `lockSession` attach them to Electron's objects, which they take as
 * arguments so the tests can hand in small fakes.
 */
import type { Event, HandlerDetails, Session, WebContents } from 'electron';

/**
 * The only pages outside the app that may open (in the system's browser,
 * never in the app): the article the game is built on, and the project's
 * own pages.
 */
export const EXTERNAL_LINKS: readonly string[] = [
  'https://home.agh.edu.pl/~vlsi/AI/backp_t_en/backprop.html',
];

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** A page of the app itself: the host's origin, exactly. */
export function isAppUrl(url: string, appOrigin: string): boolean {
  const u = parse(url);
  return u !== null && (u.protocol === 'http:' || u.protocol === 'https:') && u.origin === appOrigin;
}

/** An outside link the app opens in the system's browser: https, and on the list. */
export function isAllowedExternal(url: string): boolean {
  const u = parse(url);
  if (!u || u.protocol !== 'https:' || u.username || u.password) return false;
  return EXTERNAL_LINKS.some((allowed) => {
    const a = new URL(allowed);
    return a.origin === u.origin && a.pathname === u.pathname;
  });
}

/**
 * What the page may load or connect to: the host (pages, assets, and its
 * WebSocket on the same host and port), and data: and blob: URLs it made
 * itself. No remote content.
 */
export function isAllowedRequest(url: string, appOrigin: string): boolean {
  const u = parse(url);
  if (!u) return false;
  if (u.protocol === 'data:' || u.protocol === 'blob:') return true;
  const app = new URL(appOrigin);
  if (u.protocol === 'ws:' || u.protocol === 'wss:') return u.host === app.host && (u.protocol === 'wss:') === (app.protocol === 'https:');
  // DevTools' own pages, in development builds only (packaged builds have no DevTools).
  if (u.protocol === 'devtools:') return true;
  return u.origin === appOrigin;
}

/**
 * Permissions the page may have: writing to the clipboard (copying a share
 * code), from the app's own origin. Camera, microphone, notifications,
 * geolocation, MIDI, full screen by script and the rest are refused.
 */
export function isAllowedPermission(permission: string, requestingUrl: string, appOrigin: string): boolean {
  return permission === 'clipboard-sanitized-write' && isAppUrl(requestingUrl, appOrigin);
}

export type OpenExternal = (url: string) => unknown;

/** The parts of WebContents the guards attach to. */
export type GuardedContents = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

/**
 * Keeps a window's page on the app: navigation and redirects elsewhere are
 * stopped (an allowed outside link opens in the system's browser instead),
 * new windows are never made, and webviews are never attached.
 */
export function guardContents(contents: GuardedContents, appOrigin: string, openExternal: OpenExternal): void {
  const stayHome = (event: Event, url: string) => {
    if (isAppUrl(url, appOrigin)) return;
    event.preventDefault();
    if (isAllowedExternal(url)) void openExternal(url);
  };
  contents.on('will-navigate', (event, url) => stayHome(event, url));
  contents.on('will-redirect', (event, url) => stayHome(event, url));
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler((details: HandlerDetails) => {
    if (isAllowedExternal(details.url)) void openExternal(details.url);
    return { action: 'deny' };
  });
}

/** The parts of Session the locks use. */
export type LockedSession = Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'webRequest'>;

/** Refuses permissions and outside requests for every page of the session. */
export function lockSession(session: LockedSession, appOrigin: string): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(isAllowedPermission(permission, details.requestingUrl, appOrigin));
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) => isAllowedPermission(permission, requestingOrigin, appOrigin));
  session.webRequest.onBeforeRequest((details, callback) => {
    callback({ cancel: !isAllowedRequest(details.url, appOrigin) });
  });
}

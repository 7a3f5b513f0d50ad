/**
 * app/electron/: the desktop shell, kept thin over the host and renderer.
 * Only this folder imports Electron; nothing imports it.
 *
 *   main.ts          this file: one instance, the host, the window, wiring
 *   window.ts        the window and what its page may run (webPreferences)
 *   security.ts      the window's locks (checklist items), as functions of URLs
 *   ipc.ts           every IPC message: sender and payload checked
 *   files.ts         save and open a network, export a screenshot or a table
 *   menu.ts          the menus, in English and Japanese (menu-words.ts)
 *   window-state.ts  the window's size, place and full screen, remembered
 *   preload.ts       the page's bridge (core/bridge.ts), bundled on its own
 *   binary.ts        where Electron's executable is, for `npm start`
 *
 * The main process starts the same host as `serve`, once, on 127.0.0.1 and
 * a free port, and opens one locked-down window on it.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BrowserWindow, Menu, app, dialog, ipcMain, screen, session, shell } from 'electron';
import { EVENTS, type MenuCommand, type OpenResult, type ShellState } from '../../core/bridge.js';
import { rendererDir } from '../host/paths.js';
import { type RunningHost, startHost } from '../host/server.js';
import { fileHandlers, networkPathFromArgs, readNetworkPath } from './files.js';
import { isTrustedSender, registerIpc } from './ipc.js';
import { menuTemplate } from './menu.js';
import { type MenuLanguage, word } from './menu-words.js';
import { EXTERNAL_LINKS, guardContents, isAllowedExternal, lockSession } from './security.js';
import { createMainWindow } from './window.js';
import { fitToScreens, loadWindowState, trackWindow } from './window-state.js';

const here = dirname(fileURLToPath(import.meta.url));
const log = (line: string) => process.stderr.write(`backprop-arena: ${line}\n`);

let host: Promise<RunningHost> | null = null;
/** The host's origin once it listens; until then no page counts as the app's. */
let appOrigin = 'null';
let win: BrowserWindow | null = null;
/** What the menus show; the page tells its language once it runs (until then, the system's, from start()). */
let shellState: ShellState = { language: 'en', reducedMotion: false, networkOpen: false };
/** A network file to open once the page is ready (from a double-click or a second launch). */
let pendingFile: string | null = networkPathFromArgs(process.argv);
let pageReady = false;

/** The host, started once however many windows open (macOS reopens one from the dock). */
function theHost(): Promise<RunningHost> {
  host ??= startHost({ port: 0, host: '127.0.0.1', staticDir: rendererDir() });
  return host;
}

function language(): MenuLanguage {
  return shellState.language;
}

function sendCommand(command: MenuCommand): void {
  win?.webContents.send(EVENTS.menuCommand, { command });
}

function openArticle(): void {
  const url = EXTERNAL_LINKS[0];
  // Reviewed: the URL is the article's, from the allowlist, and checked against it.
  if (isAllowedExternal(url)) void shell.openExternal(url); // eng-disable OPEN_EXTERNAL_JS_CHECK
}

async function showAbout(): Promise<void> {
  const options = {
    type: 'info' as const,
    title: word(language(), 'about', {}, false),
    message: 'Backprop Arena',
    detail: word(language(), 'aboutDetail', { version: app.getVersion() }),
    buttons: [word(language(), 'ok')],
  };
  if (win) await dialog.showMessageBox(win, options);
  else await dialog.showMessageBox(options);
}

function buildMenu(): void {
  const template = menuTemplate({
    platform: process.platform,
    language: language(),
    packaged: app.isPackaged,
    reducedMotion: shellState.reducedMotion,
    networkOpen: shellState.networkOpen,
    command: sendCommand,
    about: () => void showAbout(),
    openArticle,
  });
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

/** Hands a network file to the page, now if it is ready, or once it is. */
async function deliverFile(path: string): Promise<void> {
  if (!win || !pageReady) {
    pendingFile = path;
    return;
  }
  const result: OpenResult = await readNetworkPath(path);
  win.webContents.send(EVENTS.networkOpened, result);
}

function focusWindow(): void {
  if (!win) return;
  if (win.isMinimized()) win.restore();
  win.show();
  win.focus();
}

async function openWindow(): Promise<void> {
  const running = await theHost();
  const stateFile = join(app.getPath('userData'), 'window-state.json');
  const remembered = fitToScreens(await loadWindowState(stateFile, log), screen.getAllDisplays().map((d) => d.workArea));

  win = createMainWindow(BrowserWindow, { preload: join(here, 'preload.cjs'), packaged: app.isPackaged, state: remembered });
  if (remembered.maximized) win.maximize();
  trackWindow(win, stateFile, log);
  win.once('ready-to-show', () => win?.show());
  win.webContents.on('did-finish-load', () => {
    pageReady = true;
    if (pendingFile) {
      const path = pendingFile;
      pendingFile = null;
      void deliverFile(path);
    }
  });
  win.on('closed', () => {
    win = null;
    pageReady = false;
  });
  await win.loadURL(running.url);
}

async function start(): Promise<void> {
  // The system's language is known once Electron is ready (on Windows, not before).
  shellState = { ...shellState, language: app.getLocale().toLowerCase().startsWith('ja') ? 'ja' : 'en' };
  const running = await theHost();
  const origin = new URL(running.url).origin;
  appOrigin = origin;
  lockSession(session.defaultSession, origin);
  registerIpc(ipcMain, {
    trusted: (event) => isTrustedSender(event, win?.webContents.id ?? null, origin),
    handlers: {
      'app:info': async () => ({ version: app.getVersion(), hostUrl: running.url, platform: process.platform }),
      ...fileHandlers({
        dialogs: {
          showSaveDialog: (options) => (win ? dialog.showSaveDialog(win, options) : dialog.showSaveDialog(options)),
          showOpenDialog: (options) => (win ? dialog.showOpenDialog(win, options) : dialog.showOpenDialog(options)),
        },
        language,
        startFolder: () => app.getPath('documents'),
        capturePng: async () => {
          if (!win) throw new Error('no window to capture');
          return (await win.webContents.capturePage()).toPNG();
        },
      }),
    },
    onShellState: (state) => {
      shellState = state;
      buildMenu();
    },
    log,
  });
  buildMenu();
  await openWindow();
}

// Chromium's sandbox for every renderer, before anything else runs.
app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  // Another window is already open: it comes to the front (second-instance, below) and this one ends.
  app.quit();
} else {
  app.on('second-instance', (_event, argv) => {
    focusWindow();
    const file = networkPathFromArgs(argv);
    if (file) void deliverFile(file);
  });
  // macOS hands over double-clicked files this way, before and after start-up.
  app.on('open-file', (event, path) => {
    event.preventDefault();
    void deliverFile(path);
  });
  app.on('web-contents-created', (_event, contents) => {
    // Every page, the main window's and any other, is kept on the app.
    // Reviewed: guardContents calls this only for https links on the allowlist (security.ts, isAllowedExternal).
    guardContents(contents, appOrigin, (url) => shell.openExternal(url)); // eng-disable OPEN_EXTERNAL_JS_CHECK
  });
  app.whenReady().then(start).catch((err: unknown) => {
    log(`could not start: ${(err as Error).message}`);
    app.exit(1);
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0 && app.isReady()) void openWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('before-quit', () => {
    void host?.then((running) => running.close());
  });
}

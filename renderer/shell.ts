/**
 * What the page asks of whatever it runs in: save and open a network,
 * export a picture or a table, and hear the desktop menus. In the desktop
 * app these go through the preload's bridge (window.backpropArena,
 * core/bridge.ts) to the system's dialogs; in a browser, saving is a
 * download and opening is the browser's file picker. The screens use this
 * one interface and never ask which it is.
 */
import {
  BRIDGE_NAME,
  type DesktopBridge,
  type MenuCommand,
  type OpenResult,
  type SaveResult,
  type ShellState,
} from '../core/bridge.js';
import type { SavedNetwork } from '../core/protocol.js';
import { MAX_NETWORK_FILE_BYTES, NETWORK_FILE_EXTENSION, NETWORK_FILE_MIME, networkFileName, readNetworkFile, writeNetworkFile } from '../core/network-file.js';

export type { MenuCommand, OpenResult, SaveResult };

export interface Shell {
  /** True in the desktop app. */
  readonly desktop: boolean;
  saveNetwork(network: SavedNetwork, step: number): Promise<SaveResult>;
  openNetwork(): Promise<OpenResult>;
  /** The desktop app captures the window; a browser saves the picture `fallback` draws. */
  exportScreenshot(suggestedName: string, fallback: () => Promise<Blob | null>): Promise<SaveResult>;
  exportCsv(suggestedName: string, text: string): Promise<SaveResult>;
  /** Tells the desktop menus the language and what is on screen (nothing to do in a browser). */
  setState(state: ShellState): void;
  onMenuCommand(listener: (command: MenuCommand) => void): () => void;
  /** A network file opened from outside the page (double-click, second launch): desktop only. */
  onNetworkOpened(listener: (result: OpenResult) => void): () => void;
}

function download(name: string, blob: Blob): SaveResult {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  // The download has its own copy once it started; free the URL a little later.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return { status: 'saved', name };
}

/** The browser's file picker, for one network file. */
function pickNetworkFile(): Promise<OpenResult> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = `.${NETWORK_FILE_EXTENSION},.json,application/json,${NETWORK_FILE_MIME}`;
    input.hidden = true;
    const done = (result: OpenResult) => {
      input.remove();
      resolve(result);
    };
    input.addEventListener('cancel', () => done({ status: 'cancelled' }));
    input.addEventListener('change', () => {
      const file = input.files?.[0];
      if (!file) return done({ status: 'cancelled' });
      if (file.size > MAX_NETWORK_FILE_BYTES) {
        return done({ status: 'failed', name: file.name, problem: 'tooBig', detail: `${file.size} bytes; a saved network is at most ${MAX_NETWORK_FILE_BYTES}` });
      }
      file.arrayBuffer().then(
        (bytes) => {
          let text: string;
          try {
            text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
          } catch {
            return done({ status: 'failed', name: file.name, problem: 'notJson', detail: 'the file is not UTF-8 text' });
          }
          const read = readNetworkFile(text, file.size);
          done(read.ok ? { status: 'opened', name: file.name, file: read.file } : { status: 'failed', name: file.name, problem: read.problem, detail: read.detail });
        },
        (err: unknown) => done({ status: 'failed', name: file.name, problem: 'unreadable', detail: (err as Error).message }),
      );
    });
    document.body.append(input);
    input.click();
  });
}

function browserShell(): Shell {
  return {
    desktop: false,
    async saveNetwork(network, step) {
      const text = writeNetworkFile(network, step);
      return download(networkFileName(network, step), new Blob([text], { type: NETWORK_FILE_MIME }));
    },
    openNetwork: pickNetworkFile,
    async exportScreenshot(name, fallback) {
      const png = await fallback();
      return png ? download(name, png) : { status: 'failed', reason: 'no picture' };
    },
    async exportCsv(name, text) {
      return download(name, new Blob([text.startsWith('\ufeff') ? text : '\ufeff' + text], { type: 'text/csv;charset=utf-8' }));
    },
    setState() {},
    onMenuCommand: () => () => undefined,
    onNetworkOpened: () => () => undefined,
  };
}

function desktopShell(bridge: DesktopBridge): Shell {
  return {
    desktop: true,
    saveNetwork: (network, step) => bridge.saveNetwork({ network, step, suggestedName: networkFileName(network, step) }),
    openNetwork: () => bridge.openNetwork(),
    exportScreenshot: (suggestedName) => bridge.exportScreenshot({ suggestedName }),
    exportCsv: (suggestedName, text) => bridge.exportCsv({ suggestedName, text }),
    setState: (state) => bridge.setShellState(state),
    onMenuCommand: (listener) => bridge.onMenuCommand(listener),
    onNetworkOpened: (listener) => bridge.onNetworkOpened(listener),
  };
}

let shell: Shell | null = null;

/** The shell this page runs in: the desktop app's bridge if the preload gave one, else the browser. */
export function getShell(): Shell {
  const bridge = (globalThis as unknown as Record<string, DesktopBridge | undefined>)[BRIDGE_NAME];
  shell ??= bridge ? desktopShell(bridge) : browserShell();
  return shell;
}

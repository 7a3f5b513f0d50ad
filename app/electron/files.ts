/**
 * Files through the system's dialogs: save and open a network, export a
 * screenshot (PNG) and a table (CSV). A network file is read with hostile
 * files in mind: its size is checked before it is read, its bytes must be
 * UTF-8, and core/network-file.ts checks the rest. Files are written
 * atomically. The dialogs and the page capture come in as arguments.
 */
import { stat, readFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import type { OpenDialogOptions, SaveDialogOptions } from 'electron';
import writeFileAtomic from 'write-file-atomic';
import type { OpenResult, SaveResult } from '../../core/bridge.js';
import { MAX_NETWORK_FILE_BYTES, NETWORK_FILE_EXTENSION, readNetworkFile, writeNetworkFile } from '../../core/network-file.js';
import type { InvokeHandlers } from './ipc.js';
import { type MenuLanguage, word } from './menu-words.js';

export interface Dialogs {
  showSaveDialog(options: SaveDialogOptions): Promise<{ canceled: boolean; filePath?: string }>;
  showOpenDialog(options: OpenDialogOptions): Promise<{ canceled: boolean; filePaths: string[] }>;
}

export interface FileOptions {
  dialogs: Dialogs;
  language(): MenuLanguage;
  /** Where dialogs start (the user's documents folder). */
  startFolder(): string;
  /** The window's picture, as PNG bytes. */
  capturePng(): Promise<Uint8Array>;
}

/** The path with the extension added if the player typed a name without it. */
export function withExtension(path: string, ext: string): string {
  return extname(path).toLowerCase() === `.${ext}` ? path : `${path}.${ext}`;
}

/** Reads a network file from disk: the network, or what is wrong with the file. */
export async function readNetworkPath(path: string): Promise<OpenResult> {
  const name = basename(path);
  let size: number;
  try {
    const st = await stat(path);
    if (!st.isFile()) return { status: 'failed', name, problem: 'unreadable', detail: 'not a file' };
    size = st.size;
  } catch (err) {
    return { status: 'failed', name, problem: 'unreadable', detail: (err as NodeJS.ErrnoException).code ?? 'cannot be read' };
  }
  if (size > MAX_NETWORK_FILE_BYTES) {
    return { status: 'failed', name, problem: 'tooBig', detail: `${size} bytes; a saved network is at most ${MAX_NETWORK_FILE_BYTES}` };
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (err) {
    return { status: 'failed', name, problem: 'unreadable', detail: (err as NodeJS.ErrnoException).code ?? 'cannot be read' };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { status: 'failed', name, problem: 'notJson', detail: 'the file is not UTF-8 text' };
  }
  const read = readNetworkFile(text, size);
  return read.ok ? { status: 'opened', name, file: read.file } : { status: 'failed', name, problem: read.problem, detail: read.detail };
}

/** A network file named on the command line (a double-click on one, or `backprop-arena net.bpnet`). */
export function networkPathFromArgs(argv: readonly string[]): string | null {
  for (const arg of argv.slice(1)) {
    if (!arg.startsWith('-') && extname(arg).toLowerCase() === `.${NETWORK_FILE_EXTENSION}`) return arg;
  }
  return null;
}

async function saveThrough(o: FileOptions, options: SaveDialogOptions, ext: string, bytes: () => Promise<Uint8Array | string>): Promise<SaveResult> {
  const chosen = await o.dialogs.showSaveDialog(options);
  if (chosen.canceled || !chosen.filePath) return { status: 'cancelled' };
  const path = withExtension(chosen.filePath, ext);
  try {
    const data = await bytes();
    await writeFileAtomic(path, typeof data === 'string' ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength));
    return { status: 'saved', name: basename(path) };
  } catch (err) {
    return { status: 'failed', reason: `${basename(path)}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` };
  }
}

export function fileHandlers(o: FileOptions): Omit<InvokeHandlers, 'app:info'> {
  const w = (key: Parameters<typeof word>[1]) => word(o.language(), key, {}, false);
  const at = (name: string) => join(o.startFolder(), name);
  return {
    'network:save': (r) =>
      saveThrough(
        o,
        {
          title: w('saveNetworkTitle'),
          defaultPath: at(r.suggestedName),
          filters: [{ name: w('networkFilter'), extensions: [NETWORK_FILE_EXTENSION] }],
          properties: ['createDirectory', 'showOverwriteConfirmation'],
        },
        NETWORK_FILE_EXTENSION,
        async () => writeNetworkFile(r.network, r.step),
      ),
    'network:open': async () => {
      const chosen = await o.dialogs.showOpenDialog({
        title: w('openNetworkTitle'),
        defaultPath: o.startFolder(),
        filters: [{ name: w('networkFilter'), extensions: [NETWORK_FILE_EXTENSION, 'json'] }],
        properties: ['openFile'],
      });
      if (chosen.canceled || chosen.filePaths.length === 0) return { status: 'cancelled' };
      return readNetworkPath(chosen.filePaths[0]);
    },
    'screenshot:export': (r) =>
      saveThrough(
        o,
        { title: w('exportScreenshotTitle'), defaultPath: at(r.suggestedName), filters: [{ name: w('pngFilter'), extensions: ['png'] }], properties: ['createDirectory', 'showOverwriteConfirmation'] },
        'png',
        () => o.capturePng(),
      ),
    'csv:export': (r) =>
      saveThrough(
        o,
        { title: w('exportCsvTitle'), defaultPath: at(r.suggestedName), filters: [{ name: w('csvFilter'), extensions: ['csv'] }], properties: ['createDirectory', 'showOverwriteConfirmation'] },
        'csv',
        // A byte-order mark, so spreadsheets open Japanese nicknames as UTF-8.
        async () => (r.text.startsWith('\ufeff') ? r.text : '\ufeff' + r.text),
      ),
  };
}

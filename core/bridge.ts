/**
 * The desktop window's bridge to the Electron main process: every channel
 * and the schema of what travels on it, in one place. The preload script
 * (app/electron/preload.ts) checks what the page sends before passing it
 * on, and what comes back before handing it to the page; the main process
 * (app/electron/ipc.ts) checks the sender and the payload again. The page
 * sees only DesktopBridge, as `window.backpropArena`.
 *
 * Nothing here touches Electron or the DOM: it is data and schemas.
 */
import { z } from 'zod';
import { networkFileSchema } from './network-file.js';
import { networkSchema } from './protocol.js';

/** The name of the bridge on the page's window. */
export const BRIDGE_NAME = 'backpropArena';

/** Page → main, answered (ipcRenderer.invoke / ipcMain.handle). */
export const INVOKE = {
  info: 'app:info',
  saveNetwork: 'network:save',
  openNetwork: 'network:open',
  exportScreenshot: 'screenshot:export',
  exportCsv: 'csv:export',
} as const;

/** Page → main, no answer: what the menus should show. */
export const SHELL_STATE = 'shell:state';

/** Main → page. */
export const EVENTS = {
  /** A menu item the page carries out (open, save, export, reduced motion). */
  menuCommand: 'menu:command',
  /** A network file opened from outside: a double-click on a .bpnet, or a second launch with one. */
  networkOpened: 'network:opened',
} as const;

const fileName = z.string().min(1).max(200).regex(/^[^/\\:*?"<>|\u0000-\u001f]+$/, 'must be a plain file name');

export const LANGUAGES = ['en', 'ja'] as const;

/** Everything the page may send, by channel. */
export const requestSchemas = {
  [INVOKE.info]: z.object({}).strict(),
  [INVOKE.saveNetwork]: z.object({ network: networkSchema, step: z.number().int().min(0), suggestedName: fileName }).strict(),
  [INVOKE.openNetwork]: z.object({}).strict(),
  [INVOKE.exportScreenshot]: z.object({ suggestedName: fileName }).strict(),
  /** Race results and the like: text, at most 2 MB. */
  [INVOKE.exportCsv]: z.object({ suggestedName: fileName, text: z.string().max(2_000_000) }).strict(),
  [SHELL_STATE]: z
    .object({
      language: z.enum(LANGUAGES),
      reducedMotion: z.boolean(),
      /** Whether a network is on screen, so Save network… and Export screenshot… have something to work on. */
      networkOpen: z.boolean(),
    })
    .strict(),
} as const;

export type RequestChannel = keyof typeof requestSchemas;
export type Request<C extends RequestChannel> = z.infer<(typeof requestSchemas)[C]>;
export type ShellState = Request<typeof SHELL_STATE>;

export const infoSchema = z
  .object({
    version: z.string().max(40),
    /** The host the window shows (http://127.0.0.1:PORT). */
    hostUrl: z.string().url().max(100),
    platform: z.string().max(20),
  })
  .strict();
export type AppInfo = z.infer<typeof infoSchema>;

/** What a save or an export came to. */
export const saveResultSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('saved'), name: z.string().max(400) }).strict(),
  z.object({ status: z.literal('cancelled') }).strict(),
  z.object({ status: z.literal('failed'), reason: z.string().max(400) }).strict(),
]);
export type SaveResult = z.infer<typeof saveResultSchema>;

export const OPEN_PROBLEMS = ['unreadable', 'tooBig', 'notJson', 'notNetwork', 'newerVersion', 'invalid'] as const;
export type OpenProblem = (typeof OPEN_PROBLEMS)[number];

/** What opening a network file came to. */
export const openResultSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('opened'), name: z.string().max(400), file: networkFileSchema }).strict(),
  z.object({ status: z.literal('cancelled') }).strict(),
  z.object({ status: z.literal('failed'), name: z.string().max(400), problem: z.enum(OPEN_PROBLEMS), detail: z.string().max(400) }).strict(),
]);
export type OpenResult = z.infer<typeof openResultSchema>;

export const responseSchemas = {
  [INVOKE.info]: infoSchema,
  [INVOKE.saveNetwork]: saveResultSchema,
  [INVOKE.openNetwork]: openResultSchema,
  [INVOKE.exportScreenshot]: saveResultSchema,
  [INVOKE.exportCsv]: saveResultSchema,
} as const;
export type InvokeChannel = keyof typeof responseSchemas;
export type Response<C extends InvokeChannel> = z.infer<(typeof responseSchemas)[C]>;

export const MENU_COMMANDS = ['openNetwork', 'saveNetwork', 'exportScreenshot', 'toggleReducedMotion'] as const;
export type MenuCommand = (typeof MENU_COMMANDS)[number];

export const eventSchemas = {
  [EVENTS.menuCommand]: z.object({ command: z.enum(MENU_COMMANDS) }).strict(),
  [EVENTS.networkOpened]: openResultSchema,
} as const;
export type EventChannel = keyof typeof eventSchemas;
export type EventPayload<C extends EventChannel> = z.infer<(typeof eventSchemas)[C]>;

/** What the page can do through the bridge (window.backpropArena). */
export interface DesktopBridge {
  info(): Promise<AppInfo>;
  saveNetwork(request: Request<typeof INVOKE.saveNetwork>): Promise<SaveResult>;
  openNetwork(): Promise<OpenResult>;
  exportScreenshot(request: Request<typeof INVOKE.exportScreenshot>): Promise<SaveResult>;
  exportCsv(request: Request<typeof INVOKE.exportCsv>): Promise<SaveResult>;
  setShellState(state: ShellState): void;
  onMenuCommand(listener: (command: MenuCommand) => void): () => void;
  onNetworkOpened(listener: (result: OpenResult) => void): () => void;
}

/** Checks a payload against a channel's schema: the value, or a one-line reason. */
export function checkPayload<S extends z.ZodType>(schema: S, value: unknown): { ok: true; value: z.infer<S> } | { ok: false; reason: string } {
  const parsed = schema.safeParse(value);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  return { ok: false, reason: (issue.path.length ? issue.path.map(String).join('.') + ': ' : '') + issue.message };
}

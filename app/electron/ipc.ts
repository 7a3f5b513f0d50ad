/**
 * All of the main process's IPC passes here. Each message is taken only
 * from the app's own window, from its top frame, on the app's own origin;
 * its payload is checked against core/bridge.ts's schema before a handler
 * sees it, and each answer is checked before it goes back. Anything else
 * is refused and logged, never acted on.
 */
import type { IpcMainEvent, IpcMainInvokeEvent } from 'electron';
import {
  type InvokeChannel,
  type Request,
  type Response,
  SHELL_STATE,
  type ShellState,
  checkPayload,
  requestSchemas,
  responseSchemas,
} from '../../core/bridge.js';
import { isAppUrl } from './security.js';

/** What the sender check reads of an IPC event. */
export interface SenderInfo {
  sender: { id: number };
  senderFrame: { url: string; parent: unknown } | null;
}

/**
 * Whether a message comes from the app's window (its WebContents id), from
 * its top frame (no parent frame), on the app's origin.
 */
export function isTrustedSender(event: SenderInfo, windowContentsId: number | null, appOrigin: string): boolean {
  const frame = event.senderFrame;
  if (windowContentsId === null || event.sender.id !== windowContentsId) return false;
  if (!frame || frame.parent !== null) return false;
  return isAppUrl(frame.url, appOrigin);
}

export type InvokeHandlers = { [C in InvokeChannel]: (request: Request<C>, event: IpcMainInvokeEvent) => Promise<Response<C>> };

export interface IpcOptions {
  trusted(event: SenderInfo): boolean;
  handlers: InvokeHandlers;
  onShellState(state: ShellState): void;
  log(line: string): void;
}

/** The parts of ipcMain this module uses. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown): void;
  on(channel: string, listener: (event: IpcMainEvent, ...args: unknown[]) => void): unknown;
}

export class IpcRefusal extends Error {}

/** Registers every channel of the bridge. */
export function registerIpc(ipcMain: IpcMainLike, o: IpcOptions): void {
  for (const channel of Object.keys(o.handlers) as InvokeChannel[]) {
    ipcMain.handle(channel, async (event, payload) => {
      if (!o.trusted(event)) {
        o.log(`ipc: refused "${channel}" from a page that is not the app's window`);
        throw new IpcRefusal(`${channel}: refused, not sent by the app's window`);
      }
      const request = checkPayload(requestSchemas[channel], payload);
      if (!request.ok) {
        o.log(`ipc: refused "${channel}": ${request.reason}`);
        throw new IpcRefusal(`${channel}: ${request.reason}`);
      }
      const handler = o.handlers[channel] as (r: unknown, e: IpcMainInvokeEvent) => Promise<unknown>;
      const response = checkPayload(responseSchemas[channel], await handler(request.value, event));
      if (!response.ok) throw new Error(`${channel}: the answer did not fit its schema (${response.reason})`);
      return response.value;
    });
  }
  ipcMain.on(SHELL_STATE, (event, payload) => {
    if (!o.trusted(event)) {
      o.log(`ipc: refused "${SHELL_STATE}" from a page that is not the app's window`);
      return;
    }
    const state = checkPayload(requestSchemas[SHELL_STATE], payload);
    if (!state.ok) {
      o.log(`ipc: refused "${SHELL_STATE}": ${state.reason}`);
      return;
    }
    o.onShellState(state.value);
  });
}

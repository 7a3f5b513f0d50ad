/**
 * The preload script: the page's only way to the main process. It runs in
 * Chromium's sandbox, in a world of its own, and hands the page one small
 * object, window.backpropArena (core/bridge.ts's DesktopBridge): each call
 * is checked against the channel's schema before it leaves, and each
 * answer and event before the page sees it. The page never touches
 * ipcRenderer, and event objects never reach it.
 *
 * Bundled into one CommonJS file (a sandboxed preload cannot load others).
 */
import { contextBridge, ipcRenderer } from 'electron';
import {
  BRIDGE_NAME,
  type DesktopBridge,
  EVENTS,
  type EventChannel,
  type EventPayload,
  INVOKE,
  type InvokeChannel,
  type Request,
  type Response,
  SHELL_STATE,
  checkPayload,
  eventSchemas,
  requestSchemas,
  responseSchemas,
} from '../../core/bridge.js';

async function invoke<C extends InvokeChannel>(channel: C, request: Request<C>): Promise<Response<C>> {
  const sent = checkPayload(requestSchemas[channel], request);
  if (!sent.ok) throw new Error(`${channel}: ${sent.reason}`);
  const answer = checkPayload(responseSchemas[channel], await ipcRenderer.invoke(channel, sent.value));
  if (!answer.ok) throw new Error(`${channel}: the answer did not fit its schema (${answer.reason})`);
  return answer.value as Response<C>;
}

function listen<C extends EventChannel>(channel: C, listener: (payload: EventPayload<C>) => void): () => void {
  const wrapped = (_event: unknown, payload: unknown) => {
    const checked = checkPayload(eventSchemas[channel], payload);
    if (checked.ok) listener(checked.value as EventPayload<C>);
  };
  ipcRenderer.on(channel, wrapped);
  return () => void ipcRenderer.removeListener(channel, wrapped);
}

const bridge: DesktopBridge = {
  info: () => invoke(INVOKE.info, {}),
  saveNetwork: (request) => invoke(INVOKE.saveNetwork, request),
  openNetwork: () => invoke(INVOKE.openNetwork, {}),
  exportScreenshot: (request) => invoke(INVOKE.exportScreenshot, request),
  exportCsv: (request) => invoke(INVOKE.exportCsv, request),
  setShellState(state) {
    const checked = checkPayload(requestSchemas[SHELL_STATE], state);
    if (checked.ok) ipcRenderer.send(SHELL_STATE, checked.value);
  },
  onMenuCommand: (listener) => listen(EVENTS.menuCommand, (p) => listener(p.command)),
  onNetworkOpened: (listener) => listen(EVENTS.networkOpened, listener),
};

contextBridge.exposeInMainWorld(BRIDGE_NAME, bridge);

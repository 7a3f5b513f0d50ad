/**
 * Every IPC message through app/electron/ipc.ts, with ipcMain replaced by a
 * fake that keeps the handlers: only the app's window, its top frame, on
 * its origin, with a payload that fits the channel's schema, gets through.
 */
import { describe, expect, it, vi } from 'vitest';
import { type InvokeHandlers, type IpcMainLike, type SenderInfo, isTrustedSender, registerIpc } from '../../app/electron/ipc.js';
import { INVOKE, SHELL_STATE } from '../../core/bridge.js';
import type { SavedNetwork } from '../../core/protocol.js';

const APP = 'http://127.0.0.1:45123';
const WINDOW_ID = 7;

const fromApp: SenderInfo = { sender: { id: WINDOW_ID }, senderFrame: { url: `${APP}/`, parent: null } };

const article: SavedNetwork = {
  hidden: [3, 2],
  activation: 'sigmoid',
  outputActivation: 'sigmoid',
  bias: false,
  rule: 'exact',
  batch: 1,
  dataset: { kind: 'xor', count: 4, noise: 0, testShare: 0, seed: 1 },
  seed: 5,
  schedule: { kind: 'constant', eta: 0.5 },
  weights: Array.from({ length: 14 }, (_, k) => k / 10),
  biases: Array.from({ length: 8 }, () => 0),
};

describe('isTrustedSender', () => {
  it('takes the app window’s top frame on the app’s origin', () => {
    expect(isTrustedSender(fromApp, WINDOW_ID, APP)).toBe(true);
  });

  it('refuses another window, a subframe, another origin, a frame that is gone, and any sender before the window exists', () => {
    expect(isTrustedSender({ ...fromApp, sender: { id: 8 } }, WINDOW_ID, APP)).toBe(false);
    expect(isTrustedSender({ ...fromApp, senderFrame: { url: `${APP}/`, parent: {} } }, WINDOW_ID, APP)).toBe(false);
    expect(isTrustedSender({ ...fromApp, senderFrame: { url: 'https://evil.example/', parent: null } }, WINDOW_ID, APP)).toBe(false);
    expect(isTrustedSender({ ...fromApp, senderFrame: { url: 'http://127.0.0.1:45124/', parent: null } }, WINDOW_ID, APP)).toBe(false);
    expect(isTrustedSender({ ...fromApp, senderFrame: null }, WINDOW_ID, APP)).toBe(false);
    expect(isTrustedSender(fromApp, null, APP)).toBe(false);
  });
});

function setUp(overrides: Partial<InvokeHandlers> = {}) {
  const handles = new Map<string, (event: unknown, ...args: unknown[]) => unknown>();
  const ons = new Map<string, (event: unknown, ...args: unknown[]) => void>();
  const ipcMain: IpcMainLike = {
    handle: (channel, fn) => void handles.set(channel, fn as never),
    on: (channel, fn) => void ons.set(channel, fn as never),
  };
  const handlers: InvokeHandlers = {
    'app:info': vi.fn(async () => ({ version: '0.1.0', hostUrl: `${APP}/`, platform: 'linux' })),
    'network:save': vi.fn(async () => ({ status: 'saved' as const, name: 'n.bpnet' })),
    'network:open': vi.fn(async () => ({ status: 'cancelled' as const })),
    'screenshot:export': vi.fn(async () => ({ status: 'cancelled' as const })),
    'csv:export': vi.fn(async () => ({ status: 'cancelled' as const })),
    ...overrides,
  };
  const states: unknown[] = [];
  const log = vi.fn();
  registerIpc(ipcMain, { trusted: (e) => isTrustedSender(e, WINDOW_ID, APP), handlers, onShellState: (s) => states.push(s), log });
  const invoke = (channel: string, event: SenderInfo, payload: unknown) => Promise.resolve().then(() => handles.get(channel)!(event, payload));
  const send = (event: SenderInfo, payload: unknown) => ons.get(SHELL_STATE)!(event, payload);
  return { handles, handlers, invoke, send, states, log };
}

describe('registerIpc', () => {
  it('registers every channel of the bridge', () => {
    const { handles } = setUp();
    expect([...handles.keys()].sort()).toEqual(Object.values(INVOKE).sort());
  });

  it('passes a well-formed message from the app to its handler, and its answer back', async () => {
    const { invoke, handlers } = setUp();
    await expect(invoke(INVOKE.saveNetwork, fromApp, { network: article, step: 3, suggestedName: 'mine.bpnet' })).resolves.toEqual({ status: 'saved', name: 'n.bpnet' });
    expect(handlers['network:save']).toHaveBeenCalledOnce();
  });

  it('refuses a message from elsewhere without running the handler', async () => {
    const { invoke, handlers, log } = setUp();
    const stranger = { sender: { id: 99 }, senderFrame: { url: 'https://evil.example/', parent: null } };
    await expect(invoke(INVOKE.openNetwork, stranger, {})).rejects.toThrow(/not sent by the app's window/);
    expect(handlers['network:open']).not.toHaveBeenCalled();
    expect(log).toHaveBeenCalledWith(expect.stringContaining('refused'));
  });

  it('refuses payloads that do not fit the schema', async () => {
    const { invoke, handlers } = setUp();
    const bad: [string, unknown][] = [
      [INVOKE.saveNetwork, { network: { ...article, weights: [Infinity] }, step: 0, suggestedName: 'a.bpnet' }],
      [INVOKE.saveNetwork, { network: article, step: 0, suggestedName: '../../etc/passwd' }],
      [INVOKE.saveNetwork, { network: article, step: -1, suggestedName: 'a.bpnet' }],
      [INVOKE.openNetwork, { path: '/etc/shadow' }],
      [INVOKE.exportCsv, { suggestedName: 'r.csv', text: 'x'.repeat(2_000_001) }],
      [INVOKE.info, 'hello'],
    ];
    for (const [channel, payload] of bad) await expect(invoke(channel, fromApp, payload), channel).rejects.toThrow();
    expect(handlers['network:save']).not.toHaveBeenCalled();
    expect(handlers['network:open']).not.toHaveBeenCalled();
    expect(handlers['csv:export']).not.toHaveBeenCalled();
  });

  it('does not send back an answer that breaks its own schema', async () => {
    const { invoke } = setUp({ 'app:info': async () => ({ version: '1', hostUrl: 'not a url', platform: 'linux' }) });
    await expect(invoke(INVOKE.info, fromApp, {})).rejects.toThrow(/did not fit its schema/);
  });

  it('takes the menus’ state only from the app, and only well-formed', () => {
    const { send, states } = setUp();
    send(fromApp, { language: 'ja', reducedMotion: true, networkOpen: true });
    send({ ...fromApp, sender: { id: 1 } }, { language: 'en', reducedMotion: false, networkOpen: false });
    send(fromApp, { language: 'fr', reducedMotion: false, networkOpen: false });
    expect(states).toEqual([{ language: 'ja', reducedMotion: true, networkOpen: true }]);
  });
});

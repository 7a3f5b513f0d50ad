/**
 * The sandbox's File menu: Open network…, Save network…, Export
 * screenshot…. A button that opens a menu (arrow keys move, Escape closes,
 * as menus do), and the three actions behind it, which the desktop app's
 * own File menu triggers too (through renderer/shell.ts). Opening a network
 * sends the host one `loadNetwork` intent with the whole network; the host
 * checks it again and answers with the new state.
 */
import type { SandboxSnapshot } from '../../core/protocol.js';
import { savedNetworkFrom } from '../../core/network-file.js';
import { type MessageKey, t } from '../i18n.js';
import { type MenuCommand, type OpenResult, type SaveResult, getShell } from '../shell.js';
import '../styles/file-menu.css';
import { freshId, h } from './dom.js';
import type { Send } from './sandbox-types.js';

/** What a screen may be asked to do from outside: a menu command, or a file opened from outside. */
export type ScreenCommand = MenuCommand | { opened: OpenResult };

export interface FileMenuContext {
  /** The network on screen, or null before the first state arrives. */
  snapshot(): SandboxSnapshot | null;
  /** Whether the host is connected and has sent its state. */
  ready(): boolean;
  send: Send;
  notify(text: string): void;
  /** The picture of the network as PNG, for browsers (the desktop app captures the window). */
  capture(): Promise<Blob | null>;
}

export interface FileMenu {
  readonly el: HTMLElement;
  run(command: ScreenCommand): void;
  dispose(): void;
}

const OPEN_PROBLEM: Record<Extract<OpenResult, { status: 'failed' }>['problem'], MessageKey> = {
  unreadable: 'files.problem.unreadable',
  tooBig: 'files.problem.tooBig',
  notJson: 'files.problem.notJson',
  notNetwork: 'files.problem.notNetwork',
  newerVersion: 'files.problem.newerVersion',
  invalid: 'files.problem.invalid',
};

function until(check: () => boolean, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const started = performance.now();
    const poll = () => {
      if (check()) resolve(true);
      else if (performance.now() - started > timeoutMs) resolve(false);
      else setTimeout(poll, 100);
    };
    poll();
  });
}

export function createFileMenu(ctx: FileMenuContext): FileMenu {
  const shell = getShell();
  let disposed = false;

  const report = (result: SaveResult, savedKey: MessageKey) => {
    if (result.status === 'saved') ctx.notify(t(savedKey, { name: result.name }));
    else if (result.status === 'failed') ctx.notify(t('files.saveFailed', { reason: result.reason }));
  };

  async function save(): Promise<void> {
    const s = ctx.snapshot();
    if (!s || !ctx.ready()) return ctx.notify(t('files.busy'));
    report(await shell.saveNetwork(savedNetworkFrom(s), s.step), 'files.saved');
  }

  async function opened(result: OpenResult): Promise<void> {
    if (result.status === 'cancelled' || disposed) return;
    if (result.status === 'failed') {
      ctx.notify(t(OPEN_PROBLEM[result.problem], { name: result.name, detail: result.detail }));
      return;
    }
    if (!(await until(ctx.ready, 15_000)) || disposed) return ctx.notify(t('files.busy'));
    const network = result.file.network;
    ctx.send('loadNetwork', { network });
    const shape = [network.dataset.kind === 'regression' ? 1 : 2, ...network.hidden, 1].join('-');
    ctx.notify(t('files.opened', { name: result.name, shape, step: result.file.step ?? 0 }));
  }

  async function open(): Promise<void> {
    await opened(await shell.openNetwork());
  }

  async function screenshot(): Promise<void> {
    const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
    const result = await shell.exportScreenshot(`backprop-arena-${stamp}.png`, () => ctx.capture());
    if (result.status === 'failed' && result.reason === 'no picture') return ctx.notify(t('files.noPicture'));
    report(result, 'files.exported');
  }

  function run(command: ScreenCommand): void {
    if (typeof command === 'object') void opened(command.opened);
    else if (command === 'openNetwork') void open();
    else if (command === 'saveNetwork') void save();
    else if (command === 'exportScreenshot') void screenshot();
  }

  // ---- the menu button
  const menuId = freshId('file-menu');
  const trigger = h(
    'button',
    {
      class: 'btn btn-ghost file-menu-trigger',
      attrs: { type: 'button', 'aria-haspopup': 'menu', 'aria-expanded': 'false', 'aria-controls': menuId },
    },
    h('span', { t: 'files.menu' }),
    h('span', { class: 'file-menu-caret', text: '▾', attrs: { 'aria-hidden': 'true' } }),
  );
  const item = (key: MessageKey, command: MenuCommand) =>
    h('button', {
      class: 'file-menu-item',
      t: key,
      attrs: { type: 'button', role: 'menuitem', tabindex: -1 },
      on: {
        click: () => {
          close(true);
          run(command);
        },
      },
    });
  const items = [item('files.open', 'openNetwork'), item('files.save', 'saveNetwork'), item('files.screenshot', 'exportScreenshot')];
  const list = h('div', { class: 'file-menu-list', attrs: { id: menuId, role: 'menu', hidden: true }, tAttrs: { 'aria-label': 'files.menu' } }, ...items);
  const el = h('div', { class: 'file-menu' }, trigger, list);

  function openMenu(focusAt: number): void {
    list.hidden = false;
    trigger.setAttribute('aria-expanded', 'true');
    items[(focusAt + items.length) % items.length].focus();
  }

  function close(focusTrigger: boolean): void {
    if (list.hidden) return;
    list.hidden = true;
    trigger.setAttribute('aria-expanded', 'false');
    if (focusTrigger) trigger.focus();
  }

  trigger.addEventListener('click', () => (list.hidden ? openMenu(0) : close(false)));
  trigger.addEventListener('keydown', (ev) => {
    if (ev.key === 'ArrowDown' || ev.key === 'ArrowUp') {
      ev.preventDefault();
      openMenu(ev.key === 'ArrowDown' ? 0 : -1);
    }
  });
  list.addEventListener('keydown', (ev) => {
    const at = items.indexOf(document.activeElement as HTMLButtonElement);
    const keys: Record<string, () => void> = {
      ArrowDown: () => items[(at + 1) % items.length].focus(),
      ArrowUp: () => items[(at - 1 + items.length) % items.length].focus(),
      Home: () => items[0].focus(),
      End: () => items[items.length - 1].focus(),
      Escape: () => close(true),
      ArrowLeft: () => undefined,
      ArrowRight: () => undefined,
    };
    if (ev.key === 'Tab') close(false);
    const action = keys[ev.key];
    if (!action) return;
    ev.preventDefault();
    action();
  });
  const outside = (ev: PointerEvent) => {
    if (!el.contains(ev.target as Node)) close(false);
  };
  document.addEventListener('pointerdown', outside);

  return {
    el,
    run,
    dispose() {
      disposed = true;
      document.removeEventListener('pointerdown', outside);
    },
  };
}

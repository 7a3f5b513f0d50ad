/**
 * The desktop menus (app/electron/menu.ts) as the template Electron would
 * build them from: items, shortcuts and words, on each platform and in
 * both languages.
 */
import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { type MenuOptions, menuTemplate } from '../../app/electron/menu.js';
import { MENU_WORDS } from '../../app/electron/menu-words.js';

function options(over: Partial<MenuOptions> = {}): MenuOptions {
  return {
    platform: 'linux',
    language: 'en',
    packaged: true,
    reducedMotion: false,
    networkOpen: true,
    command: vi.fn(),
    about: vi.fn(),
    openArticle: vi.fn(),
    ...over,
  };
}

/** Every item, depth first. */
function items(template: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return template.flatMap((m) => [m, ...items((m.submenu as MenuItemConstructorOptions[] | undefined) ?? [])]);
}

function find(template: MenuItemConstructorOptions[], id: string): MenuItemConstructorOptions {
  const item = items(template).find((m) => m.id === id);
  if (!item) throw new Error(`no menu item "${id}"`);
  return item;
}

describe('menuTemplate', () => {
  it('has File, View and Help on Windows and Linux, and the macOS app menu first on macOS', () => {
    expect(menuTemplate(options({ platform: 'linux' })).map((m) => m.id)).toEqual(['file', 'view', 'help']);
    expect(menuTemplate(options({ platform: 'win32' })).map((m) => m.id)).toEqual(['file', 'view', 'help']);
    const mac = menuTemplate(options({ platform: 'darwin' }));
    expect(mac.map((m) => m.id)).toEqual(['app', 'file', 'edit', 'view', 'window', 'help']);
    expect((mac[0].submenu as MenuItemConstructorOptions[]).map((m) => m.role).filter(Boolean)).toEqual(['services', 'hide', 'hideOthers', 'unhide', 'quit']);
  });

  it('puts the issue’s items in each menu, in English', () => {
    const t = menuTemplate(options());
    const labels = (id: string) => (find(t, id).submenu as MenuItemConstructorOptions[]).filter((m) => m.type !== 'separator').map((m) => m.label);
    expect(labels('file')).toEqual(['Open Network…', 'Save Network…', 'Export Screenshot…', 'Quit']);
    expect(labels('view')).toEqual(['Full Screen', 'Zoom In', 'Zoom Out', 'Actual Size', 'Reduced Motion']);
    expect(labels('help')).toEqual(['About Backprop Arena', 'The Article: Training a Network by Backpropagation']);
    expect(find(t, 'file').label).toBe('&File');
  });

  it('speaks Japanese when the game does, with no English left in the menus', () => {
    const t = menuTemplate(options({ language: 'ja' }));
    expect(find(t, 'file').label).toBe('ファイル(&F)');
    expect(find(t, 'open-network').label).toBe('ネットワークを開く…');
    expect(find(t, 'save-network').label).toBe('ネットワークを保存…');
    expect(find(t, 'full-screen').label).toBe('フルスクリーン');
    expect(find(t, 'reduced-motion').label).toBe('動きを減らす');
    for (const item of items(t)) {
      if (!item.label) continue;
      // Latin letters only inside the product's name and the mnemonic.
      expect(item.label.replace('Backprop Arena', '').replace(/\(&\w\)/, ''), item.label).not.toMatch(/[A-Za-z]{2,}/);
    }
  });

  it('drops the &-mnemonics on macOS, which has none', () => {
    const t = menuTemplate(options({ platform: 'darwin', language: 'ja' }));
    expect(find(t, 'file').label).toBe('ファイル');
    expect(find(menuTemplate(options({ platform: 'darwin' })), 'view').label).toBe('View');
  });

  it('uses each platform’s usual shortcuts', () => {
    const linux = menuTemplate(options({ platform: 'linux' }));
    const win = menuTemplate(options({ platform: 'win32' }));
    const mac = menuTemplate(options({ platform: 'darwin' }));
    expect(find(linux, 'open-network').accelerator).toBe('CmdOrCtrl+O');
    expect(find(linux, 'save-network').accelerator).toBe('CmdOrCtrl+S');
    expect(find(linux, 'quit').accelerator).toBe('Ctrl+Q');
    expect(find(win, 'quit').accelerator).toBe('Alt+F4');
    expect(find(mac, 'quit').accelerator).toBe('Cmd+Q');
    expect(find(linux, 'full-screen').accelerator).toBe('F11');
    expect(find(mac, 'full-screen').accelerator).toBe('Ctrl+Cmd+F');
    for (const t of [linux, win, mac]) {
      expect(find(t, 'zoom-in').accelerator).toBe('CmdOrCtrl+Plus');
      expect(find(t, 'zoom-out').accelerator).toBe('CmdOrCtrl+-');
      expect(find(t, 'actual-size').accelerator).toBe('CmdOrCtrl+0');
      // No two items share a shortcut.
      const keys = items(t).map((m) => m.accelerator).filter(Boolean);
      expect(new Set(keys).size).toBe(keys.length);
    }
  });

  it('has developer tools only in development builds', () => {
    expect(items(menuTemplate(options({ packaged: true }))).some((m) => m.role === 'toggleDevTools')).toBe(false);
    expect(items(menuTemplate(options({ packaged: false }))).some((m) => m.role === 'toggleDevTools')).toBe(true);
  });

  it('greys out Save and Export with no network on screen, and shows reduced motion as it is', () => {
    const off = menuTemplate(options({ networkOpen: false, reducedMotion: true }));
    expect(find(off, 'save-network').enabled).toBe(false);
    expect(find(off, 'export-screenshot').enabled).toBe(false);
    expect(find(off, 'open-network').enabled).toBe(true);
    expect(find(off, 'reduced-motion')).toMatchObject({ type: 'checkbox', checked: true });
  });

  it('sends the page its commands, and opens About and the article itself', () => {
    const o = options();
    const t = menuTemplate(o);
    const click = (id: string) => (find(t, id).click as () => void)();
    click('open-network');
    click('save-network');
    click('export-screenshot');
    click('reduced-motion');
    click('about');
    click('article');
    expect((o.command as ReturnType<typeof vi.fn>).mock.calls.map((c) => c[0])).toEqual(['openNetwork', 'saveNetwork', 'exportScreenshot', 'toggleReducedMotion']);
    expect(o.about).toHaveBeenCalledOnce();
    expect(o.openArticle).toHaveBeenCalledOnce();
  });

  it('has every word in both languages, none left untranslated', () => {
    const same = Object.keys(MENU_WORDS.en).filter((k) => MENU_WORDS.en[k as 'ok'] === MENU_WORDS.ja[k as 'ok']);
    expect(same).toEqual(['ok']);
  });
});

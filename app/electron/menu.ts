/**
 * The desktop menus, as a template Electron's Menu.buildFromTemplate takes:
 *
 *   (macOS: Backprop Arena — About, Services, Hide, Quit; and Edit, Window)
 *   File   Open Network…, Save Network…, Export Screenshot…, Quit
 *   View   Full Screen, Zoom In, Zoom Out, Actual Size, Reduced Motion
 *          (and Developer Tools in development builds only)
 *   Help   About Backprop Arena, the article
 *
 * in the game's language, with each platform's usual shortcuts. A pure
 * function of its options, so tests read the template without Electron.
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from '../../core/bridge.js';
import { type MenuLanguage, type MenuWord, word } from './menu-words.js';

export interface MenuOptions {
  platform: NodeJS.Platform;
  language: MenuLanguage;
  /** Packaged builds have no developer tools. */
  packaged: boolean;
  reducedMotion: boolean;
  /** Whether a network is on screen (Save and Export need one). */
  networkOpen: boolean;
  /** A command the page carries out. */
  command(command: MenuCommand): void;
  about(): void;
  openArticle(): void;
}

export function menuTemplate(o: MenuOptions): MenuItemConstructorOptions[] {
  const mac = o.platform === 'darwin';
  const w = (key: MenuWord) => word(o.language, key, {}, !mac);
  const command = (id: string, label: MenuWord, cmd: MenuCommand, accelerator?: string, enabled = true): MenuItemConstructorOptions => ({
    id,
    label: w(label),
    ...(accelerator && { accelerator }),
    enabled,
    click: () => o.command(cmd),
  });

  const file: MenuItemConstructorOptions = {
    id: 'file',
    label: w('file'),
    submenu: [
      command('open-network', 'openNetwork', 'openNetwork', 'CmdOrCtrl+O'),
      command('save-network', 'saveNetwork', 'saveNetwork', 'CmdOrCtrl+S', o.networkOpen),
      command('export-screenshot', 'exportScreenshot', 'exportScreenshot', 'CmdOrCtrl+E', o.networkOpen),
      // On macOS, Quit lives in the app menu.
      ...(mac
        ? []
        : ([
            { type: 'separator' },
            { id: 'quit', label: w('quit'), role: 'quit', accelerator: o.platform === 'win32' ? 'Alt+F4' : 'Ctrl+Q' },
          ] satisfies MenuItemConstructorOptions[])),
    ],
  };

  const view: MenuItemConstructorOptions = {
    id: 'view',
    label: w('view'),
    submenu: [
      { id: 'full-screen', label: w('fullScreen'), role: 'togglefullscreen', accelerator: mac ? 'Ctrl+Cmd+F' : 'F11' },
      { type: 'separator' },
      { id: 'zoom-in', label: w('zoomIn'), role: 'zoomIn', accelerator: 'CmdOrCtrl+Plus' },
      { id: 'zoom-out', label: w('zoomOut'), role: 'zoomOut', accelerator: 'CmdOrCtrl+-' },
      { id: 'actual-size', label: w('actualSize'), role: 'resetZoom', accelerator: 'CmdOrCtrl+0' },
      { type: 'separator' },
      {
        id: 'reduced-motion',
        label: w('reducedMotion'),
        type: 'checkbox',
        checked: o.reducedMotion,
        click: () => o.command('toggleReducedMotion'),
      },
      ...(o.packaged
        ? []
        : ([
            { type: 'separator' },
            { id: 'reload', label: w('reload'), role: 'reload' },
            { id: 'dev-tools', label: w('devTools'), role: 'toggleDevTools', accelerator: mac ? 'Alt+Cmd+I' : 'Ctrl+Shift+I' },
          ] satisfies MenuItemConstructorOptions[])),
    ],
  };

  const help: MenuItemConstructorOptions = {
    id: 'help',
    label: w('help'),
    role: 'help',
    submenu: [
      ...(mac ? [] : [{ id: 'about', label: w('about'), click: () => o.about() }]),
      { id: 'article', label: w('article'), click: () => o.openArticle() },
    ],
  };

  if (!mac) return [file, view, help];

  const appMenu: MenuItemConstructorOptions = {
    id: 'app',
    label: 'Backprop Arena',
    submenu: [
      { id: 'about', label: w('about'), click: () => o.about() },
      { type: 'separator' },
      { id: 'services', label: w('services'), role: 'services' },
      { type: 'separator' },
      { id: 'hide', label: w('hide'), role: 'hide', accelerator: 'Cmd+H' },
      { id: 'hide-others', label: w('hideOthers'), role: 'hideOthers', accelerator: 'Alt+Cmd+H' },
      { id: 'show-all', label: w('showAll'), role: 'unhide' },
      { type: 'separator' },
      { id: 'quit', label: w('quitApp'), role: 'quit', accelerator: 'Cmd+Q' },
    ],
  };
  // On macOS, copy and paste in text fields work only through an Edit menu.
  const edit: MenuItemConstructorOptions = {
    id: 'edit',
    label: w('edit'),
    submenu: [
      { label: w('undo'), role: 'undo', accelerator: 'Cmd+Z' },
      { label: w('redo'), role: 'redo', accelerator: 'Shift+Cmd+Z' },
      { type: 'separator' },
      { label: w('cut'), role: 'cut', accelerator: 'Cmd+X' },
      { label: w('copy'), role: 'copy', accelerator: 'Cmd+C' },
      { label: w('paste'), role: 'paste', accelerator: 'Cmd+V' },
      { label: w('selectAll'), role: 'selectAll', accelerator: 'Cmd+A' },
    ],
  };
  const window: MenuItemConstructorOptions = {
    id: 'window',
    label: w('window'),
    role: 'window',
    submenu: [
      { label: w('minimize'), role: 'minimize', accelerator: 'Cmd+M' },
      { label: w('zoom'), role: 'zoom' },
      { type: 'separator' },
      { label: w('front'), role: 'front' },
    ],
  };
  return [appMenu, file, edit, view, window, help];
}

/**
 * renderer/: what a player sees. This entry point loads the settings,
 * picks the language, and switches between the screens (ui/menu.ts,
 * ui/sandbox.ts). The screens reach the host only through client.ts; the
 * network itself is drawn by scene/.
 */
import { initLanguage, language, onLanguageChange, t } from './i18n.js';
import { getShell } from './shell.js';
import type { ScreenCommand } from './ui/file-menu.js';
import { localize } from './ui/dom.js';
import { type Screen, createMenu } from './ui/menu.js';
import { createSandbox } from './ui/sandbox.js';
import { createPrefs, loadSettings } from './ui/settings.js';

const settings = loadSettings();
initLanguage(settings.language);
const prefs = createPrefs(settings);

const root = document.getElementById('app');
if (!root) throw new Error('index.html has no #app element');
const app: HTMLElement = root;

let screen: Screen | null = null;

function open(next: () => Screen): void {
  screen?.dispose();
  screen = next();
  app.replaceChildren(screen.el);
  screen.focus();
  window.scrollTo(0, 0);
}

function openMenu(): void {
  open(() => createMenu(prefs, { openSandbox }));
  tellShell(false);
}

function openSandbox(): void {
  open(() => createSandbox(prefs, { back: openMenu }));
  tellShell(true);
}

// The desktop app's menus follow the game's language and what is on screen.
const shell = getShell();
let networkOpen = false;
function tellShell(network = networkOpen): void {
  networkOpen = network;
  shell.setState({ language: language(), reducedMotion: prefs.reducedMotion, networkOpen });
}
prefs.onReducedMotion(() => tellShell());

/** Network files and menu commands go to the sandbox, which opens first if need be. */
function toSandbox(command: ScreenCommand): void {
  if (!networkOpen) openSandbox();
  screen?.command?.(command);
}
shell.onMenuCommand((command) => {
  if (command === 'toggleReducedMotion') prefs.setReducedMotion(!prefs.reducedMotion);
  else if (command === 'openNetwork' || networkOpen) toSandbox(command);
});
shell.onNetworkOpened((opened) => toSandbox({ opened }));

onLanguageChange(() => {
  tellShell();
  document.title = t('app.title');
  if (screen) {
    localize(screen.el);
    screen.relabel?.();
  }
});

document.title = t('app.title');
openMenu();

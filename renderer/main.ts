/**
 * renderer/: what a player sees. This entry point loads the settings,
 * picks the language, and switches between the screens (ui/menu.ts,
 * ui/sandbox.ts). The screens reach the host only through client.ts; the
 * network itself is drawn by scene/.
 */
import { initLanguage, onLanguageChange, t } from './i18n.js';
import { localize } from './ui/dom.js';
import { loadFonts } from './ui/fonts.js';
import { type Screen, createMenu } from './ui/menu.js';
import { createLessons } from './ui/lessons.js';
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
  open(() => createMenu(prefs, { openSandbox, openLessons }));
}

function openLessons(): void {
  open(() => createLessons(prefs, { back: openMenu }));
}

function openSandbox(): void {
  open(() => createSandbox(prefs, { back: openMenu }));
}

onLanguageChange(() => {
  document.title = t('app.title');
  if (screen) {
    localize(screen.el);
    screen.relabel?.();
  }
});

document.title = t('app.title');
void loadFonts().then(openMenu);

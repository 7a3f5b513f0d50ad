/**
 * renderer/: what a player sees. This entry point loads the settings,
 * picks the language, and switches between the screens (ui/menu.ts,
 * ui/sandbox.ts). The screens reach the host only through client.ts; the
 * network itself is drawn by scene/.
 */
import { fetchProgress } from './client.js';
import { initLanguage, language, onLanguageChange, setLanguage, t } from './i18n.js';
import { localize } from './ui/dom.js';
import { loadFonts } from './ui/fonts.js';
import { type Screen, createMenu } from './ui/menu.js';
import { createLessons } from './ui/lessons.js';
import { createSandbox } from './ui/sandbox.js';
import { type LevelJoin, createChallenges } from './ui/challenges.js';
import { createChallengeLevel } from './ui/challenge-level.js';
import { createCustomChallenge } from './ui/custom-challenge.js';
import { createPrefs, loadSettings, settingsFromHost } from './ui/settings.js';

const local = loadSettings();
initLanguage(local.language);
const prefs = createPrefs(local);

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
  open(() => createMenu(prefs, { openSandbox, openLessons, openChallenges: () => openChallenges() }));
}

function openLessons(): void {
  open(() => createLessons(prefs, { back: openMenu }));
}

function openSandbox(): void {
  const custom = createCustomChallenge();
  open(() => createSandbox(prefs, { back: openMenu }, { panelBottom: custom.el, onSnapshot: custom.update }));
}

function openChallenges(notice?: string): void {
  open(() => createChallenges(prefs, { back: openMenu, play: openLevel }, notice));
}

function openLevel(join: LevelJoin): void {
  open(() => createChallengeLevel(prefs, join, { levels: () => openChallenges(), play: openLevel, failed: (reason) => openChallenges(reason) }));
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

// The host keeps the settings; where they differ from this browser's copy, the host's win.
void fetchProgress().then((progress) => {
  const settings = settingsFromHost(local, progress?.settings ?? null);
  if (settings.language !== language()) setLanguage(settings.language);
  if (settings.reducedMotion !== prefs.reducedMotion) prefs.setReducedMotion(settings.reducedMotion);
});

/**
 * renderer/: what a player sees. This entry point loads the settings,
 * picks the language, and switches between the screens (ui/menu.ts,
 * ui/sandbox.ts). The screens reach the host only through client.ts; the
 * network itself is drawn by scene/.
 */
import { fetchProgress } from './client.js';
import { isGuest } from './guest.js';
import { initLanguage, language, onLanguageChange, setLanguage, t } from './i18n.js';
import { getShell } from './shell.js';
import type { ScreenCommand } from './ui/file-menu.js';
import { localize } from './ui/dom.js';
import { loadFonts } from './ui/fonts.js';
import { type Screen, createMenu } from './ui/menu.js';
import { type RaceConnection, hostRace, resumeRace } from './race-client.js';
import { createRaceHost } from './ui/race-host.js';
import { createRaceJoin } from './ui/race-join.js';
import { createPastRaces } from './ui/past-races.js';
import { createRacePlay } from './ui/race-play.js';
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
  open(() => createMenu(prefs, { openSandbox, openLessons, openChallenges: () => openChallenges(), openHostRace, openJoinRace, openPastRaces }, isGuest()));
  tellShell(false);
}

function openLessons(): void {
  open(() => createLessons(prefs, { back: openMenu }));
  tellShell(false);
}

function openSandbox(): void {
  const custom = createCustomChallenge();
  open(() => createSandbox(prefs, { back: openMenu }, { panelBottom: custom.el, onSnapshot: custom.update }));
  tellShell(true);
}

function openChallenges(notice?: string): void {
  open(() => createChallenges(prefs, { back: openMenu, play: openLevel }, notice));
  tellShell(false);
}

function openLevel(join: LevelJoin): void {
  open(() => createChallengeLevel(prefs, join, { levels: () => openChallenges(), play: openLevel, failed: (reason) => openChallenges(reason) }));
  tellShell(false);
}

function openRace(race: RaceConnection): void {
  open(() => (race.role === 'host' ? createRaceHost(race, { back: openMenu, pastRaces: openPastRaces }) : createRacePlay(prefs, race, { back: openMenu })));
  tellShell(false);
}

function openHostRace(): void {
  hostRace().then(openRace, (err) => {
    console.error('could not host a race', err);
    window.alert(t('race.hostFailed'));
  });
}

function openPastRaces(): void {
  open(() => createPastRaces({ back: openMenu, hostRace: openHostRace }));
  tellShell(false);
}

function openJoinRace(): void {
  open(() => createRaceJoin({ back: openMenu, joined: openRace }));
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
// The menu opens once the bundled Japanese font is ready (no empty boxes in 日本語);
// a tab that held a race seat before a reload takes it back instead (within the host's 30 s).
void loadFonts()
  .then(() => resumeRace())
  .then(
    (race) => (race ? openRace(race) : openMenu()),
    () => openMenu(),
  );

// The host keeps the settings of the player at the host computer; where they differ from
// this browser's copy, the host's win. A guest's page keeps its own (guest.ts).
if (!isGuest()) void fetchProgress().then((progress) => {
  const settings = settingsFromHost(local, progress?.settings ?? null);
  if (settings.language !== language()) setLanguage(settings.language);
  if (settings.reducedMotion !== prefs.reducedMotion) prefs.setReducedMotion(settings.reducedMotion);
  if (settings.stepSeconds !== prefs.stepSeconds) prefs.setStepSeconds(settings.stepSeconds);
});

/**
 * The main menu: the game's title, what it is in one line, the ways to
 * play (sandbox, lessons, challenges, hosting or joining a race), and the
 * two settings: language and reduced motion.
 */
import type { MessageKey } from '../i18n.js';
import type { ScreenCommand } from './file-menu.js';
import { h } from './dom.js';
import type { Prefs } from './settings.js';
import { languageSwitch, reducedMotionSwitch } from './widgets.js';
import '../styles/past-races.css';

export interface Screen {
  readonly el: HTMLElement;
  /** Puts keyboard focus where the screen starts. */
  focus(): void;
  /** Re-labels what localize() cannot reach (text built from numbers). */
  relabel?(): void;
  /** A menu command or an opened file, for screens that take them (the sandbox). */
  command?(c: ScreenCommand): void;
  dispose(): void;
}

export interface MenuActions {
  openSandbox(): void;
  openLessons(): void;
  openChallenges(): void;
  openHostRace(): void;
  openJoinRace(): void;
  /** The races this computer hosted (not offered to a guest). */
  openPastRaces(): void;
}

/**
 * The menu. A guest's page (a browser on another computer, guest.ts) offers
 * only Join a race, and says where the rest of the game is.
 */
export function createMenu(prefs: Prefs, actions: MenuActions, guest = false): Screen {
  const sandbox = h(
    'button',
    { class: 'menu-card menu-card-primary', attrs: { type: 'button' }, on: { click: () => actions.openSandbox() } },
    h('span', { class: 'menu-card-title', t: 'menu.sandbox' }),
    h('span', { class: 'menu-card-hint', t: 'menu.sandboxHint' }),
  );

  const card = (title: MessageKey, hint: MessageKey, open: () => void, wide: 'half' | 'third' = 'half') =>
    h(
      'button',
      { class: `menu-card menu-card-${wide}`, attrs: { type: 'button' }, on: { click: () => open() } },
      h('span', { class: 'menu-card-title', t: title }),
      h('span', { class: 'menu-card-hint', t: hint }),
    );

  const join = guest
    ? h(
        'button',
        { class: 'menu-card menu-card-primary', attrs: { type: 'button' }, on: { click: () => actions.openJoinRace() } },
        h('span', { class: 'menu-card-title', t: 'menu.join' }),
        h('span', { class: 'menu-card-hint', t: 'guest.hint' }),
      )
    : card('menu.join', 'menu.joinHint', actions.openJoinRace, 'third');

  const lang = languageSwitch();
  const motion = reducedMotionSwitch(prefs, true);

  const el = h(
    'div',
    { class: 'screen menu-screen' },
    h(
      'main',
      { class: 'menu' },
      h(
        'header',
        { class: 'menu-head' },
        networkEmblem(),
        h('h1', { class: 'menu-title', t: 'app.title' }),
        h('p', { class: 'menu-tagline', t: 'app.tagline' }),
      ),
      guest
        ? h(
            'nav',
            { class: 'menu-grid menu-grid-guest', tAttrs: { 'aria-label': 'menu.modes' } },
            join,
            h('p', { class: 'menu-guest-note', t: 'guest.note' }),
          )
        : h(
            'nav',
            { class: 'menu-grid menu-grid-six', tAttrs: { 'aria-label': 'menu.modes' } },
            sandbox,
            card('menu.lessons', 'menu.lessonsHint', actions.openLessons),
            card('menu.challenges', 'menu.challengesHint', actions.openChallenges),
            card('menu.host', 'menu.hostHint', actions.openHostRace, 'third'),
            join,
            card('menu.pastRaces', 'menu.pastRacesHint', actions.openPastRaces, 'third'),
          ),
      h(
        'section',
        { class: 'menu-settings', tAttrs: { 'aria-label': 'menu.settings' } },
        h('div', { class: 'menu-setting' }, h('span', { class: 'menu-setting-label', t: 'settings.language', attrs: { 'aria-hidden': 'true' } }), lang.el),
        h('div', { class: 'menu-setting' }, motion.el),
      ),
      h('p', { class: 'menu-footer', t: 'menu.footer' }),
    ),
  );

  return {
    el,
    focus: () => (guest ? join : sandbox).focus(),
    dispose() {
      lang.dispose();
      motion.dispose();
    },
  };
}

/**
 * The article's network, 2-3-2-1, as a small drawing: split circles (Σ on
 * the left, f(e) on the right) joined by their weights.
 */
function networkEmblem(): SVGSVGElement {
  const NS = 'http://www.w3.org/2000/svg';
  const make = (tag: string, attrs: Record<string, string | number>) => {
    const el = document.createElementNS(NS, tag);
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
    return el;
  };
  const svg = make('svg', { viewBox: '0 0 240 110', class: 'menu-emblem', 'aria-hidden': 'true', focusable: 'false' }) as SVGSVGElement;
  const sizes = [2, 3, 2, 1];
  const x = (l: number) => 30 + l * 60;
  const y = (l: number, j: number) => 55 + (j - (sizes[l] - 1) / 2) * 34;
  const edges = make('g', { class: 'emblem-edges' });
  for (let l = 0; l < sizes.length - 1; l++) {
    for (let j = 0; j < sizes[l + 1]; j++) {
      for (let i = 0; i < sizes[l]; i++) {
        edges.append(make('line', { x1: x(l), y1: y(l, i), x2: x(l + 1), y2: y(l + 1, j) }));
      }
    }
  }
  svg.append(edges);
  for (let l = 0; l < sizes.length; l++) {
    for (let j = 0; j < sizes[l]; j++) {
      const cx = x(l);
      const cy = y(l, j);
      if (l === 0) {
        svg.append(make('rect', { x: cx - 7, y: cy - 7, width: 14, height: 14, rx: 3, class: 'emblem-input' }));
        continue;
      }
      svg.append(make('circle', { cx, cy, r: 11, class: 'emblem-neuron' }));
      svg.append(make('path', { d: `M${cx - 11} ${cy}a11 11 0 0 1 11 -11v22a11 11 0 0 1 -11 -11z`, class: 'emblem-sum' }));
      svg.append(make('line', { x1: cx, y1: cy - 11, x2: cx, y2: cy + 11, class: 'emblem-split' }));
    }
  }
  return svg;
}

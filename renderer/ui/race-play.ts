/**
 * A student's race: the sandbox's scene and controls on their own
 * network (the race fixes its shape), with a strip above it that says
 * what to reach, what is left, and their place, and the top ten beside
 * it. A countdown, a pause and the end are laid over the screen; at the
 * end, the podium and the student's place.
 */
import type { ClosedMessage, RaceOverMessage, SelfMessage, TopRow } from '../../core/race/index.js';
import { type MessageKey, language, t } from '../i18n.js';
import type { RaceConnection, RaceView } from '../race-client.js';
import { h } from './dom.js';
import { formatCount, formatError } from './format.js';
import type { Screen } from './menu.js';
import { podium } from './race-podium.js';
import { createSandbox } from './sandbox.js';
import type { Prefs } from './settings.js';
import '../styles/race.css';

export function raceTitle(v: RaceView | null): string {
  if (!v) return '';
  return language() === 'ja' ? v.titleJa : v.titleEn;
}

export function clock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

export function createRacePlay(prefs: Prefs, race: RaceConnection, actions: { back(): void }): Screen {
  let me: SelfMessage | null = null;
  let over: RaceOverMessage | null = null;
  let closed: ClosedMessage | null = null;
  const cleanups: (() => void)[] = [];

  const title = h('p', { class: 'race-strip-title' });
  const phase = h('p', { class: 'race-strip-phase', attrs: { role: 'status', 'aria-live': 'polite' } });
  const stat = (label: MessageKey) => {
    const value = h('span', { class: 'race-stat-value' });
    const el = h('div', { class: 'race-stat', attrs: { role: 'status' }, tAttrs: { 'aria-label': label } }, h('span', { class: 'race-stat-label', t: label }), value);
    return { el, value };
  };
  const target = stat('race.target');
  const stepsLeft = stat('race.stepsLeft');
  const timeLeft = stat('race.timeLeft');
  const place = stat('race.place');
  const top = h('ol', { class: 'race-top', tAttrs: { 'aria-label': 'race.top' } });
  const strip = h(
    'section',
    { class: 'race-strip' },
    h('div', { class: 'race-strip-head' }, title, phase),
    h('div', { class: 'race-stats' }, target.el, stepsLeft.el, timeLeft.el, place.el),
    h('details', { class: 'race-top-box' }, h('summary', { t: 'race.top' }), top),
  );

  const overlayBody = h('div', { class: 'race-overlay-body' });
  const overlay = h('div', { class: 'race-overlay', attrs: { hidden: true } }, overlayBody);

  const sandbox = createSandbox(prefs, { back: () => actions.back() }, { connect: async () => race.game(), title: 'race.joinTitle', strip, fixedNetwork: true });
  sandbox.el.append(overlay);

  function renderStrip(): void {
    const v = race.view;
    title.textContent = raceTitle(v);
    if (v) {
      target.value.textContent = `${formatError(v.targetError)} ${t(v.targetOn === 'test' ? 'race.targetOn.test' : 'race.targetOn.train')}`;
      timeLeft.value.textContent = clock(v.secondsLeft);
      stepsLeft.value.textContent = me ? formatCount(Math.max(0, v.stepBudget - me.steps)) : formatCount(v.stepBudget);
      phase.textContent = me?.reached && v.phase === 'running' ? t('race.reachedYou', { steps: formatCount(me.steps) }) : t(`race.phase.${v.phase}`);
    }
    place.value.textContent = me ? t('race.placeOf', { place: me.place, n: me.players }) : '—';
    top.replaceChildren(...(me?.top ?? []).map((r: TopRow) => topRow(r, me?.nickname)));
  }

  function renderOverlay(): void {
    const v = race.view;
    if (closed) {
      overlay.hidden = false;
      overlayBody.replaceChildren(
        h('p', { class: 'race-overlay-text', attrs: { role: 'alert' }, text: t(`race.closed.${closed.reason}`) }),
        h('button', { class: 'btn btn-primary', attrs: { type: 'button' }, t: 'race.leave', on: { click: () => actions.back() } }),
      );
      return;
    }
    if (v?.phase === 'ended' || over) {
      overlay.hidden = false;
      const reason = over?.reason ?? (v?.endReason || 'host-ended');
      const parts: Node[] = [
        h('p', { class: 'race-overlay-text', attrs: { role: 'alert' }, text: t(`race.over.${reason}`) }),
        podium(me?.top ?? []),
      ];
      if (me) parts.push(h('p', { class: 'race-your-result', text: t('race.yourResult', { place: me.place, n: me.players }) }));
      parts.push(h('button', { class: 'btn btn-primary', attrs: { type: 'button' }, t: 'race.leave', on: { click: () => actions.back() } }));
      overlayBody.replaceChildren(...parts);
      return;
    }
    if (v?.phase === 'countdown') {
      overlay.hidden = false;
      overlayBody.replaceChildren(h('p', { class: 'race-countdown', attrs: { role: 'status' }, text: String(v.countdown || t('race.go')) }));
      return;
    }
    if (v?.phase === 'paused') {
      overlay.hidden = false;
      overlayBody.replaceChildren(h('p', { class: 'race-overlay-text', attrs: { role: 'status' }, t: 'race.phase.paused' }));
      return;
    }
    overlay.hidden = true;
    overlayBody.replaceChildren();
  }

  cleanups.push(
    race.onView(() => {
      renderStrip();
      renderOverlay();
    }),
    race.on<SelfMessage>('you', (m) => {
      me = m;
      renderStrip();
    }),
    race.on<RaceOverMessage>('over', (m) => {
      over = m;
      renderOverlay();
    }),
    race.on<ClosedMessage>('closed', (m) => {
      closed = m;
      renderOverlay();
    }),
  );
  renderStrip();
  renderOverlay();

  return {
    el: sandbox.el,
    focus: () => sandbox.focus(),
    relabel() {
      sandbox.relabel?.();
      renderStrip();
      renderOverlay();
    },
    dispose() {
      for (const fn of cleanups) fn();
      sandbox.dispose();
    },
  };
}

/** Nicknames are unique in a race: the row with the player's own is theirs. */
function topRow(r: TopRow, mine: string | undefined): HTMLLIElement {
  return h(
    'li',
    { class: r.nickname === mine ? 'race-top-row race-top-me' : 'race-top-row' },
    h('span', { class: 'race-top-place', text: String(r.place) }),
    h('span', { class: 'race-top-name', text: r.nickname }),
    h('span', { class: 'race-top-error', text: r.reached ? `✓ ${formatCount(r.steps)}` : formatError(r.error) }),
  );
}

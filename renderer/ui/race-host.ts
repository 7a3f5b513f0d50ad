/**
 * The teacher's race: the lobby (the join code large, the address to open
 * on the local network and its QR code, the challenge, the players), then
 * the race (the leaderboard live, or the projector view: every player's
 * network small, one large on click), then the podium, the results and
 * their export as CSV. The host computes everything shown here.
 */
import QRCode from 'qrcode';
import { LEVELS } from '../../core/levels/index.js';
import { type ArchivedMessage, type BoardMessage, type BoardRow, type ProjectorNet, RACE_LIMITS, type ResultsMessage } from '../../core/race/index.js';
import { type MessageKey, language, t } from '../i18n.js';
import type { RaceConnection, RaceView } from '../race-client.js';
import { freshId, h } from './dom.js';
import { formatCount, formatError, formatEta } from './format.js';
import type { Screen } from './menu.js';
import { networkSvg } from './race-net.js';
import { clock, raceTitle } from './race-play.js';
import { podium } from './race-podium.js';
import { createToasts } from './toast.js';
import { downloadCsv } from './csv-download.js';
import { archiveNote } from './past-races.js';
import { icon, languageSwitch } from './widgets.js';
import '../styles/race.css';

export function createRaceHost(race: RaceConnection, actions: { back(): void; pastRaces?(): void }): Screen {
  const cleanups: (() => void)[] = [];
  let rows: readonly BoardRow[] = [];
  let nets: ProjectorNet[] = [];
  let results: ResultsMessage | null = null;
  /** Whether the host kept the results for Past races; null while it is saving them. */
  let archived: ArchivedMessage | null = null;
  let lanUrls: string[] | null = null;
  let view: 'board' | 'projector' = 'board';
  /** The share of every player's speed the host can pay for now, in percent. */
  let pace = 100;
  let large: string | null = null;
  let qrFor = '';
  const toasts = createToasts();

  // ---- top bar
  const back = h('button', { class: 'btn btn-ghost', attrs: { type: 'button' }, tAttrs: { 'aria-label': 'top.backLabel' }, on: { click: () => actions.back() } }, icon('back'), h('span', { t: 'top.back' }));
  const lang = languageSwitch();
  const heading = h('h1', { class: 'topbar-title', attrs: { tabindex: -1 } }, h('span', { class: 'topbar-app', t: 'app.title' }), h('span', { class: 'topbar-sep', text: '/', attrs: { 'aria-hidden': 'true' } }), h('span', { t: 'race.hostTitle' }));
  const topbar = h('header', { class: 'topbar' }, back, heading, h('div', { class: 'topbar-spacer' }), lang.el);

  // ---- lobby: how to join
  const codeLabelId = freshId('code-label');
  const code = h('output', { class: 'race-code', attrs: { 'aria-labelledby': codeLabelId } });
  const addresses = h('ul', { class: 'race-addresses' });
  const qr = h('img', { class: 'race-qr', attrs: { width: 180, height: 180, hidden: true }, tAttrs: { alt: 'race.qr' } });
  const lanNote = h('p', { class: 'hint race-lan' });
  const joinCard = h(
    'section',
    { class: 'race-card race-join-info' },
    h('p', { class: 'race-code-label', t: 'race.joinCode', attrs: { id: codeLabelId } }),
    code,
    h('p', { class: 'hint', t: 'race.codeHint' }),
    h('div', { class: 'race-address-row' }, addresses, qr),
    lanNote,
  );

  // ---- lobby: the challenge
  const levelId = freshId('level');
  const codeInputId = freshId('share');
  const budgetId = freshId('budget');
  const timeId = freshId('time');
  const levelSelect = h('select', { class: 'select', attrs: { id: levelId } });
  const shareInput = h('input', { class: 'text', attrs: { id: codeInputId, type: 'text', autocomplete: 'off', spellcheck: 'false', maxlength: 64 } });
  const budget = h('input', { class: 'text', attrs: { id: budgetId, type: 'number', min: RACE_LIMITS.minStepBudget, max: RACE_LIMITS.maxStepBudget, step: 1 } });
  const time = h('input', { class: 'text', attrs: { id: timeId, type: 'number', min: RACE_LIMITS.minTimeLimit, max: RACE_LIMITS.maxTimeLimit, step: 1 } });
  const fillLevels = () => {
    const current = levelSelect.value;
    levelSelect.replaceChildren(...LEVELS.map((l, k) => h('option', { attrs: { value: l.id }, text: `${k + 1}. ${l.text[language()].title}` })));
    if (current) levelSelect.value = current;
  };
  fillLevels();
  levelSelect.addEventListener('change', () => {
    const level = LEVELS.find((l) => l.id === levelSelect.value);
    if (level) budget.value = String(level.budget);
    shareInput.value = '';
  });
  const apply = h('button', { class: 'btn', attrs: { type: 'submit' }, t: 'race.apply' });
  const settings = h(
    'form',
    { class: 'race-card race-settings' },
    h('h2', { class: 'race-subheading', t: 'race.settings' }),
    h('div', { class: 'race-settings-grid' },
      h('div', { class: 'field' }, h('label', { t: 'race.level', attrs: { for: levelId } }), levelSelect),
      h('div', { class: 'field' }, h('label', { t: 'race.shareCode', attrs: { for: codeInputId } }), shareInput),
      h('div', { class: 'field' }, h('label', { t: 'race.budget', attrs: { for: budgetId } }), budget),
      h('div', { class: 'field' }, h('label', { t: 'race.timeLimit', attrs: { for: timeId } }), time),
    ),
    h('div', { class: 'race-actions' }, apply),
  );
  settings.addEventListener('submit', (ev) => {
    ev.preventDefault();
    race.sendHost('race.settings', {
      challenge: shareInput.value.trim() || levelSelect.value,
      stepBudget: Math.round(Number(budget.value)),
      timeLimitSeconds: Math.round(Number(time.value)),
    });
  });

  // ---- the race's controls
  const start = h('button', { class: 'btn btn-primary race-start', attrs: { type: 'button' }, t: 'race.start', on: { click: () => race.sendHost('race.start', {}) } });
  const pause = h('button', { class: 'btn', attrs: { type: 'button' }, on: { click: () => race.sendHost(race.view?.phase === 'paused' ? 'race.resume' : 'race.pause', {}) } });
  const end = h('button', { class: 'btn btn-danger', attrs: { type: 'button' }, t: 'race.end', on: { click: () => race.sendHost('race.end', {}) } });
  const boardTab = h('button', { class: 'segmented-option', attrs: { type: 'button' }, t: 'race.leaderboard', on: { click: () => setView('board') } });
  const projectorTab = h('button', { class: 'segmented-option', attrs: { type: 'button' }, t: 'race.projector', on: { click: () => setView('projector') } });
  const tabs = h('div', { class: 'segmented', attrs: { role: 'group' } }, boardTab, projectorTab);
  const status = h('p', { class: 'race-status', attrs: { role: 'status', 'aria-live': 'polite' } });
  const clockEl = h('p', { class: 'race-clock', attrs: { role: 'timer' }, tAttrs: { 'aria-label': 'race.timeLeft' } });
  const raceTitleEl = h('h2', { class: 'race-subheading' });
  const controls = h('div', { class: 'race-controls' }, raceTitleEl, status, h('div', { class: 'topbar-spacer' }), clockEl, tabs, start, pause, end);

  // ---- leaderboard
  const tbody = h('tbody', {});
  const table = h(
    'table',
    { class: 'race-table race-board-table' },
    h('thead', {}, h('tr', {}, ...(['race.col.rank', 'race.col.nickname', 'race.col.error', 'race.col.steps', 'race.col.reached'] as MessageKey[]).map((k) => h('th', { t: k, attrs: { scope: 'col' } })), h('th', { attrs: { scope: 'col' } }))),
    tbody,
  );
  const empty = h('p', { class: 'hint race-empty', t: 'race.noPlayers' });
  const boardBox = h('section', { class: 'race-card race-board' }, h('h2', { class: 'race-subheading race-board-title' }), table, empty);

  // ---- projector
  const grid = h('div', { class: 'race-grid' });
  const largeBox = h('div', { class: 'race-large', attrs: { hidden: true, role: 'dialog', 'aria-modal': 'false' } });
  const projector = h('section', { class: 'race-projector', attrs: { hidden: true }, tAttrs: { 'aria-label': 'race.projector' } }, h('p', { class: 'hint', t: 'race.projectorHint' }), grid, largeBox);

  // ---- end
  const exportButton = h('button', { class: 'btn btn-primary', attrs: { type: 'button' }, t: 'race.export', on: { click: () => exportCsv() } });
  const podiumBox = h('div', { class: 'race-podium-box' });
  const pastButton = actions.pastRaces
    ? h('button', { class: 'btn', attrs: { type: 'button' }, t: 'past.open', on: { click: () => actions.pastRaces?.() } })
    : null;
  const archivedLine = h('p', { class: 'hint past-archived', attrs: { role: 'status' } });
  const resultsBox = h('section', { class: 'race-card race-end', attrs: { hidden: true } }, podiumBox, h('div', { class: 'race-actions' }, pastButton, exportButton), archivedLine);

  const lobby = h('div', { class: 'race-lobby' }, joinCard, h('div', { class: 'race-lobby-side' }, settings, boardBox));
  const body = h('main', { class: 'race-host-body' }, controls, lobby, projector, resultsBox);
  const el = h('div', { class: 'screen race-screen race-host' }, topbar, body, toasts.el);

  function setView(next: 'board' | 'projector'): void {
    view = next;
    render();
  }

  /**
   * One leaderboard row per seat, kept from one update to the next and
   * changed in place: the board changes several times a second, and a
   * teacher who has tabbed to a player's Remove button must find it still
   * focused, and a screen reader not hear the whole table again.
   */
  interface RowView {
    tr: HTMLTableRowElement;
    place: HTMLTableCellElement;
    name: HTMLSpanElement;
    away: HTMLSpanElement;
    error: HTMLTableCellElement;
    steps: HTMLTableCellElement;
    reached: HTMLTableCellElement;
    kick: HTMLButtonElement;
  }
  const rowViews = new Map<string, RowView>();

  function rowView(seat: string): RowView {
    let v = rowViews.get(seat);
    if (v) return v;
    const kick = h('button', { class: 'btn btn-ghost btn-small', attrs: { type: 'button' }, on: { click: () => race.sendHost('race.kick', { seat }) } });
    const name = h('span', {});
    const away = h('span', { class: 'badge' });
    v = {
      tr: h('tr', {}),
      place: h('td', {}),
      name,
      away,
      error: h('td', { class: 'num' }),
      steps: h('td', { class: 'num' }),
      reached: h('td', {}),
      kick,
    };
    v.tr.append(v.place, h('td', { class: 'race-name' }, name, away), v.error, v.steps, v.reached, h('td', {}, kick));
    rowViews.set(seat, v);
    return v;
  }

  /** Sets a text only when it changed (an unchanged cell stays untouched). */
  function put(el: HTMLElement, text: string): void {
    if (el.textContent !== text) el.textContent = text;
  }

  function renderRows(): void {
    const v = race.view;
    const inLobby = !v || v.phase === 'lobby';
    boardBox.querySelector('.race-board-title')!.textContent = t(inLobby ? 'race.players' : 'race.leaderboard');
    table.setAttribute('aria-label', t(inLobby ? 'race.players' : 'race.leaderboard'));
    empty.hidden = rows.length > 0;
    const focused = document.activeElement;
    const seen = new Set<string>();
    let next = tbody.firstElementChild;
    for (const r of rows) {
      const row = rowView(r.seat);
      seen.add(r.seat);
      row.tr.className = r.connected ? '' : 'race-away';
      put(row.place, String(r.place));
      put(row.name, r.nickname);
      row.away.hidden = r.connected;
      put(row.away, t('race.away'));
      put(row.error, r.error === null ? t('race.diverged') : formatError(r.error));
      put(row.steps, formatCount(r.steps));
      put(row.reached, r.reached ? `✓ ${t('race.yes')}` : t('race.no'));
      row.kick.hidden = v?.phase === 'ended';
      put(row.kick, t('race.kick'));
      const label = t('race.kickLabel', { name: r.nickname });
      if (row.kick.getAttribute('aria-label') !== label) row.kick.setAttribute('aria-label', label);
      if (row.tr === next) next = next.nextElementSibling;
      else tbody.insertBefore(row.tr, next);
    }
    for (const [seat, row] of rowViews) {
      if (seen.has(seat)) continue;
      row.tr.remove();
      rowViews.delete(seat);
    }
    // A row that moved up or down took the focus with it out of the page for a moment: give it back.
    if (focused instanceof HTMLElement && focused !== document.activeElement && focused.isConnected) focused.focus({ preventScroll: true });
  }

  function renderProjector(): void {
    grid.replaceChildren(
      ...nets.map((n) =>
        h(
          'button',
          { class: n.reached ? 'race-tile race-tile-reached' : 'race-tile', attrs: { type: 'button', 'aria-pressed': String(large === n.seat) }, on: { click: () => { large = large === n.seat ? null : n.seat; renderProjector(); } } },
          h('span', { class: 'race-tile-head' }, h('span', { class: 'race-tile-place', text: String(n.place) }), h('span', { class: 'race-tile-name', text: n.nickname })),
          networkSvg(n.layers, n.weights),
          h('span', { class: 'race-tile-error', text: n.error === null ? t('race.diverged') : `${t('race.col.error')} ${formatError(n.error)}` }),
        ),
      ),
    );
    const chosen = nets.find((n) => n.seat === large);
    largeBox.hidden = !chosen;
    if (chosen) {
      largeBox.setAttribute('aria-label', chosen.nickname);
      largeBox.replaceChildren(
        h('div', { class: 'race-large-head' },
          h('p', { class: 'race-large-name', text: `${chosen.place}. ${chosen.nickname}` }),
          h('p', { class: 'race-large-stats', text: `${t('race.col.error')} ${chosen.error === null ? t('race.diverged') : formatError(chosen.error)} · ${t('race.col.steps')} ${formatCount(chosen.steps)} · η ${formatEta(chosen.eta)}` }),
          h('button', { class: 'btn', attrs: { type: 'button' }, t: 'race.close', on: { click: () => { large = null; renderProjector(); } } }),
        ),
        networkSvg(chosen.layers, chosen.weights, 720, 400),
      );
    }
  }

  function render(): void {
    const v = race.view;
    const phase = v?.phase ?? 'lobby';
    code.textContent = v?.code ?? '';
    raceTitleEl.textContent = raceTitle(v);
    if (v && document.activeElement !== budget && !budget.value) budget.value = String(v.stepBudget);
    if (v && document.activeElement !== time && !time.value) time.value = String(v.timeLimitSeconds);
    if (v && levelSelect.value !== v.challenge && LEVELS.some((l) => l.id === v.challenge) && document.activeElement !== levelSelect) levelSelect.value = v.challenge;
    status.textContent = v ? statusText(v) : t('race.connecting');
    clockEl.textContent = v && phase !== 'lobby' ? clock(v.secondsLeft) : '';
    lobby.hidden = phase !== 'lobby' && view === 'projector';
    joinCard.hidden = phase !== 'lobby';
    settings.hidden = phase !== 'lobby';
    start.hidden = phase !== 'lobby';
    start.disabled = rows.length === 0;
    pause.hidden = phase !== 'running' && phase !== 'paused';
    pause.textContent = t(phase === 'paused' ? 'race.resume' : 'race.pause');
    end.hidden = phase === 'lobby' || phase === 'ended';
    tabs.hidden = phase === 'lobby';
    boardTab.setAttribute('aria-pressed', String(view === 'board'));
    projectorTab.setAttribute('aria-pressed', String(view === 'projector'));
    projector.hidden = phase === 'lobby' || view !== 'projector';
    boardBox.hidden = phase !== 'lobby' && view !== 'board';
    resultsBox.hidden = phase !== 'ended' || view !== 'board';
    lobby.classList.toggle('race-lobby-running', phase !== 'lobby');
    if (lanUrls) {
      addresses.replaceChildren(...lanUrls.map((u) => h('li', {}, h('code', { text: u }))));
      lanNote.textContent = t(phase === 'ended' ? 'race.lanClosed' : lanUrls.length ? 'race.lanOn' : 'race.lanNone');
      const first = lanUrls[0] ?? '';
      if (first && first !== qrFor) {
        qrFor = first;
        void QRCode.toDataURL(first, { margin: 1, width: 360 }).then((url: string) => {
          qr.src = url;
          qr.hidden = false;
        });
      }
      if (!lanUrls.length) addresses.replaceChildren(h('li', {}, h('code', { text: window.location.origin })));
    }
    if (results) {
      podiumBox.replaceChildren(podium(results.rows), h('p', { class: 'race-status race-end-reason', text: endWords(v?.endReason) }));
      archivedLine.textContent = archiveNote(archived);
    }
    renderRows();
    if (!projector.hidden) renderProjector();
  }

  function statusText(v: RaceView): string {
    if (v.phase === 'countdown') return t('race.countdown', { n: v.countdown });
    if (v.phase === 'lobby') return t('race.cap', { cap: v.stepsPerSecondCap });
    // The host slows everyone alike when it cannot pay for every step (a big class on a small computer).
    if (v.phase === 'running' && pace < 95) return t('race.pace', { pace });
    return t(`race.phase.${v.phase}`);
  }

  function exportCsv(): void {
    if (!results) return;
    downloadCsv(results.csv, `race-${race.view?.code ?? 'results'}.csv`);
  }

  cleanups.push(
    race.onView(() => render()),
    race.on<BoardMessage>('board', (m) => {
      rows = m.rows;
      if (m.pacePercent !== pace) {
        pace = m.pacePercent;
        const v = race.view;
        if (v) status.textContent = statusText(v);
      }
      renderRows();
      start.disabled = rows.length === 0;
    }),
    race.on<{ nets: ProjectorNet[] }>('projector', (m) => {
      nets = m.nets;
      if (!projector.hidden) renderProjector();
    }),
    race.on<ResultsMessage>('results', (m) => {
      results = m;
      render();
    }),
    race.on<ArchivedMessage>('archived', (m) => {
      archived = m;
      render();
    }),
    race.on<{ urls: string[] }>('lan', (m) => {
      lanUrls = m.urls;
      render();
    }),
    race.on<{ type: string; reason: string }>('refused', (m) => toasts.show(t('toast.refused', { type: m.type, reason: m.reason }))),
  );
  render();

  return {
    el,
    focus: () => heading.focus(),
    relabel() {
      fillLevels();
      toasts.relabel();
      render();
    },
    dispose() {
      for (const fn of cleanups) fn();
      lang.dispose();
      toasts.clear();
      void race.leave();
    },
  };
}

/** Why the race ended, as the teacher reads it: their own ending is theirs. */
function endWords(reason: string | undefined): string {
  if (!reason || reason === 'host-ended') return t('race.over.you-ended');
  return t(`race.over.${reason as 'host-ended'}`);
}

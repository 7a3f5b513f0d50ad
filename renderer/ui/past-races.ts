/**
 * Past races: the races this computer hosted, as the host kept them
 * (app/host/race-archive.ts). On the left the list "Past races", newest
 * first — when each ended, what was raced, how many played and reached
 * the target, who won; on the right the chosen race's full results, with
 * "Export results" (the podium's CSV) and "Delete" (after a confirmation).
 * The list is a roving-focus list: Tab reaches the chosen race, the arrow
 * keys, Home and End move along the list, Enter or Space opens one.
 */
import { type PastRacesResult, deletePastRace, fetchPastRace, fetchPastRaces } from '../client.js';
import type { ArchivedMessage, RaceAnswer, RaceSummary, SavedRace } from '../../core/race/index.js';
import type { Schedule } from '../../core/schedule.js';
import { type MessageKey, language, t } from '../i18n.js';
import { downloadCsv } from './csv-download.js';
import { freshId, h } from './dom.js';
import { formatCount, formatError, formatEta } from './format.js';
import type { Screen } from './menu.js';
import { icon, languageSwitch } from './widgets.js';
import '../styles/race.css';
import '../styles/past-races.css';

/** The podium's quiet line: whether the results were kept for Past races. */
export function archiveNote(note: ArchivedMessage | null): string {
  if (!note) return '';
  return t(note.saved ? 'past.saved' : 'past.notSaved');
}

/** A moment in the player's language and the computer's time zone: "Nov 30, 2026, 8:51 PM", "2026/11/30 20:51". */
export function formatWhen(iso: string): string {
  return new Intl.DateTimeFormat(language() === 'ja' ? 'ja-JP' : 'en-US', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

function title(challenge: RaceSummary['challenge']): string {
  return (language() === 'ja' ? challenge.titleJa : challenge.titleEn) || challenge.code;
}

function minutes(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** A schedule in a few words of the player's language: "decay 2 → 0.125". */
function scheduleWords(s: Schedule): string {
  switch (s.kind) {
    case 'constant':
      return `${t('schedule.constant')} ${formatEta(s.eta)}`;
    case 'decay':
      return `${t('schedule.decay')} ${formatEta(s.start)} → ${formatEta(s.end)}`;
    case 'warmup':
      return `${t('schedule.warmup')} ${formatEta(s.start)} → ${formatEta(s.peak)} → ${formatEta(s.end)}`;
  }
}

export function createPastRaces(actions: { back(): void; hostRace(): void }): Screen {
  let races: RaceSummary[] | null = null;
  let max = 100;
  let chosen: string | null = null;
  /** The chosen race's rows once read, or what went wrong reading them. */
  let detail: { id: string; answer: RaceAnswer } | { id: string; problem: 'gone' | 'failed' } | null = null;
  let confirming = false;
  /** The last delete failed (said until another race is chosen or a delete goes through). */
  let deleteFailed = false;
  let disposed = false;

  // ---- top bar
  const back = h('button', { class: 'btn btn-ghost', attrs: { type: 'button' }, tAttrs: { 'aria-label': 'top.backLabel' }, on: { click: () => actions.back() } }, icon('back'), h('span', { t: 'top.back' }));
  const lang = languageSwitch();
  const heading = h('h1', { class: 'topbar-title', attrs: { tabindex: -1 } }, h('span', { class: 'topbar-app', t: 'app.title' }), h('span', { class: 'topbar-sep', text: '/', attrs: { 'aria-hidden': 'true' } }), h('span', { t: 'past.title' }));
  const topbar = h('header', { class: 'topbar' }, back, heading, h('div', { class: 'topbar-spacer' }), lang.el);

  // ---- the list
  const list = h('ul', { class: 'past-list', tAttrs: { 'aria-label': 'past.list' }, on: { keydown: (ev) => moveInList(ev) } });
  const listStatus = h('p', { class: 'hint past-list-status', attrs: { role: 'status' } });
  const retry = h('button', { class: 'btn', attrs: { type: 'button', hidden: true }, t: 'past.retry', on: { click: () => void load() } });
  const keptNote = h('p', { class: 'hint past-kept' });
  const listPanel = h('section', { class: 'race-card past-list-panel' }, listStatus, retry, list, keptNote);

  // ---- nothing kept yet
  const emptyHeading = h('h2', { class: 'race-subheading', t: 'past.empty', attrs: { tabindex: -1 } });
  const emptyBox = h(
    'section',
    { class: 'race-card past-empty', attrs: { hidden: true } },
    emptyHeading,
    h('p', { class: 'hint', t: 'past.emptyHint' }),
    h('div', { class: 'race-actions' }, h('button', { class: 'btn btn-primary', attrs: { type: 'button' }, t: 'past.hostRace', on: { click: () => actions.hostRace() } })),
  );

  // ---- one race
  const detailTitle = h('h2', { class: 'race-subheading past-detail-title', attrs: { tabindex: -1 } });
  const detailMeta = h('ul', { class: 'past-meta' });
  const exportButton = h('button', { class: 'btn btn-primary', attrs: { type: 'button' }, t: 'race.export', on: { click: () => exportCsv() } });
  const deleteButton = h('button', { class: 'btn btn-danger', attrs: { type: 'button' }, t: 'past.delete', on: { click: () => askDelete() } });
  const confirmText = h('p', { class: 'past-confirm-text', t: 'past.confirm', attrs: { id: freshId('confirm') } });
  const confirmYes = h('button', { class: 'btn btn-danger', attrs: { type: 'button' }, t: 'past.confirmYes', on: { click: () => void confirmDelete() } });
  const confirmNo = h('button', { class: 'btn', attrs: { type: 'button' }, t: 'past.confirmNo', on: { click: () => cancelDelete() } });
  const confirmBox = h(
    'div',
    { class: 'past-confirm', attrs: { role: 'alertdialog', 'aria-modal': 'false', 'aria-describedby': confirmText.id, hidden: true }, tAttrs: { 'aria-label': 'past.delete' }, on: { keydown: (ev) => ev.key === 'Escape' && cancelDelete() } },
    confirmText,
    h('div', { class: 'past-confirm-actions' }, confirmNo, confirmYes),
  );
  const detailAlert = h('p', { class: 'race-alert', attrs: { role: 'alert' } });
  const tbody = h('tbody', {});
  const columns: MessageKey[] = ['past.col.place', 'race.col.nickname', 'past.col.reached', 'race.col.steps', 'past.col.finalError', 'past.col.time', 'race.col.eta', 'past.col.schedule'];
  const table = h(
    'table',
    { class: 'race-table past-table', tAttrs: { 'aria-label': 'past.results' } },
    h('thead', {}, h('tr', {}, ...columns.map((k) => h('th', { t: k, attrs: { scope: 'col' } })))),
    tbody,
  );
  const tableBox = h('div', { class: 'past-table-box' }, table);
  const detailHead = h(
    'div',
    { class: 'past-detail-top' },
    h('div', { class: 'past-detail-head' }, detailTitle, h('div', { class: 'past-detail-actions' }, exportButton, deleteButton)),
    detailMeta,
  );
  const detailHint = h('p', { class: 'hint past-detail-hint' });
  const detailPanel = h('section', { class: 'race-card past-detail', tAttrs: { 'aria-label': 'past.results' } }, detailHint, detailHead, confirmBox, detailAlert, tableBox);

  const announce = h('p', { class: 'visually-hidden', attrs: { role: 'status', 'aria-live': 'polite' } });
  const body = h('main', { class: 'past-body' }, listPanel, detailPanel, emptyBox);
  const el = h('div', { class: 'screen race-screen past-screen' }, topbar, body, announce);

  function itemButtons(): HTMLButtonElement[] {
    return [...list.querySelectorAll<HTMLButtonElement>('button.past-item')];
  }

  function moveInList(ev: KeyboardEvent): void {
    const buttons = itemButtons();
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
    if (at < 0) return;
    const to = ev.key === 'ArrowDown' ? at + 1 : ev.key === 'ArrowUp' ? at - 1 : ev.key === 'Home' ? 0 : ev.key === 'End' ? buttons.length - 1 : null;
    if (to === null) return;
    ev.preventDefault();
    const next = buttons[Math.max(0, Math.min(buttons.length - 1, to))];
    for (const b of buttons) b.tabIndex = b === next ? 0 : -1;
    next.focus();
  }

  function renderList(): void {
    const loaded = races !== null;
    const none = loaded && races!.length === 0;
    emptyBox.hidden = !none;
    listPanel.hidden = none;
    detailPanel.hidden = none || !loaded;
    keptNote.textContent = loaded && !none ? t('past.kept', { max }) : '';
    const focusedId = (document.activeElement as HTMLElement | null)?.dataset?.race ?? null;
    list.replaceChildren(
      ...(races ?? []).map((r) => {
        const players = r.players === 1 ? t('past.playersOne') : t('past.players', { n: formatCount(r.players) });
        const reached = t('past.reached', { n: formatCount(r.reached) });
        const when = formatWhen(r.ended);
        const button = h(
          'button',
          {
            class: 'past-item',
            attrs: {
              type: 'button',
              'data-race': r.id,
              'aria-current': r.id === chosen ? 'true' : undefined,
              'aria-label': t('past.itemLabel', { date: when, title: title(r.challenge), players, reached, name: r.winner }),
              tabindex: r.id === (chosen ?? races![0].id) ? 0 : -1,
            },
            on: { click: () => choose(r.id) },
          },
          h('span', { class: 'past-item-when', text: when }),
          h('span', { class: 'past-item-counts', text: `${players} · ${reached}` }),
          h('span', { class: 'past-item-title', text: title(r.challenge) }),
          h('span', { class: 'past-item-winner' }, h('span', { class: 'past-item-winner-label', text: t('past.winner') }), h('span', { class: 'past-item-winner-name', text: r.winner })),
        );
        return h('li', {}, button);
      }),
    );
    if (focusedId) itemButtons().find((b) => b.dataset.race === focusedId)?.focus();
  }

  function renderDetail(): void {
    const shown = detail && detail.id === chosen ? detail : null;
    const answer = shown && 'answer' in shown ? shown.answer : null;
    detailHint.hidden = !!answer;
    detailHint.textContent = !chosen ? t('past.choose') : !shown ? t('past.opening') : '';
    detailHead.hidden = !answer;
    tableBox.hidden = !answer;
    confirmBox.hidden = !answer || !confirming;
    deleteButton.hidden = confirming;
    detailAlert.textContent = shown && 'problem' in shown ? t(shown.problem === 'gone' ? 'past.gone' : 'past.openFailed') : deleteFailed ? t('past.deleteFailed') : '';
    if (!answer) {
      tbody.replaceChildren();
      return;
    }
    const race: SavedRace = answer.race;
    detailTitle.textContent = title(race.challenge);
    const meta = [
      t('past.ended', { date: formatWhen(race.ended) }),
      t(`past.reason.${race.reason}` as MessageKey),
      t('past.target', { error: formatError(race.targetError), on: t(race.targetOn === 'test' ? 'past.targetOn.test' : 'past.targetOn.train') }),
      t('past.budget', { n: formatCount(race.stepBudget) }),
      t('past.timeLimit', { time: minutes(race.timeLimitSeconds) }),
      t('past.played', { time: minutes(race.playedSeconds) }),
    ];
    detailMeta.replaceChildren(...meta.map((m) => h('li', { text: m })));
    tbody.replaceChildren(
      ...race.rows.map((r) =>
        h(
          'tr',
          {},
          h('td', { class: 'num', text: String(r.place) }),
          h('td', { class: 'past-name', text: r.nickname }),
          h('td', { text: r.reached ? `✓ ${t('race.yes')}` : t('race.no') }),
          h('td', { class: 'num', text: formatCount(r.steps) }),
          h('td', { class: 'num', text: r.error === null ? t('race.diverged') : formatError(r.error) }),
          h('td', { class: 'num', text: t('past.seconds', { s: r.seconds.toFixed(1) }) }),
          h('td', { class: 'num', text: formatEta(r.eta) }),
          h('td', { class: 'past-schedule', text: scheduleWords(r.schedule) }),
        ),
      ),
    );
  }

  function render(): void {
    renderList();
    renderDetail();
  }

  async function load(then?: () => void): Promise<void> {
    retry.hidden = true;
    listStatus.textContent = t('past.loading');
    listStatus.hidden = false;
    const answer = await fetchPastRaces();
    if (disposed) return;
    if (!answer.ok) {
      races = null;
      listStatus.textContent = t('past.loadFailed');
      retry.hidden = false;
      render();
      return;
    }
    listStatus.textContent = '';
    listStatus.hidden = true;
    races = [...answer.value.races];
    max = answer.value.max;
    if (!chosen || !races.some((r) => r.id === chosen)) chosen = races[0]?.id ?? null;
    render();
    if (chosen && (!detail || detail.id !== chosen)) void open(chosen);
    then?.();
  }

  async function open(id: string): Promise<void> {
    const answer: PastRacesResult<RaceAnswer> = await fetchPastRace(id);
    if (disposed || chosen !== id) return;
    detail = answer.ok ? { id, answer: answer.value } : { id, problem: answer.status === 404 ? 'gone' : 'failed' };
    renderDetail();
  }

  function choose(id: string): void {
    if (chosen === id && detail?.id === id && 'answer' in detail) {
      detailTitle.focus();
      return;
    }
    chosen = id;
    confirming = false;
    deleteFailed = false;
    render();
    void open(id).then(() => {
      if (chosen === id && detail && 'answer' in detail) detailTitle.focus();
    });
  }

  function exportCsv(): void {
    if (!detail || !('answer' in detail)) return;
    downloadCsv(detail.answer.csv, `race-${detail.id}.csv`);
  }

  function askDelete(): void {
    confirming = true;
    renderDetail();
    confirmNo.focus();
  }

  function cancelDelete(): void {
    confirming = false;
    renderDetail();
    deleteButton.focus();
  }

  async function confirmDelete(): Promise<void> {
    const id = chosen;
    if (!id || !races) return;
    confirmYes.disabled = true;
    const answer = await deletePastRace(id);
    confirmYes.disabled = false;
    if (disposed) return;
    if (!answer.ok && answer.status !== 404) {
      deleteFailed = true;
      renderDetail();
      return;
    }
    // The next race down the list is chosen in its place (or the one above, at the bottom).
    const at = races.findIndex((r) => r.id === id);
    const after = races[at + 1] ?? races[at - 1] ?? null;
    chosen = after?.id ?? null;
    detail = null;
    confirming = false;
    deleteFailed = false;
    announce.textContent = t('past.deleted');
    await load(() => {
      if (races && races.length === 0) emptyHeading.focus();
      else itemButtons().find((b) => b.dataset.race === chosen)?.focus();
    });
  }

  void load();

  return {
    el,
    focus: () => heading.focus(),
    relabel() {
      if (!listStatus.hidden) listStatus.textContent = t(retry.hidden ? 'past.loading' : 'past.loadFailed');
      render();
    },
    dispose() {
      disposed = true;
      lang.dispose();
    },
  };
}

/**
 * The Challenges screen: the list "Levels" (title, goal, best stars, open
 * or locked, from the host's progress), and a "Challenge code" field with
 * "Play code" that opens any level a code names. A code is read here
 * first (core's decodeCode), so a garbled one gets its alert at once.
 */
import { type HostProgress, fetchProgress } from '../client.js';
import { LEVELS, type Level, decodeCode } from '../../core/levels/index.js';
import { type MessageKey, language, t } from '../i18n.js';
import { freshId, h } from './dom.js';
import { formatCount } from './format.js';
import type { Screen } from './menu.js';
import type { Prefs } from './settings.js';
import { icon, languageSwitch, reducedMotionSwitch } from './widgets.js';

export type LevelJoin = { levelId: string } | { code: string };

/** Three stars, filled up to n, read out as "n of 3 stars". */
export function starsEl(n: number): HTMLElement {
  const el = h('span', { class: 'stars', attrs: { role: 'img', 'aria-label': t('ch.stars', { n }) } });
  for (let k = 1; k <= 3; k++) el.append(h('span', { class: k <= n ? 'star star-on' : 'star', text: '★', attrs: { 'aria-hidden': 'true' } }));
  return el;
}

export function levelText(level: Level) {
  return level.text[language()];
}

export function createChallenges(prefs: Prefs, actions: { back(): void; play(join: LevelJoin): void }, notice?: string): Screen {
  let progress: HostProgress | null = null;
  let disposed = false;

  const backButton = h(
    'button',
    { class: 'btn btn-ghost', attrs: { type: 'button' }, tAttrs: { 'aria-label': 'top.backLabel' }, on: { click: () => actions.back() } },
    icon('back'),
    h('span', { t: 'top.back' }),
  );
  const lang = languageSwitch();
  const motion = reducedMotionSwitch(prefs, false);
  const title = h('h1', { class: 'topbar-title', attrs: { tabindex: -1 } }, h('span', { class: 'topbar-app', t: 'app.title' }), h('span', { class: 'topbar-sep', text: '/', attrs: { 'aria-hidden': 'true' } }), h('span', { t: 'ch.title' }));
  const topbar = h('header', { class: 'topbar' }, backButton, title, h('div', { class: 'topbar-spacer' }), h('div', { class: 'topbar-motion' }, motion.el), lang.el);

  const listHeading = h('h2', { class: 'section-title', t: 'ch.levels', attrs: { id: freshId('levels') } });
  const list = h('ul', { class: 'level-list', attrs: { 'aria-labelledby': listHeading.id } });
  const loadNote = h('p', { class: 'hint', attrs: { role: 'status', hidden: true } });

  const codeId = freshId('code');
  const codeHint = h('p', { class: 'hint', t: 'ch.codeHint', attrs: { id: freshId('code-hint') } });
  const codeInput = h('input', {
    class: 'text code-input',
    attrs: { id: codeId, type: 'text', autocomplete: 'off', spellcheck: 'false', autocapitalize: 'characters', maxlength: 120, 'aria-describedby': codeHint.id },
    on: { keydown: (ev) => ev.key === 'Enter' && playCode() },
  });
  const codeAlert = h('p', { class: 'field-error code-alert', attrs: { role: 'alert' } });
  if (notice) codeAlert.textContent = notice;
  const playButton = h('button', { class: 'btn btn-primary', attrs: { type: 'button' }, t: 'ch.playCode', on: { click: () => playCode() } });
  const codeBox = h(
    'section',
    { class: 'panel-section code-box', tAttrs: { 'aria-label': 'ch.codeLabel' } },
    h('label', { class: 'code-label', t: 'ch.codeLabel', attrs: { for: codeId } }),
    h('div', { class: 'code-row' }, codeInput, playButton),
    codeHint,
    codeAlert,
  );

  const el = h(
    'div',
    { class: 'screen challenges-screen' },
    topbar,
    h(
      'main',
      { class: 'challenges-body' },
      h('section', { class: 'levels-section' }, h('div', { class: 'levels-head' }, listHeading, h('p', { class: 'hint', t: 'ch.intro' })), loadNote, list),
      codeBox,
    ),
  );

  function playCode(): void {
    const code = codeInput.value;
    const read = decodeCode(code);
    if (!read.ok) {
      codeAlert.textContent = t(`ch.code.${read.problem}` as MessageKey);
      codeInput.setAttribute('aria-invalid', 'true');
      codeInput.focus();
      return;
    }
    codeInput.removeAttribute('aria-invalid');
    codeAlert.textContent = '';
    actions.play({ code });
  }

  function render(): void {
    list.replaceChildren();
    LEVELS.forEach((level, k) => {
      const won = progress?.levels[level.id];
      const open = k === 0 || !!progress?.levels[LEVELS[k - 1].id];
      const text = levelText(level);
      const status = won
        ? h('span', { class: 'level-status' }, starsEl(won.stars), h('span', { class: 'level-best', text: level.stars.by === 'steps' ? t('ch.best', { steps: formatCount(won.bestSteps) }) : '' }))
        : h('span', { class: 'level-status level-status-muted', text: open ? t('ch.notPlayed') : t('ch.locked') });
      const button = h(
        'button',
        {
          class: `level-card${open ? '' : ' level-locked'}${won ? ' level-won' : ''}`,
          attrs: { type: 'button', 'aria-disabled': open ? undefined : 'true', title: open ? undefined : t('ch.lockedHint') },
          on: { click: () => open && actions.play({ levelId: level.id }) },
        },
        h('span', { class: 'level-number', text: String(k + 1), attrs: { 'aria-hidden': 'true' } }),
        h('span', { class: 'level-main' }, h('span', { class: 'level-title', text: text.title }), h('span', { class: 'level-goal', text: text.goal })),
        status,
      );
      button.setAttribute('aria-label', `${t('ch.level', { n: k + 1 })}: ${text.title}. ${won ? t('ch.stars', { n: won.stars }) : open ? t('ch.notPlayed') : t('ch.locked')}`);
      list.append(h('li', {}, button));
    });
  }

  render();
  void fetchProgress().then((p) => {
    if (disposed) return;
    progress = p;
    if (!p) {
      loadNote.textContent = t('ch.loadFailed');
      loadNote.hidden = false;
    }
    render();
  });

  return {
    el,
    focus: () => title.focus(),
    relabel() {
      render();
      if (!loadNote.hidden) loadNote.textContent = t('ch.loadFailed');
    },
    dispose() {
      disposed = true;
      lang.dispose();
      motion.dispose();
    },
  };
}

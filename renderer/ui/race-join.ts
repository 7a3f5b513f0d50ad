/**
 * Joining a race: the join code and a nickname. A code that cannot be one
 * is caught here; the host checks the rest (a wrong or ended code, a name
 * already taken) and the answer is shown as an alert, in words.
 */
import { normalizeJoinCode } from '../../core/race/index.js';
import { t } from '../i18n.js';
import { JoinError, type RaceConnection, joinRace } from '../race-client.js';
import { freshId, h } from './dom.js';
import type { Screen } from './menu.js';
import { icon, languageSwitch } from './widgets.js';
import '../styles/race.css';

export function createRaceJoin(actions: { back(): void; joined(race: RaceConnection): void }): Screen {
  let disposed = false;
  let lastProblem: { key: Parameters<typeof t>[0]; code: string } | null = null;
  const codeId = freshId('join-code');
  const nameId = freshId('nickname');
  const nameHintId = freshId('nickname-hint');
  const code = h('input', { class: 'text race-code-input', attrs: { id: codeId, type: 'text', autocomplete: 'off', autocapitalize: 'characters', spellcheck: 'false', maxlength: 12 } });
  const name = h('input', { class: 'text', attrs: { id: nameId, type: 'text', autocomplete: 'nickname', maxlength: 40, 'aria-describedby': nameHintId } });
  const alert = h('p', { class: 'race-alert', attrs: { role: 'alert' } });
  const submit = h('button', { class: 'btn btn-primary', attrs: { type: 'submit' }, t: 'race.join' });
  const lang = languageSwitch();

  const form = h(
    'form',
    { class: 'race-card race-join', attrs: { novalidate: true } },
    h('h1', { class: 'race-heading', t: 'race.joinTitle', attrs: { tabindex: -1 } }),
    h('p', { class: 'hint', t: 'race.joinHint' }),
    h('label', { class: 'race-field', attrs: { for: codeId } }, h('span', { t: 'race.joinCode' })),
    code,
    h('label', { class: 'race-field', attrs: { for: nameId } }, h('span', { t: 'race.nickname' })),
    name,
    h('p', { class: 'hint', t: 'race.nicknameHint', attrs: { id: nameHintId } }),
    alert,
    h('div', { class: 'race-actions' }, submit),
  );

  function show(key: Parameters<typeof t>[0], typed: string): void {
    lastProblem = { key, code: typed };
    alert.textContent = t(key, { code: typed });
  }

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const typed = code.value.trim();
    const normal = normalizeJoinCode(typed);
    if (!normal) {
      show('race.problem.code', typed);
      code.focus();
      return;
    }
    if (!name.value.trim()) {
      show('race.problem.empty', typed);
      name.focus();
      return;
    }
    submit.disabled = true;
    submit.textContent = t('race.joining');
    try {
      const race = await joinRace(normal, name.value);
      if (disposed) return void race.leave();
      actions.joined(race);
    } catch (err) {
      const problem = err instanceof JoinError ? err.problem : 'unreachable';
      show(`race.problem.${problem}`, normal);
      (problem === 'code' || problem === 'ended' ? code : name).focus();
    } finally {
      submit.disabled = false;
      submit.textContent = t('race.join');
    }
  });

  const back = h('button', { class: 'btn btn-ghost', attrs: { type: 'button' }, tAttrs: { 'aria-label': 'top.backLabel' }, on: { click: () => actions.back() } }, icon('back'), h('span', { t: 'top.back' }));
  const el = h(
    'div',
    { class: 'screen race-screen' },
    h('header', { class: 'topbar' }, back, h('div', { class: 'topbar-spacer' }), lang.el),
    h('main', { class: 'race-center' }, form),
  );

  return {
    el,
    focus: () => code.focus(),
    relabel() {
      if (lastProblem) alert.textContent = t(lastProblem.key, { code: lastProblem.code });
    },
    dispose() {
      disposed = true;
      lang.dispose();
    },
  };
}

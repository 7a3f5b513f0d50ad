/**
 * A level: the sandbox screen (scene, chart, controls) joined to a
 * challenge room, with the level's goal at the top of the panel — target
 * error, steps left, the error on a bar against the target, the hint and
 * "Share" — and what the level's rules forbid disabled, saying why. The
 * host decides the win; this screen only shows it: "Target reached", the
 * steps, one to three stars, and "Retry", "Next level", "Levels".
 */
import { type ChallengeWire, connectChallenge } from '../client.js';
import { LEVELS, type Level } from '../../core/levels/index.js';
import { type MessageKey, t } from '../i18n.js';
import { ChallengeLink } from './challenge-link.js';
import { type LevelJoin, levelText, starsEl } from './challenges.js';
import { freshId, h } from './dom.js';
import { formatCount, formatError, formatEta } from './format.js';
import type { Screen } from './menu.js';
import { createSandbox } from './sandbox.js';
import type { Prefs } from './settings.js';

type Outcome =
  | { kind: 'won'; steps: number; error: number; stars: 1 | 2 | 3 }
  | { kind: 'lost'; why: 'budget' | 'diverged'; steps: number };

export function createChallengeLevel(
  prefs: Prefs,
  join: LevelJoin,
  actions: { levels(): void; play(join: LevelJoin): void; failed(reason: string): void },
): Screen {
  let level: Level | null = null;
  let wire: ChallengeWire | null = null;
  let locked = false;
  const link = new ChallengeLink({
    open: () => connectChallenge(join),
    onChallenge,
    onSnapshot: () => renderGoal(),
    failed: (reason) => actions.failed(t('ch.openFailed', { reason })),
  });

  // ---- the goal panel
  const titleEl = h('h2', { class: 'section-title goal-title' });
  const goalEl = h('p', { class: 'goal-text' });
  const targetValue = h('span', { class: 'goal-value' });
  const stepsValue = h('span', { class: 'goal-value' });
  const barLabelId = freshId('bar');
  const bar = h('div', { class: 'error-bar', attrs: { role: 'meter', 'aria-labelledby': barLabelId, 'aria-valuemin': 0, 'aria-valuemax': 100 } });
  const barFill = h('div', { class: 'error-bar-fill' });
  const barMark = h('div', { class: 'error-bar-target', attrs: { 'aria-hidden': 'true' } });
  bar.append(barFill, barMark);
  const barNow = h('span', { class: 'goal-now' });
  const hintEl = h('p', { class: 'hint goal-hint' });
  const ruleBox = h('div', { class: 'field rule-choice', attrs: { hidden: true } });

  const codeId = freshId('share');
  const codeField = h('input', { class: 'text code-input', attrs: { id: codeId, type: 'text', readonly: true } });
  const shareBox = h(
    'div',
    { class: 'share-box', attrs: { hidden: true } },
    h('label', { t: 'ch.codeLabel', attrs: { for: codeId } }),
    codeField,
    h('p', { class: 'hint', t: 'lv.shareHint' }),
  );
  const shareButton = h('button', {
    class: 'btn',
    attrs: { type: 'button', 'aria-expanded': 'false' },
    t: 'lv.share',
    on: {
      click: () => {
        shareBox.hidden = !shareBox.hidden;
        shareButton.setAttribute('aria-expanded', String(!shareBox.hidden));
        if (!shareBox.hidden) {
          codeField.focus();
          codeField.select();
        }
      },
    },
  });

  // ---- the result
  const resultTitle = h('p', { class: 'result-title' });
  const resultStars = h('div', { class: 'result-stars' });
  const resultMore = h('p', { class: 'result-more' });
  const retryButton = h('button', { class: 'btn btn-primary', attrs: { type: 'button' }, t: 'lv.retry', on: { click: () => link.client?.send('reset', {}) } });
  const nextButton = h('button', { class: 'btn btn-primary', attrs: { type: 'button' }, t: 'lv.next', on: { click: () => goNext() } });
  const levelsButton = h('button', { class: 'btn', attrs: { type: 'button' }, t: 'lv.levels', on: { click: () => actions.levels() } });
  const result = h('div', { class: 'result', attrs: { role: 'status', 'aria-live': 'polite' } });
  const resultBox = h('div', { class: 'result-box', attrs: { hidden: true } }, resultTitle, resultStars, resultMore, h('div', { class: 'button-row' }, retryButton, nextButton, levelsButton));
  result.append(resultBox);

  const goal = h(
    'section',
    { class: 'panel-section goal', tAttrs: { 'aria-label': 'lv.goal' } },
    h('div', { class: 'section-head' }, titleEl, shareButton),
    goalEl,
    h(
      'dl',
      { class: 'goal-facts' },
      h('div', {}, h('dt', { t: 'lv.target' }), h('dd', {}, targetValue)),
      h('div', {}, h('dt', { t: 'lv.stepsLeft' }), h('dd', {}, stepsValue)),
    ),
    h('div', { class: 'goal-bar' }, h('div', { class: 'goal-bar-head' }, h('span', { t: 'lv.errorBar', attrs: { id: barLabelId } }), barNow), bar),
    ruleBox,
    result,
    shareBox,
    h('details', { class: 'goal-details' }, h('summary', { t: 'lv.hint' }), hintEl),
  );

  const screen = createSandbox(
    prefs,
    { back: () => actions.levels() },
    {
      backTo: { text: 'ch.levels', label: 'ch.backToLevels' },
      title: 'lv.titleTop',
      panelTop: goal,
      connect: link.connect,
      onSnapshot: link.onSnapshot,
    },
  );

  function onChallenge(c: ChallengeWire): void {
    const first = !wire || wire.levelJson !== c.levelJson;
    wire = c;
    if (first && c.levelJson) {
      level = JSON.parse(c.levelJson) as Level;
      renderText();
      codeField.value = c.code;
      if (!locked) lockControls();
    }
    renderGoal();
  }

  function renderText(): void {
    if (!level) return;
    const text = levelText(level);
    titleEl.textContent = wire && wire.levelIndex >= 0 ? `${wire.levelIndex + 1}. ${text.title}` : text.title;
    goalEl.textContent = text.goal;
    hintEl.textContent = text.hint;
    targetValue.textContent = t('lv.targetValue', { target: formatError(level.target.error), set: t(level.target.on === 'test' ? 'lv.setTest' : 'lv.setTrain') });
  }

  function renderGoal(): void {
    if (!level || !wire) return;
    const used = link.snapshot?.step ?? 0;
    stepsValue.textContent = level.rules.training ? t('lv.stepsLeftValue', { left: formatCount(Math.max(0, level.budget - used)), budget: formatCount(level.budget) }) : '—';
    const e = wire.targetError >= 0 ? wire.targetError : null;
    barNow.textContent = e === null ? '' : t('lv.errorNow', { error: formatError(e) });
    // The bar runs on a log scale from the target/10 (left) to 10× the target (right); the mark is the target.
    const pos = (v: number) => Math.max(0, Math.min(1, (Math.log10(v / level!.target.error) + 1) / 2));
    const fill = e === null ? 1 : pos(Math.max(e, 1e-12));
    barFill.style.width = `${(fill * 100).toFixed(1)}%`;
    barFill.classList.toggle('below', e !== null && e <= level.target.error);
    barMark.style.left = '50%';
    bar.setAttribute('aria-valuenow', String(Math.round(fill * 100)));
    bar.setAttribute('aria-valuetext', e === null ? '—' : `${formatError(e)} / ${formatError(level.target.error)}`);
    renderRule();
    renderOutcome();
  }

  function renderRule(): void {
    if (!level || !level.rules.ruleChoice) return;
    ruleBox.hidden = false;
    if (!ruleBox.firstChild) {
      const id = freshId('rule');
      const select = h('select', { class: 'select', attrs: { id } });
      for (const r of ['exact', 'article'] as const) select.append(h('option', { t: r === 'exact' ? 'lv.ruleExact' : 'lv.ruleArticle', attrs: { value: r } }));
      select.addEventListener('change', () => link.client?.send('configure', { rule: select.value as 'exact' | 'article' }));
      ruleBox.append(h('label', { t: 'lv.rule', attrs: { for: id } }), select);
    }
    const select = ruleBox.querySelector('select')!;
    if (link.snapshot && document.activeElement !== select) select.value = link.snapshot.rule;
    select.disabled = (link.snapshot?.step ?? 0) > 0;
  }

  let shownOutcome = '';
  function renderOutcome(): void {
    if (!wire || !level) return;
    if (wire.outcomeJson === shownOutcome) return;
    shownOutcome = wire.outcomeJson;
    if (!wire.outcomeJson) {
      resultBox.hidden = true;
      resultBox.className = 'result-box';
      return;
    }
    const o = JSON.parse(wire.outcomeJson) as Outcome;
    resultBox.hidden = false;
    resultStars.replaceChildren();
    if (o.kind === 'won') {
      resultBox.className = 'result-box won';
      resultTitle.textContent = level.rules.training ? t('lv.won', { steps: formatCount(o.steps) }) : t('lv.wonHand', { error: formatError(o.error) });
      resultStars.append(starsEl(o.stars), h('span', { class: 'result-stars-text', text: t('lv.wonStars', { n: o.stars }) }));
      resultMore.textContent = level.stars.by === 'error' && o.stars < 3 ? t('lv.polish') : '';
      const hasNext = wire.levelIndex >= 0 && wire.levelIndex + 1 < LEVELS.length;
      nextButton.hidden = !hasNext;
      levelsButton.hidden = false;
      (hasNext ? nextButton : retryButton).focus();
    } else {
      resultBox.className = 'result-box lost';
      resultTitle.textContent = o.why === 'budget' ? t('lv.lostBudget', { budget: formatCount(level.budget) }) : t('lv.lostDiverged', { step: formatCount(link.snapshot?.diverged?.step ?? o.steps + 1) });
      resultMore.textContent = t('lv.lostTry');
      nextButton.hidden = true;
      levelsButton.hidden = false;
      retryButton.focus();
    }
  }

  function goNext(): void {
    if (!wire || wire.levelIndex < 0) return;
    const next = LEVELS[wire.levelIndex + 1];
    if (next) actions.play({ levelId: next.id });
  }

  /** Wraps a part of the panel in a disabled fieldset with the reason next to it. */
  function lockPart(part: Element | null, reason: MessageKey, params?: Record<string, string>): void {
    if (!part || !part.parentElement) return;
    const note = h('p', { class: 'lock-note', attrs: { id: freshId('lock') } });
    note.dataset.key = reason;
    note.textContent = t(reason, params);
    if (params) note.dataset.params = JSON.stringify(params);
    const fs = h('fieldset', { class: 'locked-part', attrs: { disabled: true, 'aria-describedby': note.id } });
    part.replaceWith(fs);
    fs.append(note, part);
  }

  function lockControls(): void {
    if (!level) return;
    locked = true;
    const panel = screen.el.querySelector('.panel')!;
    const training = panel.querySelector('.panel-section.training');
    const fields = training ? [...training.querySelectorAll(':scope > .field')] : [];
    const [etaField, scheduleField, speedField] = fields;
    const r = level.rules;
    if (!r.training) {
      lockPart(training?.querySelector(':scope > .button-row') ?? null, 'lv.lock.training');
      lockPart(speedField ?? null, 'lv.lock.training');
    }
    if (r.eta.kind === 'fixed') lockPart(etaField ?? null, 'lv.lock.eta');
    else if (r.eta.kind === 'range') {
      const note = h('p', { class: 'lock-note', text: t('lv.lock.etaRange', { min: formatEta(r.eta.min), max: formatEta(r.eta.max) }) });
      etaField?.append(note);
    }
    if (!r.scheduleChanges) lockPart(scheduleField ?? null, 'lv.lock.schedule');
    if (!r.handEdits) lockPart(panel.querySelector('.weights-body'), 'lv.lock.weights');
    const network = [...panel.querySelectorAll(':scope > .panel-section')].find((s) => !s.classList.contains('training') && !s.classList.contains('weights') && !s.classList.contains('goal'));
    if (network) {
      const note = h('p', { class: 'lock-note' });
      note.dataset.key = 'lv.lock.network';
      note.textContent = t('lv.lock.network');
      const fs = h('fieldset', { class: 'locked-part', attrs: { disabled: true } });
      network.replaceWith(fs);
      fs.append(note, network);
    }
  }

  return {
    el: screen.el,
    focus: () => screen.focus(),
    relabel() {
      screen.relabel?.();
      renderText();
      shownOutcome = '';
      renderGoal();
      for (const note of screen.el.querySelectorAll<HTMLElement>('.lock-note[data-key]')) {
        note.textContent = t(note.dataset.key as MessageKey, note.dataset.params ? JSON.parse(note.dataset.params) : undefined);
      }
    },
    dispose() {
      screen.dispose();
    },
  };
}

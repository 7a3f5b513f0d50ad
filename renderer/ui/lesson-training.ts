/**
 * The live training of a lesson's check (lesson 9): the sandbox screen —
 * the network training on the scene, η and its schedule, Play and Pause,
 * single steps and phase stepping, the error chart — joined to the host's
 * lesson-train room, with the lesson's goal at the top of the panel:
 * the rule to pick, the target error, the steps left, the error now, and
 * the outcome. The host decides when the target is reached within the
 * budget and marks the lesson done; this screen only shows it.
 */
import { type ChallengeWire, connectLessonTraining } from '../client.js';
import type { LiveLesson } from '../../core/lessons/training.js';
import type { Level } from '../../core/levels/level.js';
import { t } from '../i18n.js';
import { ChallengeLink } from './challenge-link.js';
import { freshId, h } from './dom.js';
import { formatCount, formatError } from './format.js';
import type { Screen } from './menu.js';
import { createSandbox } from './sandbox.js';
import type { Prefs } from './settings.js';

type Outcome = { kind: 'won'; steps: number; error: number } | { kind: 'lost'; why: 'budget' | 'diverged'; steps: number };

export function createLessonTraining(prefs: Prefs, lesson: LiveLesson, actions: { back(): void; failed(reason: string): void }): Screen {
  let wire: ChallengeWire | null = null;
  let level: Level | null = null;
  const link = new ChallengeLink({
    open: () => connectLessonTraining(lesson),
    onChallenge: onWire,
    onSnapshot: () => render(),
    failed: (reason) => actions.failed(t('lessons.liveFailed', { reason })),
  });

  const targetValue = h('span', { class: 'goal-value' });
  const stepsValue = h('span', { class: 'goal-value' });
  const errorValue = h('span', { class: 'goal-value' });
  const ruleId = freshId('rule');
  const rule = h(
    'select',
    { class: 'select', attrs: { id: ruleId } },
    h('option', { attrs: { value: 'article' }, t: 'lessons.ruleArticle' }),
    h('option', { attrs: { value: 'exact' }, t: 'lessons.ruleExact' }),
  );
  rule.addEventListener('change', () => link.client?.send('configure', { rule: rule.value === 'article' ? 'article' : 'exact' }));
  const ruleNote = h('p', { class: 'hint', t: 'lessons.liveRuleNote' });

  const resultTitle = h('p', { class: 'result-title' });
  const resultMore = h('p', { class: 'result-more' });
  const retry = h('button', { class: 'btn btn-primary', attrs: { type: 'button' }, t: 'lessons.liveRetry', on: { click: () => link.client?.send('reset', {}) } });
  const backToLesson = h('button', { class: 'btn', attrs: { type: 'button' }, t: 'lessons.liveBack', on: { click: () => actions.back() } });
  const resultBox = h('div', { class: 'result-box', attrs: { hidden: true } }, resultTitle, resultMore, h('div', { class: 'button-row' }, retry, backToLesson));

  const goal = h(
    'section',
    { class: 'panel-section goal lesson-live-goal', tAttrs: { 'aria-label': 'lessons.liveGoal' } },
    h('div', { class: 'section-head' }, h('h2', { class: 'section-title goal-title', t: 'l.xor.title' })),
    h('p', { class: 'goal-text', t: 'lessons.liveGoalText' }),
    h(
      'dl',
      { class: 'goal-facts' },
      h('div', {}, h('dt', { t: 'lv.target' }), h('dd', {}, targetValue)),
      h('div', {}, h('dt', { t: 'lv.stepsLeft' }), h('dd', {}, stepsValue)),
      h('div', {}, h('dt', { t: 'lessons.liveErrorNow' }), h('dd', {}, errorValue)),
    ),
    h('div', { class: 'field rule-choice' }, h('label', { t: 'lessons.rule', attrs: { for: ruleId } }), rule),
    ruleNote,
    h('div', { class: 'result', attrs: { role: 'status', 'aria-live': 'polite' } }, resultBox),
  );

  const screen = createSandbox(
    prefs,
    { back: () => actions.back() },
    {
      title: 'lessons.liveTop',
      backTo: { text: 'lessons.liveBackShort', label: 'lessons.liveBack' },
      noFiles: true,
      panelTop: goal,
      fixedNetwork: true,
      connect: link.connect,
      onSnapshot: link.onSnapshot,
    },
  );

  function onWire(w: ChallengeWire): void {
    wire = w;
    if (!level && w.levelJson) level = JSON.parse(w.levelJson) as Level;
    render();
  }

  let shownOutcome: string | null = null;
  function render(): void {
    if (!level || !wire) return;
    targetValue.textContent = `≤ ${formatError(level.target.error)}`;
    const used = link.snapshot?.step ?? 0;
    stepsValue.textContent = t('lv.stepsLeftValue', { left: formatCount(Math.max(0, level.budget - used)), budget: formatCount(level.budget) });
    errorValue.textContent = wire.targetError >= 0 ? formatError(wire.targetError) : '—';
    if (link.snapshot && document.activeElement !== rule) rule.value = link.snapshot.rule;
    rule.disabled = used > 0;
    if (wire.outcomeJson === shownOutcome) return;
    shownOutcome = wire.outcomeJson;
    if (!wire.outcomeJson) {
      resultBox.hidden = true;
      resultBox.className = 'result-box';
      return;
    }
    const o = JSON.parse(wire.outcomeJson) as Outcome;
    resultBox.hidden = false;
    if (o.kind === 'won') {
      resultBox.className = 'result-box won';
      resultTitle.textContent = t('lessons.liveWon', { steps: formatCount(o.steps), error: formatError(o.error) });
      resultMore.textContent = t('lessons.livePassed');
      backToLesson.focus();
    } else {
      resultBox.className = 'result-box lost';
      resultTitle.textContent =
        o.why === 'diverged' ? t('lessons.trialDiverged', { steps: formatCount(o.steps) }) : t('lessons.liveLost', { budget: formatCount(level.budget) });
      resultMore.textContent = t(o.why === 'diverged' ? 'hint.trial.diverged' : link.snapshot?.rule === 'article' ? 'hint.trial.rule' : 'lessons.liveTry');
      retry.focus();
    }
  }

  return {
    el: screen.el,
    focus: () => screen.focus(),
    relabel() {
      screen.relabel?.();
      shownOutcome = null;
      render();
    },
    dispose() {
      screen.dispose();
    },
  };
}

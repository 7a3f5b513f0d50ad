/**
 * The Lessons screen: the list of lessons (a list named "Lessons", each
 * marked done, open or locked), and one lesson at a time — its pages on the
 * live network with the parts they talk about lit, "Back" and "Next", and
 * the check at the end. The host draws each check and marks the answers;
 * this screen only shows what the host sends and sends what the player does.
 *
 * A page that steps the network has the sandbox's phase stepping: "Watch
 * one step", "Next phase" and "Previous phase" (keys ↓/N and ↑/P), the
 * caption and the beat timeline (step-player.ts, beat-timeline.ts). Lesson
 * 8 shows two pictures, one above the other — the article's rule and the exact
 * gradient — stepping in lockstep, with each neuron's δ under both rules
 * as the host sends them. Lesson 9's check trains live on the sandbox
 * screen (lesson-training.ts).
 */
import { LESSON_IDS, type LessonId, nextLesson, openLessons } from '../../core/lessons/catalog.js';
import { type HighlightPart, part } from '../../core/lessons/highlight.js';
import type { LessonPicture } from '../../core/lessons/picture.js';
import type { CheckPrompt, LessonVerdict, LessonView, RuleComparisonMessage, SlopeReading, TrialPrompt } from '../../core/lessons/protocol.js';
import type { DeltaRow } from '../../core/lessons/compare.js';
import { isLiveLesson } from '../../core/lessons/training.js';
import type { NumberPrompt } from '../../core/lessons/checks.js';
import type { ChoicePrompt } from '../../core/lessons/rules.js';
import type { RefusalMessage, StepTraceMessage } from '../../core/protocol.js';
import type { Schedule } from '../../core/schedule.js';
import { type LessonClient, connectLessons } from '../client.js';
import { type MessageKey, t } from '../i18n.js';
import { type BeatInfo, type NetworkScene, type PhaseCaption, createNetworkScene, notationFor } from '../scene/index.js';
import { fmt, fmtData } from '../scene/format.js';
import { createBeatTimeline } from './beat-timeline.js';
import { h, isEditable } from './dom.js';
import { CHECK_PARTS, LESSON_PAGES, NUDGE_WEIGHTS, type LessonTool, formulaTerms } from './lesson-pages.js';
import { deltasReached } from './lesson-deltas.js';
import { createLessonTraining } from './lesson-training.js';
import type { Screen } from './menu.js';
import type { Prefs } from './settings.js';
import { StepPlayer } from './step-player.js';
import { createToasts } from './toast.js';
import { icon, languageSwitch, reducedMotionSwitch } from './widgets.js';

const STEP_MS = 5000;
const STEP_MS_REDUCED = 1200;
/** Tools that step the network, with phase stepping. */
const STEPPING_TOOLS: readonly (LessonTool | undefined)[] = ['step', 'stepEta', 'pair'];

export function createLessons(prefs: Prefs, actions: { back(): void }): Screen {
  let client: LessonClient | null = null;
  let scene: NetworkScene | null = null;
  let done: LessonId[] = [];
  let view: LessonView | null = null;
  let lesson: LessonId | null = null;
  /** The page shown: 0 … pages − 1, or pages for the check. */
  let page = 0;
  let lastVerdict: LessonVerdict | null = null;
  let lastSlope: SlopeReading | null = null;
  /** Lesson "rules": each neuron's δ under both rules, in the step the pictures show (or showed last). */
  let lastRows: DeltaRow[] | null = null;
  /** The host's rows of the steps sent, by step number, until the pictures show them. */
  const rowsOf = new Map<number, DeltaRow[]>();
  /** The neurons whose δ the picture has reached in the step it shows (null: all of them, no step under way). */
  let reached: ReadonlySet<number> | null = null;
  /** The live training of a lesson's check, while it is open over the lesson. */
  let training: Screen | null = null;
  /** What the player typed in the answer field, kept across re-renders. */
  let typedAnswer = '';
  let disposed = false;
  const cleanups: (() => void)[] = [];
  const toasts = createToasts();

  // ---- top bar
  const lang = languageSwitch();
  const motion = reducedMotionSwitch(prefs, false);
  const topTitle = h('h1', { class: 'topbar-title', attrs: { tabindex: -1 } }, h('span', { class: 'topbar-app', t: 'app.title' }), h('span', { class: 'topbar-sep', text: '/', attrs: { 'aria-hidden': 'true' } }), h('span', { t: 'lessons.title' }));
  const topbar = h(
    'header',
    { class: 'topbar' },
    h('button', { class: 'btn btn-ghost', attrs: { type: 'button' }, tAttrs: { 'aria-label': 'top.backLabel' }, on: { click: () => actions.back() } }, icon('back'), h('span', { t: 'top.back' })),
    topTitle,
    h('div', { class: 'topbar-spacer' }),
    h('div', { class: 'topbar-motion' }, motion.el),
    lang.el,
  );

  // ---- the list
  const list = h('ol', { class: 'lesson-list', tAttrs: { 'aria-label': 'lessons.list' } });
  const listView = h('main', { class: 'lessons-home' }, h('h2', { class: 'lessons-heading', t: 'lessons.title', attrs: { tabindex: -1 } }), h('p', { class: 'lessons-intro', t: 'lessons.intro' }), list);

  function renderList(): void {
    const open = openLessons(new Set(done));
    list.replaceChildren(
      ...LESSON_IDS.map((id, k) => {
        const isDone = done.includes(id);
        const isOpen = open.has(id);
        const state = isDone ? 'done' : isOpen ? 'open' : 'locked';
        const b = h(
          'button',
          {
            class: 'lesson-item',
            attrs: { type: 'button', 'aria-disabled': isOpen ? undefined : 'true', 'data-state': state },
            on: { click: () => isOpen && openLesson(id) },
          },
          h('span', { class: 'lesson-num', text: String(k + 1), attrs: { 'aria-hidden': 'true' } }),
          h('span', { class: 'lesson-name' }, h('span', { class: 'visually-hidden', text: `${t('lessons.number', { n: k + 1 })}: ` }), t(LESSON_PAGES[id].title)),
          isDone ? h('span', { class: 'lesson-badge lesson-done', text: `✓ ${t('lessons.done')}` }) : null,
          !isOpen ? h('span', { class: 'lesson-badge lesson-locked', text: t('lessons.locked') }) : null,
        );
        return h('li', {}, b);
      }),
    );
  }

  // ---- one lesson
  const sceneHost = h('div', { class: 'scene-host' });
  const sceneNote = h('p', { class: 'scene-note', attrs: { hidden: true } });
  const exactHost = h('div', { class: 'scene-host' });
  const viewLabel = h('p', { class: 'lesson-view-label', t: 'lessons.viewArticle', attrs: { hidden: true } });
  const exactLabel = h('p', { class: 'lesson-view-label', t: 'lessons.viewExact' });
  const exactView = h('div', { class: 'lesson-view', attrs: { hidden: true } }, exactLabel, h('div', { class: 'scene-frame' }, exactHost));
  const views = h('div', { class: 'lesson-views' }, h('div', { class: 'lesson-view' }, viewLabel, h('div', { class: 'scene-frame' }, sceneHost, sceneNote)), exactView);
  const captionPhase = h('span', { class: 'caption-phase' });
  const captionFormula = h('code', { class: 'caption-formula lesson-formula' });
  const captionExactName = h('span', { class: 'caption-rule', t: 'lessons.viewExactShort' });
  const captionExact = h('code', { class: 'caption-formula lesson-formula' });
  const captionExactLine = h('span', { class: 'caption-line', attrs: { hidden: true } }, captionExactName, captionExact);
  const captionArticleName = h('span', { class: 'caption-rule', t: 'lessons.viewArticleShort', attrs: { hidden: true } });
  const caption = h(
    'div',
    { class: 'caption lesson-caption', attrs: { role: 'region', 'aria-live': 'polite' }, tAttrs: { 'aria-label': 'lessons.caption' } },
    captionPhase,
    h('span', { class: 'caption-line' }, captionArticleName, captionFormula),
    captionExactLine,
  );
  const timeline = createBeatTimeline((index) => {
    for (const p of players) p.goTo(index);
  });
  timeline.el.hidden = true;
  const stage = h('section', { class: 'lesson-stage' }, views, caption, timeline.el);

  const kicker = h('p', { class: 'lesson-kicker' });
  const title = h('h2', { class: 'lesson-title', attrs: { tabindex: -1 } });
  const pageNo = h('p', { class: 'lesson-page-no' });
  const content = h('div', { class: 'lesson-content' });
  const backBtn = h('button', { class: 'btn', attrs: { type: 'button' }, t: 'lessons.back', on: { click: () => goBack() } });
  const nextBtn = h('button', { class: 'btn btn-primary', attrs: { type: 'button' }, t: 'lessons.next', on: { click: () => goNext() } });
  const toList = h('button', { class: 'btn btn-ghost lesson-to-list', attrs: { type: 'button' }, t: 'lessons.toList', tAttrs: { 'aria-label': 'lessons.toListLabel' }, on: { click: () => showList() } });
  const panel = h('aside', { class: 'lesson-panel' }, h('div', { class: 'lesson-head' }, kicker, toList), title, pageNo, content, h('nav', { class: 'lesson-nav' }, backBtn, nextBtn));
  const lessonView = h('div', { class: 'lesson-body', attrs: { hidden: true } }, stage, panel);

  const el = h('div', { class: 'screen lessons-screen' }, topbar, listView, lessonView, toasts.el);

  function showList(): void {
    clearSteps();
    lesson = null;
    view = null;
    lessonView.hidden = true;
    listView.hidden = false;
    renderList();
    (listView.querySelector('h2') as HTMLElement).focus();
  }

  function openLesson(id: LessonId): void {
    clearSteps();
    lesson = id;
    page = 0;
    lastVerdict = null;
    lastSlope = null;
    lastRows = null;
    rowsOf.clear();
    typedAnswer = '';
    view = null;
    listView.hidden = true;
    lessonView.hidden = false;
    client?.send('open', { lesson: id });
    renderLesson(true);
    void ensureScene();
  }

  const pagesOf = (id: LessonId) => LESSON_PAGES[id].pages;
  const onCheck = () => !!lesson && page >= pagesOf(lesson).length;

  function goBack(): void {
    if (!lesson) return;
    if (page === 0) return showList();
    page--;
    lastVerdict = null;
    clearSteps();
    renderLesson(true);
  }

  function goNext(): void {
    if (!lesson) return;
    if (!onCheck()) {
      page++;
      clearSteps();
      renderLesson(true);
      return;
    }
    if (!view?.passed) return;
    const after = nextLesson(lesson);
    if (after) openLesson(after);
    else showList();
  }

  // ---- drawing the lesson
  let currentFormula = '';
  let phase: PhaseCaption | null = null;
  /** Lesson "rules": the caption of the same beat in the exact rule's picture. */
  let phaseExact: PhaseCaption | null = null;
  let litTerms = new Set<string>();

  function renderCaption(): void {
    const paired = lesson === 'rules';
    captionArticleName.hidden = !paired;
    captionExactLine.hidden = !paired || !phase;
    caption.classList.toggle('caption-pair', paired && !!phase);
    if (phase) caption.dataset.phase = phase.phase;
    else delete caption.dataset.phase;
    if (phase) {
      captionPhase.textContent = t(`phase.${phase.phase}` as MessageKey);
      captionFormula.replaceChildren(phase.formula);
      captionExact.textContent = phaseExact?.formula ?? '';
      return;
    }
    captionArticleName.hidden = true;
    captionPhase.textContent = '';
    captionFormula.replaceChildren(
      ...formulaTerms(currentFormula).map((p) =>
        p.term ? h('span', { class: `term${litTerms.has(p.term) ? ' term-lit' : ''}`, text: p.text, attrs: { 'data-term': p.term } }) : p.text,
      ),
    );
  }

  /** The parts the page lights; during the back half of a compared step, the δ that differ instead. */
  let pageParts: readonly HighlightPart[] = [];

  function light(parts: readonly HighlightPart[]): void {
    pageParts = parts;
    litTerms = new Set(parts.flatMap((p) => (p.kind === 'term' ? [p.name.replace('’', "'")] : [])));
    applyHighlight();
    renderCaption();
  }

  /** A scene that has just started: the lesson's picture and lit parts, as the panel already shows them. */
  function showOnScenes(): void {
    if (!lesson) return;
    applyHighlight();
    drawScene();
  }

  function applyHighlight(): void {
    const back = phase && (phase.phase === 'backward' || phase.phase === 'update');
    const parts = lesson === 'rules' && back && lastRows ? differingDeltas(lastRows.filter(isReached)) : pageParts;
    scene?.setHighlight(parts);
    exactScene?.setHighlight(parts);
  }

  function picture(): LessonPicture | null {
    if (!view) return null;
    if (onCheck() && view.check.kind === 'number') return view.check.picture;
    return view.explore;
  }

  function drawScene(): void {
    const p = picture();
    if (scene && p && !players[0].busy) scene.showPicture(p);
    const q = view?.exploreExact;
    if (exactScene && q && !players[1].busy) exactScene.showPicture(q);
  }

  function renderLesson(moved = false): void {
    if (!lesson) return;
    const id = lesson;
    const pages = pagesOf(id);
    const n = LESSON_IDS.indexOf(id) + 1;
    kicker.textContent = t('lessons.number', { n });
    title.textContent = t(LESSON_PAGES[id].title);
    pageNo.textContent = t('lessons.page', { n: Math.min(page, pages.length) + 1, total: pages.length + 1 });
    backBtn.disabled = false;
    if (onCheck()) {
      currentFormula = lastVerdict?.hint?.formula ?? '';
      content.replaceChildren(...checkContent());
      nextBtn.disabled = !view?.passed;
      light(lastVerdict && !lastVerdict.correct && lastVerdict.hint ? lastVerdict.hint.parts : checkParts());
    } else {
      const pg = pages[page];
      currentFormula = pg.formula ?? '';
      content.replaceChildren(h('p', { class: 'lesson-text', text: t(pg.body) }), ...toolContent(pg.tool));
      nextBtn.disabled = false;
      light(pg.highlight);
    }
    const paired = id === 'rules';
    exactView.hidden = !paired;
    viewLabel.hidden = !paired;
    views.classList.toggle('lesson-views-pair', paired);
    lessonView.classList.toggle('lesson-body-pair', paired);
    timeline.el.hidden = !stepping();
    if (paired) void ensureExactScene();
    drawScene();
    if (moved) title.focus();
  }

  function checkParts(): HighlightPart[] {
    return lesson ? CHECK_PARTS[lesson] : [];
  }

  // ---- tools on the pages
  function toolContent(tool: string | undefined): Node[] {
    if (!view) return [];
    const pic = view.explore;
    if (tool === 'neuron') {
      const field = (label: string, value: number, onChange: (v: number) => void) => {
        const input = h('input', { class: 'text', attrs: { type: 'number', step: '0.1', min: -2, max: 2, value: String(value), 'aria-label': label } });
        input.addEventListener('change', () => {
          const v = Number(input.value);
          if (Number.isFinite(v)) onChange(Math.max(-2, Math.min(2, v)));
        });
        return h('label', { class: 'lesson-field' }, h('span', { class: 'math', text: label }), input);
      };
      const x = pic.y.slice(0, 2) as number[];
      return [
        h(
          'div',
          { class: 'lesson-tool lesson-grid' },
          field('x1', x[0], (v) => client?.send('setInput', { x1: v, x2: x[1] })),
          field('x2', x[1], (v) => client?.send('setInput', { x1: x[0], x2: v })),
          field('w(x1)1', pic.weights[0], (v) => client?.send('setWeight', { layer: 0, to: 0, from: 0, value: v })),
          field('w(x2)1', pic.weights[1], (v) => client?.send('setWeight', { layer: 0, to: 0, from: 1, value: v })),
        ),
        h('p', { class: 'lesson-readout math', text: `e1 = ${fmt(pic.e[2] as number)}   y1 = ${fmt(pic.y[2] as number)}` , attrs: { role: 'status' } }),
      ];
    }
    if (tool === 'samples') {
      const rows = [
        [0, 0, 0],
        [0, 1, 1],
        [1, 0, 1],
        [1, 1, 0],
      ];
      return [
        h(
          'table',
          { class: 'lesson-table' },
          h('caption', { t: 'lessons.samples' }),
          h('thead', {}, h('tr', {}, h('th', { t: 'lessons.table.sample' }), h('th', { text: 'x1' }), h('th', { text: 'x2' }), h('th', { text: 'z' }))),
          h(
            'tbody',
            {},
            ...rows.map((r, k) =>
              h(
                'tr',
                { attrs: { 'data-current': String(pic.y[0] === r[0] && pic.y[1] === r[1]) } },
                h('td', {}, h('button', { class: 'btn btn-small', attrs: { type: 'button' }, text: t('lessons.useSample', { n: k + 1 }), on: { click: () => client?.send('setInput', { x1: r[0], x2: r[1] }) } })),
                h('td', { text: String(r[0]) }),
                h('td', { text: String(r[1]) }),
                h('td', { text: String(r[2]) }),
              ),
            ),
          ),
        ),
      ];
    }
    if (tool === 'step' || tool === 'stepEta' || tool === 'pair') {
      const nodes: Node[] = [];
      if (tool === 'stepEta') nodes.push(etaField());
      nodes.push(stepperControls());
      // Lesson 8's page says what its step does; the others say it here.
      const note = view.explore.rule === 'exact' ? 'lessons.stepNoteExact' : 'lessons.stepNote';
      nodes.push(h('p', { class: 'hint', text: tool === 'pair' ? t('lessons.stepKeys') : `${t(note, { eta: fmtData(view.eta) })} ${t('lessons.stepKeys')}` }));
      if (tool === 'pair') nodes.push(...pairContent());
      return nodes;
    }
    if (tool === 'nudge') {
      const select = h('select', { class: 'select', attrs: { 'aria-label': t('lessons.nudgeWeight') } }, ...NUDGE_WEIGHTS.map((w, k) => h('option', { attrs: { value: k }, text: w.name })));
      // The weight last nudged stays picked, so the reading below is the one named in the field.
      select.value = String(nudged);
      const out: Node[] = [];
      if (lastSlope) {
        const s = lastSlope;
        const small = (v: number) => v.toFixed(6).replace('-', '−');
        out.push(
          h(
            'ul',
            { class: 'lesson-slope', attrs: { role: 'status' } },
            h('li', { text: `${NUDGE_WEIGHTS[nudged].name}: ${t('lessons.slopeErrors', { minus: s.errorMinus.toFixed(8), plus: s.errorPlus.toFixed(8), h: String(s.h) })}` }),
            h('li', { class: 'slope-measured', text: t('lessons.slopeMeasured', { v: small(s.measured) }) }),
            h('li', { text: t('lessons.slopeExact', { v: small(s.exact) }) }),
            h('li', { text: t('lessons.slopeArticle', { v: small(s.article) }) }),
          ),
        );
      }
      return [
        h(
          'div',
          { class: 'lesson-tool lesson-row' },
          h('label', { class: 'lesson-field' }, h('span', { t: 'lessons.nudgeWeight' }), select),
          h('button', {
            class: 'btn btn-primary',
            attrs: { type: 'button' },
            t: 'lessons.nudge',
            on: {
              click: () => {
                const w = NUDGE_WEIGHTS[Number(select.value)];
                nudged = Number(select.value);
                client?.send('nudge', { layer: w.layer, to: w.to, from: w.from });
              },
            },
          }),
        ),
        ...out,
      ];
    }
    return [];
  }
  let nudged = 0;

  // ---- phase stepping (the sandbox's: step-player.ts holds the picture on a beat)
  /** Whether the page in view steps the network. */
  function stepping(): boolean {
    if (!lesson || onCheck()) return false;
    return STEPPING_TOOLS.includes(pagesOf(lesson)[page]?.tool);
  }

  let watchBtn: HTMLButtonElement | null = null;
  let prevBtn: HTMLButtonElement | null = null;
  let nextPhaseBtn: HTMLButtonElement | null = null;

  function stepperControls(): HTMLElement {
    watchBtn = h('button', { class: 'btn btn-primary btn-small', attrs: { type: 'button' }, t: 'lessons.watchStep', on: { click: () => watchStep() } });
    prevBtn = h('button', { class: 'btn btn-small', attrs: { type: 'button', 'aria-keyshortcuts': 'ArrowUp P' }, t: 'btn.prevPhase', on: { click: () => previousPhase() } });
    nextPhaseBtn = h('button', { class: 'btn btn-small', attrs: { type: 'button', 'aria-keyshortcuts': 'ArrowDown N' }, t: 'btn.nextPhase', on: { click: () => nextPhase() } });
    updateStepButtons();
    return h('div', { class: 'lesson-tool lesson-row lesson-stepper' }, watchBtn, prevBtn, nextPhaseBtn);
  }

  function updateStepButtons(): void {
    if (prevBtn) prevBtn.disabled = !players[0].current;
  }

  /** Plays a held step to its end, or asks the host for a whole step (both pictures in lesson 8). */
  function watchStep(): void {
    if (players.some((p) => p.isHeld)) {
      for (const p of players) p.playOn();
      return;
    }
    if (players.some((p) => p.busy)) return;
    for (const p of active()) p.requestStep();
  }

  function nextPhase(): void {
    for (const p of active()) p.next();
  }

  function previousPhase(): void {
    for (const p of active()) p.previous();
  }

  /** The players of the pictures on screen: one, or two in lesson 8. */
  function active(): StepPlayer[] {
    return lesson === 'rules' ? players : [players[0]];
  }

  function etaField(): HTMLElement {
    const input = h('input', { class: 'text', attrs: { type: 'number', step: 'any', min: 0.05, max: 20, value: String(view?.eta ?? 2), 'aria-label': t('lessons.stepEta') } });
    input.addEventListener('change', () => {
      const v = Number(input.value);
      if (Number.isFinite(v) && v >= 0.05 && v <= 20) client?.send('setEta', { eta: v });
      else toasts.show(t('lessons.etaRange'));
    });
    return h('label', { class: 'lesson-field lesson-eta' }, h('span', { t: 'lessons.stepEta' }), input);
  }

  /** Lesson 8: each neuron's δ under both rules (the host's rows), the ones that differ marked in words too. */
  function pairContent(): Node[] {
    const reset = h('button', {
      class: 'btn btn-ghost btn-small',
      attrs: { type: 'button' },
      t: 'lessons.resetPair',
      on: {
        click: () => {
          // A step of the old weights stops where it is: the pictures go back to where they started.
          clearSteps();
          lastRows = null;
          rowsOf.clear();
          client?.send('reset', {});
        },
      },
    });
    const stepsNote = h('p', { class: 'hint', text: view && view.steps > 0 ? t('lessons.pairDrift', { n: view.steps }) : t('lessons.pairSame') });
    deltaSlot = h('div', { class: 'lesson-deltas-slot' }, deltaTable());
    return [deltaSlot, stepsNote, reset];
  }

  /** Where the δ table is on the page, so each beat can fill it without touching the rest of the panel. */
  let deltaSlot: HTMLElement | null = null;

  const isReached = (r: DeltaRow): boolean => !reached || reached.has(r.neuron);

  /** The δ table: a row per neuron, its numbers once the picture has reached its δ, "not yet" before. */
  function deltaTable(): HTMLElement {
    if (!lastRows) return h('p', { class: 'hint', t: 'lessons.deltaEmpty' });
    const num = (v: number) => v.toFixed(4).replace('-', '−');
    return h(
      'table',
      { class: 'lesson-table lesson-deltas' },
      h('caption', { t: 'lessons.deltaTable' }),
      h('thead', {}, h('tr', {}, h('th', { t: 'lessons.deltaNeuron' }), h('th', { t: 'lessons.viewArticleShort' }), h('th', { t: 'lessons.viewExactShort' }), h('th', { t: 'lessons.deltaSame' }))),
      h(
        'tbody',
        {},
        ...lastRows.map((r) => {
          const name = h('th', { class: 'math', text: r.neuron === 6 ? 'δ' : `δ${r.neuron}`, attrs: { scope: 'row' } });
          if (!isReached(r)) return h('tr', { attrs: { 'data-reached': 'false' } }, name, h('td', { text: '…' }), h('td', { text: '…' }), h('td', { t: 'lessons.deltaNotYet' }));
          return h(
            'tr',
            { attrs: { 'data-differs': String(r.differs) } },
            name,
            h('td', { class: 'math', text: num(r.article) }),
            h('td', { class: 'math', text: num(r.exact) }),
            h('td', { text: r.differs ? `≠ ${t('lessons.deltaDiffers')}` : `= ${t('lessons.deltaEqual')}` }),
          );
        }),
      ),
    );
  }

  function refreshDeltas(): void {
    if (deltaSlot?.isConnected) deltaSlot.replaceChildren(deltaTable());
  }

  /** The δ the host marked as different, as parts of the picture to light: their badges. */
  function differingDeltas(rows: readonly DeltaRow[]): HighlightPart[] {
    return rows.filter((r) => r.differs).map((r) => part.delta(r.neuron));
  }

  const players: [StepPlayer, StepPlayer] = [
    new StepPlayer({
      scene: () => scene,
      stepDuration,
      requestStep: () => client?.send('step', {}),
      onIdle: () => drawScene(),
      onStepChange: (tr) => stepChanged(tr),
    }),
    new StepPlayer({
      scene: () => exactScene,
      stepDuration,
      // The first picture's player asks; one step of the host answers both pictures.
      requestStep: () => undefined,
      onIdle: () => drawScene(),
    }),
  ];

  function stepDuration(): number {
    return prefs.reducedMotion ? STEP_MS_REDUCED : STEP_MS;
  }

  function stepChanged(tr: StepTraceMessage | null): void {
    if (lesson === 'rules') {
      // The table follows the article's picture: a new step starts with no δ reached; an ended one shows them all.
      if (tr) {
        lastRows = rowsOf.get(tr.step) ?? lastRows;
        for (const k of rowsOf.keys()) if (k <= tr.step) rowsOf.delete(k);
        reached = new Set();
      } else reached = null;
      refreshDeltas();
    }
    if (!tr) {
      phase = null;
      phaseExact = null;
      timeline.show(null, [], false);
      applyHighlight();
      renderCaption();
    }
    updateStepButtons();
  }

  function onBeat(info: BeatInfo | null): void {
    phase = info?.caption ?? (info ? phase : null);
    if (lesson === 'rules' && info) {
      reached = deltasReached(info.beats, info.index, notationFor(view?.explore.layers ?? [2, 3, 2, 1]));
      refreshDeltas();
    }
    timeline.show(info, view?.explore.layers ?? [2, 3, 2, 1], false);
    updateStepButtons();
    applyHighlight();
    renderCaption();
  }

  function onExactBeat(info: BeatInfo | null): void {
    phaseExact = info?.caption ?? (info ? phaseExact : null);
    renderCaption();
  }

  /** Drops every step shown or waiting (another page, lesson or the list). */
  function clearSteps(): void {
    for (const p of players) p.clear();
    phase = null;
    phaseExact = null;
    timeline.show(null, [], false);
  }

  function onKey(ev: KeyboardEvent): void {
    if (training || ev.defaultPrevented || ev.ctrlKey || ev.metaKey || ev.altKey || isEditable(ev.target)) return;
    if (!stepping()) return;
    if (ev.key === 'ArrowDown' || ev.key === 'n' || ev.key === 'N') {
      ev.preventDefault();
      nextPhase();
    } else if (ev.key === 'ArrowUp' || ev.key === 'p' || ev.key === 'P') {
      ev.preventDefault();
      if (prevBtn && !prevBtn.disabled) previousPhase();
    }
  }
  document.addEventListener('keydown', onKey);
  cleanups.push(() => document.removeEventListener('keydown', onKey));

  // ---- the check
  const feedback = h('div', { class: 'lesson-feedback', attrs: { role: 'status', 'aria-live': 'polite' } });

  function renderFeedback(): void {
    feedback.replaceChildren();
    feedback.dataset.state = '';
    const v = lastVerdict;
    if (v && v.correct) {
      feedback.dataset.state = 'right';
      const c = view?.check;
      const asked = c?.kind === 'number' ? c.asked : '';
      feedback.append(h('p', { class: 'feedback-title', text: v.answer !== undefined && asked ? t('lessons.correct', { asked, answer: fmtAnswer(v.answer) }) : t('lessons.correctPlain') }));
    } else if (v && v.hint) {
      feedback.dataset.state = 'wrong';
      feedback.append(h('p', { class: 'feedback-title', t: 'lessons.wrong' }), h('p', { text: t(v.hint.key as MessageKey) }));
      if (v.hint.formula) feedback.append(h('p', { class: 'math', text: t('lessons.hintFormula', { formula: v.hint.formula }) }));
    }
    if (v?.trial) {
      const r = v.trial;
      const line = r.diverged
        ? t('lessons.trialDiverged', { steps: r.steps })
        : r.reached
          ? t('lessons.trialReached', { error: r.error.toFixed(4), steps: r.steps })
          : t('lessons.trialMissed', { error: r.error.toFixed(4), steps: r.steps, target: String((view?.check as TrialPrompt).target) });
      feedback.append(h('p', { text: line }), curveSvg(r.curve, (view?.check as TrialPrompt).target));
    }
    if (view?.passed) {
      feedback.append(h('p', { class: 'feedback-next', text: t(lesson && nextLesson(lesson) ? 'lessons.passed' : 'lessons.passedLast') }));
    }
  }

  function checkContent(): Node[] {
    if (!view) return [];
    const c: CheckPrompt = view.check;
    renderFeedback();
    const head = h('h3', { class: 'lesson-check-title', t: 'lessons.checkTitle' });
    const question = h('p', { class: 'lesson-text', text: t(LESSON_PAGES[view.lesson].check) });
    if (c.kind === 'number') return [head, question, ...numberCheck(c), feedback];
    if (c.kind === 'choice') return [head, question, ...choiceCheck(c), feedback];
    return [head, question, ...trialCheck(c), feedback];
  }

  function numberCheck(c: NumberPrompt): Node[] {
    const given = h('dl', { class: 'lesson-given', tAttrs: { 'aria-label': 'lessons.given' } }, ...c.given.flatMap((g) => [h('dt', { class: 'math', text: g.name }), h('dd', { text: fmtGiven(g.value) })]));
    const nodes: Node[] = [h('p', { class: 'lesson-label', t: 'lessons.given' }), given];
    if (c.samples) {
      nodes.push(
        h(
          'table',
          { class: 'lesson-table' },
          h('caption', { t: 'lessons.samples' }),
          h('thead', {}, h('tr', {}, h('th', { text: 'x1' }), h('th', { text: 'x2' }), h('th', { text: 'z' }))),
          h('tbody', {}, ...c.samples.map((s) => h('tr', { attrs: { 'data-current': String(s.z === null) } }, h('td', { text: String(s.x[0]) }), h('td', { text: String(s.x[1]) }), h('td', { text: s.z === null ? '?' : String(s.z) })))),
        ),
      );
    }
    const input = h('input', { class: 'text lesson-answer', attrs: { type: 'text', inputmode: 'decimal', autocomplete: 'off', 'aria-label': t('lessons.answer'), 'aria-describedby': 'lesson-tolerance' } });
    input.value = typedAnswer;
    input.addEventListener('input', () => (typedAnswer = input.value));
    const submit = () => {
      const v = parseNumber(input.value);
      if (v === null) {
        lastVerdict = null;
        feedback.dataset.state = 'wrong';
        feedback.replaceChildren(h('p', { t: 'lessons.notANumber' }));
        input.focus();
        return;
      }
      client?.send('answer', { value: v });
    };
    input.addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter') {
        ev.preventDefault();
        submit();
      }
    });
    nodes.push(
      h('p', { class: 'lesson-find', text: t('lessons.find', { asked: c.asked }) }),
      h('div', { class: 'lesson-row' }, h('label', { class: 'lesson-answer-label' }, h('span', { class: 'math', text: `${c.asked} =` }), input), h('button', { class: 'btn btn-primary', attrs: { type: 'button' }, t: 'lessons.submit', on: { click: submit } })),
      h('p', { class: 'hint', text: t('lessons.tolerance', { tol: String(c.tolerance) }), attrs: { id: 'lesson-tolerance' } }),
    );
    if (c.lesson === 'neuron' || c.lesson === 'forward') nodes.push(sigmoidCalculator());
    nodes.push(h('button', { class: 'btn btn-ghost btn-small', attrs: { type: 'button' }, t: 'lessons.newNumbers', on: { click: () => client?.send('newCheck', {}) } }));
    return nodes;
  }

  function choiceCheck(c: ChoicePrompt): Node[] {
    const picked: Record<string, string> = {};
    const sets = c.questions.map((q) =>
      h(
        'fieldset',
        { class: 'lesson-choice' },
        h('legend', { text: t(`choice.${q.id}` as MessageKey) }),
        ...q.options.map((o) => {
          const r = h('input', { attrs: { type: 'radio', name: `choice-${q.id}`, value: o } });
          r.addEventListener('change', () => (picked[q.id] = o));
          return h('label', { class: 'lesson-option' }, r, h('span', { text: t(`choice.${q.id}.${o}` as MessageKey) }));
        }),
      ),
    );
    return [...sets, h('button', { class: 'btn btn-primary', attrs: { type: 'button' }, t: 'lessons.submitChoices', on: { click: () => client?.send('choose', { answers: { ...picked } }) } })];
  }

  function trialCheck(c: TrialPrompt): Node[] {
    if (isLiveLesson(c.lesson)) {
      return [
        h('p', { class: 'lesson-find', text: t('lessons.liveCheckGoal', { target: String(c.target), budget: formatBudget(c.budget) }) }),
        h('p', { class: 'lesson-text', t: 'lessons.liveCheckHow' }),
        h('button', { class: 'btn btn-primary', attrs: { type: 'button' }, t: 'lessons.liveOpen', on: { click: () => openTraining() } }),
      ];
    }
    const goal = h('p', { class: 'lesson-find', text: t('lessons.trialGoal', { target: String(c.target), budget: String(c.budget), start: c.startError.toFixed(3) }) });
    const kind = h('select', { class: 'select', attrs: { 'aria-label': t('lessons.schedule') } }, ...(['constant', 'decay', 'warmup'] as const).map((k) => h('option', { attrs: { value: k }, text: t(`schedule.${k}` as MessageKey) })));
    const num = (key: MessageKey, value: string) => {
      const input = h('input', { class: 'text', attrs: { type: 'number', step: 'any', min: 0.0001, max: 100, value, 'aria-label': t(key) } });
      return { input, el: h('label', { class: 'lesson-field' }, h('span', { t: key }), input) };
    };
    const eta = num('lessons.eta', '0.5');
    const start = num('lessons.etaStart', '4');
    const end = num('lessons.etaEnd', '0.5');
    const peak = num('lessons.etaPeak', '4');
    const rule = h('select', { class: 'select', attrs: { 'aria-label': t('lessons.rule') } }, h('option', { attrs: { value: 'article' }, text: t('lessons.ruleArticle') }), h('option', { attrs: { value: 'exact' }, text: t('lessons.ruleExact') }));
    const show = () => {
      const k = kind.value;
      eta.el.hidden = k !== 'constant';
      start.el.hidden = k === 'constant';
      end.el.hidden = k === 'constant';
      peak.el.hidden = k !== 'warmup';
    };
    kind.addEventListener('change', show);
    show();
    const train = () => {
      const v = (i: HTMLInputElement) => Math.max(0.0001, Math.min(100, Number(i.value) || 0.0001));
      const b = c.budget;
      const schedule: Schedule =
        kind.value === 'constant'
          ? { kind: 'constant', eta: v(eta.input) }
          : kind.value === 'decay'
            ? { kind: 'decay', start: v(start.input), end: v(end.input), halfLife: Math.max(1, Math.round(b / 4)) }
            : { kind: 'warmup', start: v(start.input), peak: v(peak.input), end: v(end.input), rise: Math.max(1, Math.round(b / 5)), hold: Math.round(b / 2), settle: Math.max(1, Math.round(b / 5)) };
      client?.send('trial', c.pickRule ? { schedule, rule: rule.value === 'article' ? 'article' : 'exact' } : { schedule });
    };
    return [
      goal,
      h('div', { class: 'lesson-tool lesson-grid' }, h('label', { class: 'lesson-field' }, h('span', { t: 'lessons.schedule' }), kind), eta.el, start.el, peak.el, end.el, c.pickRule ? h('label', { class: 'lesson-field' }, h('span', { t: 'lessons.rule' }), rule) : null),
      h('button', { class: 'btn btn-primary', attrs: { type: 'button' }, t: 'lessons.train', on: { click: train } }),
    ];
  }

  function sigmoidCalculator(): HTMLElement {
    const input = h('input', { class: 'text', attrs: { type: 'text', inputmode: 'decimal', autocomplete: 'off', 'aria-label': t('lessons.calcLabel') } });
    const out = h('output', { class: 'math' });
    input.addEventListener('input', () => {
      const e = parseNumber(input.value);
      out.textContent = e === null ? '' : t('lessons.calcOut', { e: fmtAnswer(e), y: (1 / (1 + Math.exp(-e))).toFixed(4) });
    });
    return h('div', { class: 'lesson-calc lesson-row' }, h('label', { class: 'lesson-field' }, h('span', { t: 'lessons.calc' }), input), out);
  }

  // ---- messages from the host
  function onView(v: LessonView): void {
    if (v.lesson !== lesson) return;
    const fresh = !view || JSON.stringify(view.check) !== JSON.stringify(v.check);
    view = v;
    done = v.done;
    if (fresh && lastVerdict && !v.passed) lastVerdict = null;
    const active = document.activeElement;
    const keepFocus = active instanceof HTMLElement && content.contains(active) ? focusKey(active) : null;
    renderLesson(false);
    if (keepFocus) restoreFocus(keepFocus);
  }

  function onVerdict(v: LessonVerdict): void {
    lastVerdict = v;
  }

  function onSlope(s: SlopeReading): void {
    lastSlope = s;
    void nudged;
  }

  function onTrace(trace: StepTraceMessage): void {
    if (!stepping()) return;
    players[0].push(trace);
  }

  function onCompare(c: RuleComparisonMessage): void {
    if (lesson !== 'rules' || !stepping()) return;
    rowsOf.set(c.article.step, c.rows);
    players[0].push(c.article);
    players[1].push(c.exact);
  }

  function onRefusal(r: RefusalMessage): void {
    if (r.type === 'step') for (const p of players) p.refused();
    toasts.show(t('toast.refused', { type: r.type, reason: r.reason }));
  }

  // ---- the live training of a check (lesson 9)
  function openTraining(): void {
    if (!lesson || !isLiveLesson(lesson) || training) return;
    const id = lesson;
    clearSteps();
    training = createLessonTraining(prefs, id, {
      back: () => closeTraining(),
      failed: (reason) => {
        closeTraining();
        toasts.show(reason);
      },
    });
    for (const child of [topbar, listView, lessonView]) child.hidden = true;
    el.classList.add('lessons-training');
    el.append(training.el);
    training.focus();
  }

  function closeTraining(): void {
    if (!training) return;
    const tr = training;
    training = null;
    tr.dispose();
    tr.el.remove();
    el.classList.remove('lessons-training');
    topbar.hidden = false;
    lessonView.hidden = false;
    // The host may have marked the lesson done: ask for its view again.
    if (lesson) client?.send('open', { lesson });
    renderLesson(false);
    title.focus();
  }

  /** Which control had focus, so a re-render can put it back. */
  function focusKey(el: HTMLElement): string {
    return el.getAttribute('aria-label') ?? el.textContent ?? '';
  }

  function restoreFocus(key: string): void {
    for (const c of content.querySelectorAll<HTMLElement>('input, button, select')) {
      if (focusKey(c) === key) {
        c.focus();
        return;
      }
    }
  }

  // ---- scene
  let sceneStarting = false;
  async function ensureScene(): Promise<void> {
    if (scene || sceneStarting) return;
    sceneStarting = true;
    try {
      const made = await createNetworkScene(sceneHost, {
        onWeightDrag: (ref, value, finished) => {
          if (!onCheck() && finished) client?.send('setWeight', { layer: ref.layer, to: ref.to, from: ref.from, value: Math.max(-10, Math.min(10, value)) });
        },
        onPhase: () => undefined,
        onBeat,
      });
      if (disposed) {
        made.destroy();
        return;
      }
      scene = made;
      scene.setReducedMotion(prefs.reducedMotion);
      players[0].sceneReady();
      // Only the picture changes: the panel stays as it is (a control being pressed is not replaced).
      showOnScenes();
    } catch (err) {
      console.error('the network scene could not start', err);
      sceneNote.textContent = t('scene.unavailable');
      sceneNote.hidden = false;
    } finally {
      sceneStarting = false;
    }
  }
  /** Lesson 8's second picture: the same network, trained by the exact rule. */
  let exactScene: NetworkScene | null = null;
  let exactStarting = false;
  async function ensureExactScene(): Promise<void> {
    if (exactScene || exactStarting) return;
    exactStarting = true;
    try {
      const made = await createNetworkScene(exactHost, { onWeightDrag: () => undefined, onPhase: () => undefined, onBeat: onExactBeat });
      if (disposed) {
        made.destroy();
        return;
      }
      exactScene = made;
      exactScene.setReducedMotion(prefs.reducedMotion);
      players[1].sceneReady();
      showOnScenes();
    } catch (err) {
      console.error('the second network scene could not start', err);
    } finally {
      exactStarting = false;
    }
  }
  cleanups.push(
    prefs.onReducedMotion((on) => {
      scene?.setReducedMotion(on);
      exactScene?.setReducedMotion(on);
    }),
  );

  async function connect(): Promise<void> {
    try {
      const c = await connectLessons();
      if (disposed) {
        void c.leave();
        return;
      }
      client = c;
      cleanups.push(
        c.on('progress', (p) => {
          done = p.done;
          if (!lesson) renderList();
        }),
        c.on('lesson', onView),
        c.on('verdict', onVerdict),
        c.on('slope', onSlope),
        c.on('trace', onTrace),
        c.on('compare', onCompare),
        c.on('refused', onRefusal),
      );
    } catch (err) {
      console.error('could not join the lessons', err);
      toasts.show(t('conn.failed'));
    }
  }

  renderList();
  void connect();

  return {
    el,
    focus: () => topTitle.focus(),
    relabel() {
      training?.relabel?.();
      timeline.relabel();
      renderList();
      if (lesson) {
        const active = document.activeElement;
        const key = active instanceof HTMLElement && content.contains(active) ? focusKey(active) : null;
        renderLesson(false);
        if (key) restoreFocus(key);
      }
      toasts.relabel();
    },
    dispose() {
      disposed = true;
      for (const fn of cleanups) fn();
      lang.dispose();
      motion.dispose();
      toasts.clear();
      training?.dispose();
      training = null;
      for (const p of players) p.clear();
      scene?.destroy();
      scene = null;
      exactScene?.destroy();
      exactScene = null;
      void client?.leave().catch(() => undefined);
      client = null;
    },
  };
}

function parseNumber(s: string): number | null {
  const v = Number(s.trim().replace(/[−–]/g, '-').replace(',', '.'));
  return s.trim() !== '' && Number.isFinite(v) ? v : null;
}

function fmtAnswer(v: number): string {
  return (Math.round(v * 1000) / 1000).toString().replace('-', '−');
}

function formatBudget(n: number): string {
  return n.toLocaleString('en-US');
}

function fmtGiven(v: number): string {
  return Number.isInteger(v) ? fmtData(v) : fmt(v);
}

/** The error curve of a training run, with the target as a dashed line (log scale). */
function curveSvg(curve: readonly { step: number; error: number }[], target: number): SVGSVGElement {
  const NS = 'http://www.w3.org/2000/svg';
  const W = 320;
  const H = 90;
  const svg = document.createElementNS(NS, 'svg');
  svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
  svg.setAttribute('class', 'lesson-curve');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', t('lessons.curve'));
  const maxStep = Math.max(1, curve[curve.length - 1]?.step ?? 1);
  const lo = Math.log10(Math.min(target / 2, ...curve.map((p) => p.error).filter((e) => e > 0)));
  const hi = Math.log10(Math.max(0.2, ...curve.map((p) => p.error).filter(Number.isFinite)));
  const y = (e: number) => 6 + (H - 12) * (1 - (Math.log10(Math.max(e, 1e-9)) - lo) / (hi - lo || 1));
  const x = (s: number) => 4 + ((W - 8) * s) / maxStep;
  const line = document.createElementNS(NS, 'polyline');
  line.setAttribute('points', curve.filter((p) => Number.isFinite(p.error)).map((p) => `${x(p.step).toFixed(1)},${y(p.error).toFixed(1)}`).join(' '));
  line.setAttribute('class', 'curve-line');
  const goal = document.createElementNS(NS, 'line');
  goal.setAttribute('x1', '0');
  goal.setAttribute('x2', String(W));
  goal.setAttribute('y1', y(target).toFixed(1));
  goal.setAttribute('y2', y(target).toFixed(1));
  goal.setAttribute('class', 'curve-target');
  svg.append(goal, line);
  return svg;
}

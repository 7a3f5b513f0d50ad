/**
 * The Sandbox screen: free play on a network the player shapes.
 *
 *   top bar   back to the menu, title, connection, reduced motion, language
 *   stage     the network (the PixiJS scene), the caption of the phase being
 *             animated, the error chart and the input-plane map
 *   panel     training controls, every weight, the network's settings
 *
 * It joins a sandbox room through the client module, renders each snapshot,
 * animates each step trace in the scene, and turns the player's actions
 * (controls, keys, dragging in the scene) into intents.
 */
import { type ConnectionStatus, type GameClient, connectSandbox } from '../client.js';
import { LIMITS, type RefusalMessage, type SandboxSnapshot, type StepTraceMessage } from '../../core/protocol.js';
import { baseEta } from '../../core/schedule.js';
import { type BeatInfo, type NetworkScene, type PhaseCaption, type WeightRef, createNetworkScene } from '../scene/index.js';
import { type MessageKey, t } from '../i18n.js';
import { createBeatTimeline } from './beat-timeline.js';
import { type StepEnds, momentOf, stepEnds } from './moment.js';
import { StepPlayer } from './step-player.js';
import { h, isEditable, throttle } from './dom.js';
import { createErrorChart } from './error-chart.js';
import { createFileMenu } from './file-menu.js';
import { formatCount, formatEta } from './format.js';
import { createInputPlane } from './input-plane.js';
import type { Screen } from './menu.js';
import { createNetworkForm } from './network-form.js';
import type { Send } from './sandbox-types.js';
import { type Prefs, STEP_SECONDS } from './settings.js';
import { createToasts } from './toast.js';
import { createTrainingControls, speedText } from './training-controls.js';
import { createWeightsTable } from './weights-table.js';
import { icon, languageSwitch, reducedMotionSwitch } from './widgets.js';

/** At or below this speed the host sends a trace of every step, for the scene to animate. */
const ANIMATED_SPEED = 4;

const PHASE_TITLE: Record<PhaseCaption['phase'], MessageKey> = {
  forward: 'phase.forward',
  error: 'phase.error',
  backward: 'phase.backward',
  update: 'phase.update',
};

const STATUS_TEXT: Record<ConnectionStatus | 'connecting', MessageKey> = {
  connecting: 'conn.connecting',
  connected: 'conn.connected',
  reconnecting: 'conn.reconnecting',
  lost: 'conn.lost',
};

/** What a screen built on the sandbox changes: where it plays, its title, what it adds. */
export interface SandboxMode {
  /** Joins the room to play in; by default a fresh sandbox. */
  connect?(): Promise<GameClient>;
  /** The screen's name in the top bar. */
  title?: MessageKey;
  /** Where the top bar's back button goes, in words: its text and accessible name (by default the menu). */
  backTo?: { text: MessageKey; label: MessageKey };
  /** No File menu: the screen's network is not the player's to save or replace. */
  noFiles?: boolean;
  /** Shown at the top of the panel (a challenge's goal). */
  panelTop?: HTMLElement;
  /** Shown at the bottom of the panel. */
  panelBottom?: HTMLElement;
  /** Hears every snapshot after the screen has taken it. */
  onSnapshot?(s: SandboxSnapshot): void;
  /** Shown above the network (a race's goal, clock and place). */
  strip?: HTMLElement;
  /** The network's shape and data are fixed: its settings are not shown. */
  fixedNetwork?: boolean;
  /** Hears a refusal; true when it has shown it itself. */
  onRefusal?(r: RefusalMessage): boolean;
}

export function createSandbox(prefs: Prefs, actions: { back(): void }, mode: SandboxMode = {}): Screen {
  let client: GameClient | null = null;
  let scene: NetworkScene | null = null;
  let snap: SandboxSnapshot | null = null;
  let status: ConnectionStatus | 'connecting' = 'connecting';
  let disposed = false;
  const cleanups: (() => void)[] = [];

  const send: Send = (type, body) => {
    if (client && status === 'connected') client.send(type, body);
  };

  // ---- top bar
  const backButton = h(
    'button',
    { class: 'btn btn-ghost', attrs: { type: 'button' }, tAttrs: { 'aria-label': mode.backTo?.label ?? 'top.backLabel' }, on: { click: () => leave() } },
    icon('back'),
    h('span', { t: mode.backTo?.text ?? 'top.back' }),
  );
  const statusDot = h('span', { class: 'conn-dot', attrs: { 'aria-hidden': 'true' } });
  const statusText = h('span', { class: 'conn-text' });
  const statusPill = h('span', { class: 'conn', attrs: { role: 'status' }, tAttrs: { 'aria-label': 'conn.label' } }, statusDot, statusText);
  const lang = languageSwitch();
  const motion = reducedMotionSwitch(prefs, false);
  const files = createFileMenu({
    snapshot: () => snap,
    ready: () => status === 'connected' && snap !== null,
    send,
    notify: (text) => toasts.show(text),
    capture: async () => scene?.capture() ?? null,
  });
  const topbar = h(
    'header',
    { class: 'topbar' },
    backButton,
    h('h1', { class: 'topbar-title', attrs: { tabindex: -1 } }, h('span', { class: 'topbar-app', t: 'app.title' }), h('span', { class: 'topbar-sep', text: '/', attrs: { 'aria-hidden': 'true' } }), h('span', { t: mode.title ?? 'top.title' })),
    h('div', { class: 'topbar-spacer' }),
    ...(mode.noFiles ? [] : [files.el]),
    statusPill,
    h('div', { class: 'topbar-motion' }, motion.el),
    lang.el,
  );

  // ---- stage
  const bannerWhat = h('p', { class: 'banner-what' });
  const bannerTry = h('p', { class: 'banner-try' });
  const banner = h('div', { class: 'banner', attrs: { role: 'alert', hidden: true } }, icon('alert'), h('div', {}, bannerWhat, bannerTry));
  const sceneHost = h('div', { class: 'scene-host' });
  const sceneNote = h('p', { class: 'scene-note', attrs: { hidden: true } });
  const phaseTitle = h('span', { class: 'caption-phase' });
  const phaseFormula = h('code', { class: 'caption-formula' });
  const caption = h('div', { class: 'caption', attrs: { role: 'region', 'aria-live': 'polite' }, tAttrs: { 'aria-label': 'caption.label' } }, phaseTitle, phaseFormula);
  let currentCaption: PhaseCaption | null = null;
  /**
   * The output error of the last step the picture showed, which stays in the strip once the
   * step is over — as long as the network on screen is still the one that took it.
   */
  let lastError: { caption: PhaseCaption; text: string; step: number; key: string } | null = null;
  /** The beat in the picture, and the ends of the step it belongs to. */
  let beat: BeatInfo | null = null;
  let ends: StepEnds | null = null;
  /** How many blocks of the shown step's weights the picture has changed (all, once the step ended). */
  let updatedBlocks = 0;
  const timeline = createBeatTimeline((index) => {
    pauseForStepping();
    player.goTo(index);
  });

  const chart = createErrorChart();
  const plane = createInputPlane();
  const stage = h(
    'section',
    { class: 'stage' },
    mode.strip,
    banner,
    h('div', { class: 'scene-frame' }, sceneHost, sceneNote),
    caption,
    timeline.el,
    h('div', { class: 'insights' }, chart.el, plane.el),
  );

  // ---- panel
  const controls = createTrainingControls(send, {
    step: () => doStep(),
    play: () => doPlay(),
    pause: () => send('pause', {}),
    reset: () => doReset(),
    nextPhase: () => {
      pauseForStepping();
      if (!player.current && snap?.diverged) return;
      player.next();
    },
    prevPhase: () => {
      pauseForStepping();
      player.previous();
    },
  }, {
    min: STEP_SECONDS.min,
    max: STEP_SECONDS.max,
    get: () => prefs.stepSeconds,
    set: (seconds) => prefs.setStepSeconds(seconds),
  });
  const weights = createWeightsTable(send);
  const network = createNetworkForm(send);
  const panel = h('aside', { class: 'panel' }, ...(mode.panelTop ? [mode.panelTop] : []), controls.el, weights.el, mode.fixedNetwork ? null : network.el, ...(mode.panelBottom ? [mode.panelBottom] : []));

  // ---- failure to connect
  const failTitle = h('p', { class: 'fail-title', t: 'conn.failed' });
  const retry = h('button', { class: 'btn btn-primary', attrs: { type: 'button' }, t: 'conn.retry', on: { click: () => void connect() } });
  const failure = h('div', { class: 'fail', attrs: { role: 'alert', hidden: true } }, failTitle, h('p', { class: 'hint', t: 'conn.failedHint' }), retry);

  const toasts = createToasts();
  const el = h('div', { class: 'screen sandbox-screen' }, topbar, h('div', { class: 'sandbox-body' }, stage, panel), failure, toasts.el);

  // ---- rendering a snapshot
  let lastPanelAt = 0;
  let panelTimer: ReturnType<typeof setTimeout> | null = null;

  /** What names the network and its data: a step's caption is stale once any of it changes. */
  function networkKey(s: SandboxSnapshot): string {
    return `${s.layers.join(',')}|${s.activations.join(',')}|${s.bias}|${s.rule}|${s.seed}|${JSON.stringify(s.dataset)}`;
  }

  /** A caption of a step whose numbers overflowed says so in words, never "0 − — = 2.1e112". */
  function formulaText(c: PhaseCaption): string {
    const overflowed = ends?.trace.diverged;
    if (!/[—∞]|NaN/.test(c.formula) && !(overflowed && c.phase === 'update' && overflowed.where === 'weights')) return c.formula;
    const where = overflowed?.where === 'weights' ? 'phase.overflowWeights' : 'phase.overflowSignals';
    return t('phase.overflow', { what: t(where) });
  }

  function renderCaption(): void {
    // Read each phase aloud when the player steps; during play the captions change too fast to follow by ear.
    caption.setAttribute('aria-live', snap?.playing && !player.isHeld ? 'off' : 'polite');
    if (currentCaption && player.current) {
      // Which step the caption explains: with steps waiting, the picture may be behind the host.
      phaseTitle.textContent = `${t('error.step', { n: formatCount(player.current.step) })} · ${t(PHASE_TITLE[currentCaption.phase])}`;
      phaseFormula.textContent = formulaText(currentCaption);
      phaseFormula.hidden = false;
      caption.dataset.phase = currentCaption.phase;
      return;
    }
    const fast = !!snap?.playing && snap.speed > ANIMATED_SPEED;
    if (lastError && !fast && snap && lastError.step === snap.step && lastError.key === networkKey(snap)) {
      caption.dataset.phase = 'done';
      phaseTitle.textContent = t('phase.last');
      phaseFormula.textContent = lastError.text;
      phaseFormula.hidden = false;
      return;
    }
    delete caption.dataset.phase;
    phaseFormula.hidden = true;
    phaseFormula.textContent = '';
    phaseTitle.textContent = snap && fast ? t('phase.fast', { speed: speedText(snap.speed) }) : t('phase.idle');
  }

  /** The host's state as of the moment in the picture (see moment.ts). */
  function shownState(): SandboxSnapshot | null {
    if (!snap) return null;
    if (ends && player.current === ends.trace) return momentOf(snap, ends, updatedBlocks);
    return snap;
  }

  function renderBanner(): void {
    const d = shownState()?.diverged;
    if (!d || !snap) {
      banner.hidden = true;
      return;
    }
    bannerWhat.textContent = t('diverged.what', { step: formatCount(d.step) });
    bannerTry.textContent = t('diverged.try', { eta: formatEta(baseEta(snap.schedule)) });
    banner.hidden = false;
  }

  /** The panel, chart and map; at most ten times a second while playing. */
  function renderPanel(): void {
    panelTimer = null;
    lastPanelAt = performance.now();
    // Between two steps of the queue, or while a step is on its way, the panel keeps the moment it shows.
    if (player.busy && !player.current) return;
    const s = shownState();
    if (!s) return;
    controls.update(s);
    weights.update(s, !s.playing && !prefs.reducedMotion);
    network.update(s);
    chart.update(s.history);
    plane.update(s);
    renderBanner();
    if (!currentCaption) renderCaption();
  }

  function schedulePanel(): void {
    if (panelTimer) return;
    const wait = 100 - (performance.now() - lastPanelAt);
    if (wait <= 0 || !snap?.playing) renderPanel();
    else panelTimer = setTimeout(renderPanel, wait);
  }

  // ---- the scene: show snapshots, play every step trace (step-player.ts)
  let sceneFrame = 0;

  /**
   * How long a step plays on its own: the player's slow-motion pace, or, in slow play, a little
   * less than the time between steps. Reduced motion keeps the same time, in still frames.
   */
  function stepDuration(): number {
    const speed = snap?.speed ?? 1;
    const playingSlowly = !!snap?.playing && speed <= ANIMATED_SPEED;
    const ms = playingSlowly ? 0.9 * (1000 / Math.max(LIMITS.minSpeed, speed)) : prefs.stepSeconds * 1000;
    return Math.max(60, ms);
  }

  const player = new StepPlayer({
    scene: () => scene,
    stepDuration,
    requestStep: () => send('step', {}),
    onIdle: () => showScene(),
    onStepChange(trace) {
      ends = trace && snap ? stepEnds(snap, trace) : null;
      updatedBlocks = 0;
      if (!trace) {
        beat = null;
        currentCaption = null;
        timeline.show(null, [], false);
        controls.setStepShown(false);
      }
      if (trace || !player.busy) renderPanel();
      renderCaption();
    },
  });

  function showScene(): void {
    if (!scene || !snap || player.busy) return;
    if (sceneFrame) return;
    sceneFrame = requestAnimationFrame(() => {
      sceneFrame = 0;
      if (scene && snap && !player.busy) scene.show(snap);
    });
  }

  function onTrace(trace: StepTraceMessage): void {
    // Every step is shown, in order; a trace that comes before the scene is ready plays as soon as it is.
    player.push(trace);
  }

  function onBeat(info: BeatInfo | null): void {
    const before = updatedBlocks;
    beat = info;
    updatedBlocks = info ? info.updatedBlocks : Infinity;
    if (info?.caption) currentCaption = info.caption;
    // The output error stays in the strip after the step, even if a slow frame went past its beat.
    if (info && snap && ends) {
      for (let k = info.index; k >= 0; k--) {
        const c = info.beats[k].caption;
        if (c?.phase === 'error') {
          lastError = { caption: c, text: formulaText(c), step: ends.trace.step, key: networkKey(snap) };
          break;
        }
      }
    }
    timeline.show(info, snap?.layers ?? [], snap?.bias ?? false);
    controls.setStepShown(info !== null);
    renderCaption();
    if (updatedBlocks !== before) renderPanel();
  }

  /** Stepping phase by phase stops play: the host would otherwise run on ahead of the picture. */
  function pauseForStepping(): void {
    if (snap?.playing) send('pause', {});
  }

  function onSnapshot(s: SandboxSnapshot): void {
    const first = snap === null;
    const changed = snap !== null && networkKey(snap) !== networkKey(s);
    snap = s;
    if (first) setEnabled(true);
    if (changed) {
      // A new network or dataset: the steps of the old one are not shown any more.
      player.clear();
      lastError = null;
    }
    if (s.playing && s.speed > ANIMATED_SPEED && player.isHeld) player.release();
    schedulePanel();
    showScene();
    mode.onSnapshot?.(s);
  }

  function onRefusal(r: RefusalMessage): void {
    if (r.type === 'step') player.refused();
    if (mode.onRefusal?.(r)) return;
    // The host's reasons often begin with the message type, which the toast already names.
    const reason = r.reason.startsWith(`${r.type}: `) ? r.reason.slice(r.type.length + 2) : r.reason;
    toasts.show(t('toast.refused', { type: r.type, reason }));
  }

  function onStatus(next: ConnectionStatus | 'connecting'): void {
    status = next;
    statusText.textContent = t(STATUS_TEXT[next]);
    statusPill.dataset.state = next;
    setEnabled(next === 'connected' && snap !== null);
  }

  function setEnabled(on: boolean): void {
    controls.setEnabled(on);
    weights.setEnabled(on);
    network.setEnabled(on);
  }

  // ---- actions
  function doStep(): void {
    // Inside a held step, Step plays the rest of it; otherwise it asks the host for one more.
    if (player.playOn()) return;
    if (!snap || snap.diverged) return;
    player.requestStep();
  }

  function doPlay(): void {
    player.release();
    send('play', {});
  }

  function doReset(): void {
    player.clear();
    lastError = null;
    renderCaption();
    send('reset', {});
  }

  const sendDrag = throttle((ref: WeightRef, value: number) => send('setWeight', { layer: ref.layer, to: ref.to, from: ref.from, value }), 80);

  function onWeightDrag(ref: WeightRef, value: number, done: boolean): void {
    if (!Number.isFinite(value)) return;
    const v = Math.max(-LIMITS.maxWeight, Math.min(LIMITS.maxWeight, value));
    weights.showLocal(ref.layer, ref.to, ref.from, v);
    sendDrag(ref, v);
    if (done) sendDrag.flush();
  }

  function onPhase(): void {
    // The captions come with their beats (onBeat).
  }

  function onKey(ev: KeyboardEvent): void {
    if (ev.defaultPrevented || ev.ctrlKey || ev.metaKey || ev.altKey || isEditable(ev.target)) return;
    if (!snap || status !== 'connected') return;
    const onButton = ev.target instanceof HTMLElement && ['BUTTON', 'A', 'SUMMARY'].includes(ev.target.tagName);
    if (ev.key === ' ' && !onButton) {
      ev.preventDefault();
      if (snap.playing) send('pause', {});
      else if (!snap.diverged) doPlay();
    } else if (ev.key === 'ArrowRight') {
      ev.preventDefault();
      doStep();
    } else if (ev.key === 'ArrowDown' || ev.key === 'n' || ev.key === 'N') {
      ev.preventDefault();
      if (!controls.nextPhaseButton.disabled) controls.nextPhaseButton.click();
    } else if (ev.key === 'ArrowUp' || ev.key === 'p' || ev.key === 'P') {
      ev.preventDefault();
      if (!controls.prevPhaseButton.disabled) controls.prevPhaseButton.click();
    } else if (ev.key === 'r' || ev.key === 'R') {
      ev.preventDefault();
      doReset();
    }
  }
  document.addEventListener('keydown', onKey);
  cleanups.push(() => document.removeEventListener('keydown', onKey));

  // ---- connecting
  async function connect(): Promise<void> {
    failure.hidden = true;
    onStatus('connecting');
    try {
      const c = await (mode.connect ?? connectSandbox)();
      if (disposed) {
        void c.leave();
        return;
      }
      client = c;
      cleanups.push(c.onSnapshot(onSnapshot), c.onTrace(onTrace), c.onRefusal(onRefusal), c.onStatus(onStatus));
      onStatus('connected');
      if (c.snapshot) onSnapshot(c.snapshot);
    } catch (err) {
      if (disposed) return;
      console.error('could not join the sandbox', err);
      onStatus('lost');
      failure.hidden = false;
      retry.focus();
    }
  }

  async function startScene(): Promise<void> {
    try {
      const made = await createNetworkScene(sceneHost, { onWeightDrag, onPhase, onBeat });
      if (disposed) {
        made.destroy();
        return;
      }
      scene = made;
      scene.setReducedMotion(prefs.reducedMotion);
      if (snap) scene.show(snap);
      player.sceneReady();
    } catch (err) {
      console.error('the network scene could not start', err);
      sceneNote.textContent = t('scene.unavailable');
      sceneNote.hidden = false;
    }
  }

  cleanups.push(prefs.onReducedMotion((on) => scene?.setReducedMotion(on)));

  /** After a language change (main.ts has already re-labelled the static texts). */
  function relabel(): void {
    controls.relabel();
    weights.relabel();
    network.relabel();
    chart.relabel();
    plane.relabel();
    toasts.relabel();
    statusText.textContent = t(STATUS_TEXT[status]);
    timeline.relabel();
    renderCaption();
    renderBanner();
    if (!sceneNote.hidden) sceneNote.textContent = t('scene.unavailable');
  }

  function leave(): void {
    actions.back();
  }

  const onResize = () => scene?.resize();
  const sceneResize = new ResizeObserver(onResize);
  sceneResize.observe(sceneHost);
  cleanups.push(() => sceneResize.disconnect());

  setEnabled(false);
  renderCaption();
  void connect();
  void startScene();

  return {
    el,
    // Focus starts on the screen's title: screen readers announce where the player is, and Tab goes on from there.
    focus: () => (topbar.querySelector('h1') as HTMLElement).focus(),
    relabel,
    command: (c) => files.run(c),
    dispose() {
      disposed = true;
      files.dispose();
      for (const fn of cleanups) fn();
      if (panelTimer) clearTimeout(panelTimer);
      if (sceneFrame) cancelAnimationFrame(sceneFrame);
      sendDrag.cancel();
      controls.dispose();
      chart.dispose();
      plane.dispose();
      lang.dispose();
      motion.dispose();
      toasts.clear();
      scene?.destroy();
      scene = null;
      void client?.leave().catch(() => undefined);
      client = null;
    },
  };
}

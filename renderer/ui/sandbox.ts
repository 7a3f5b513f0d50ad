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
import { type NetworkScene, type PhaseCaption, type WeightRef, createNetworkScene } from '../scene/index.js';
import { type MessageKey, t } from '../i18n.js';
import { h, isEditable, throttle } from './dom.js';
import { createErrorChart } from './error-chart.js';
import { formatCount, formatEta } from './format.js';
import { createInputPlane } from './input-plane.js';
import type { Screen } from './menu.js';
import { createNetworkForm } from './network-form.js';
import type { Send } from './sandbox-types.js';
import type { Prefs } from './settings.js';
import { createToasts } from './toast.js';
import { createTrainingControls, speedText } from './training-controls.js';
import { createWeightsTable } from './weights-table.js';
import { icon, languageSwitch, reducedMotionSwitch } from './widgets.js';

/** At or below this speed the host sends a trace of every step, for the scene to animate. */
const ANIMATED_SPEED = 4;
/** How long one step takes to animate after pressing Step. */
const STEP_MS = 4000;
const STEP_MS_REDUCED = 1200;

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
    { class: 'btn btn-ghost', attrs: { type: 'button' }, tAttrs: { 'aria-label': 'top.backLabel' }, on: { click: () => leave() } },
    icon('back'),
    h('span', { t: 'top.back' }),
  );
  const statusDot = h('span', { class: 'conn-dot', attrs: { 'aria-hidden': 'true' } });
  const statusText = h('span', { class: 'conn-text' });
  const statusPill = h('span', { class: 'conn', attrs: { role: 'status' }, tAttrs: { 'aria-label': 'conn.label' } }, statusDot, statusText);
  const lang = languageSwitch();
  const motion = reducedMotionSwitch(prefs, false);
  const topbar = h(
    'header',
    { class: 'topbar' },
    backButton,
    h('h1', { class: 'topbar-title', attrs: { tabindex: -1 } }, h('span', { class: 'topbar-app', t: 'app.title' }), h('span', { class: 'topbar-sep', text: '/', attrs: { 'aria-hidden': 'true' } }), h('span', { t: mode.title ?? 'top.title' })),
    h('div', { class: 'topbar-spacer' }),
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
  const caption = h('div', { class: 'caption', attrs: { 'aria-live': 'polite' } }, phaseTitle, phaseFormula);
  let currentCaption: PhaseCaption | null = null;
  /** The output error of the last animated step, which stays in the strip once the animation is over. */
  let lastError: PhaseCaption | null = null;

  const chart = createErrorChart();
  const plane = createInputPlane();
  const stage = h(
    'section',
    { class: 'stage' },
    mode.strip,
    banner,
    h('div', { class: 'scene-frame' }, sceneHost, sceneNote),
    caption,
    h('div', { class: 'insights' }, chart.el, plane.el),
  );

  // ---- panel
  const controls = createTrainingControls(send, {
    step: () => doStep(),
    play: () => send('play', {}),
    pause: () => send('pause', {}),
    reset: () => doReset(),
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

  function renderCaption(): void {
    // Read each phase aloud when the player steps; during play the captions change too fast to follow by ear.
    caption.setAttribute('aria-live', snap?.playing ? 'off' : 'polite');
    if (currentCaption) {
      phaseTitle.textContent = t(PHASE_TITLE[currentCaption.phase]);
      phaseFormula.textContent = currentCaption.formula;
      phaseFormula.hidden = false;
      caption.dataset.phase = currentCaption.phase;
      return;
    }
    const fast = !!snap?.playing && snap.speed > ANIMATED_SPEED;
    if (lastError && !fast) {
      caption.dataset.phase = 'done';
      phaseTitle.textContent = t('phase.last');
      phaseFormula.textContent = lastError.formula;
      phaseFormula.hidden = false;
      return;
    }
    delete caption.dataset.phase;
    phaseFormula.hidden = true;
    phaseFormula.textContent = '';
    phaseTitle.textContent = snap && fast ? t('phase.fast', { speed: speedText(snap.speed) }) : t('phase.idle');
  }

  function renderBanner(): void {
    const d = snap?.diverged;
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
    const s = snap;
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

  // ---- the scene: show snapshots, animate traces
  let animating = false;
  let queued: StepTraceMessage | null = null;
  /** Until this time, snapshots wait for the trace of a Step that was just sent. */
  let holdSceneUntil = 0;
  let sceneFrame = 0;

  function showScene(): void {
    if (!scene || !snap || animating || performance.now() < holdSceneUntil) return;
    if (sceneFrame) return;
    sceneFrame = requestAnimationFrame(() => {
      sceneFrame = 0;
      if (scene && snap && !animating) scene.show(snap);
    });
  }

  function stepDuration(): number {
    const speed = snap?.speed ?? 1;
    const playingSlowly = !!snap?.playing;
    let ms = playingSlowly ? 0.9 * (1000 / Math.max(LIMITS.minSpeed, speed)) : STEP_MS;
    if (prefs.reducedMotion) ms = Math.min(ms, STEP_MS_REDUCED);
    return Math.max(60, ms);
  }

  async function animate(): Promise<void> {
    if (animating || !scene) return;
    animating = true;
    try {
      while (queued && scene && !disposed) {
        const trace = queued;
        queued = null;
        await scene.playStep(trace, { durationMs: stepDuration() });
      }
    } catch (err) {
      console.error('scene animation failed', err);
    } finally {
      animating = false;
      holdSceneUntil = 0;
      showScene();
    }
  }

  function onTrace(trace: StepTraceMessage): void {
    // Only the newest step waits its turn: if the host is ahead, skip the ones in between.
    // A trace that comes before the scene is ready plays as soon as it is.
    queued = trace;
    void animate();
  }

  function onSnapshot(s: SandboxSnapshot): void {
    const first = snap === null;
    snap = s;
    if (first) setEnabled(true);
    schedulePanel();
    showScene();
    mode.onSnapshot?.(s);
  }

  function onRefusal(r: RefusalMessage): void {
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
    if (!snap || snap.diverged) return;
    holdSceneUntil = performance.now() + 1500;
    send('step', {});
  }

  function doReset(): void {
    queued = null;
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

  function onPhase(c: PhaseCaption | null): void {
    currentCaption = c;
    if (c?.phase === 'error') lastError = c;
    renderCaption();
  }

  function onKey(ev: KeyboardEvent): void {
    if (ev.defaultPrevented || ev.ctrlKey || ev.metaKey || ev.altKey || isEditable(ev.target)) return;
    if (!snap || status !== 'connected') return;
    const onButton = ev.target instanceof HTMLElement && ['BUTTON', 'A', 'SUMMARY'].includes(ev.target.tagName);
    if (ev.key === ' ' && !onButton) {
      ev.preventDefault();
      if (snap.playing) send('pause', {});
      else if (!snap.diverged) send('play', {});
    } else if (ev.key === 'ArrowRight') {
      ev.preventDefault();
      doStep();
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
      const made = await createNetworkScene(sceneHost, { onWeightDrag, onPhase });
      if (disposed) {
        made.destroy();
        return;
      }
      scene = made;
      scene.setReducedMotion(prefs.reducedMotion);
      if (snap) scene.show(snap);
      if (queued) void animate();
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
    dispose() {
      disposed = true;
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

/**
 * The training controls: the learning rate η and its schedule, Step / Play /
 * Pause / Reset, the speed, and the "Error" status. Each control sends one
 * intent; what they show comes back from the host in the next snapshot.
 *
 * Accessible names are DESIGN.md's ("Learning rate (η)", "η schedule",
 * "Step", "Play", "Pause", "Reset", "Speed", "Error"), in the current language.
 */
import { LIMITS, type SandboxSnapshot } from '../../core/protocol.js';
import { type Schedule, type ScheduleKind, SCHEDULE_KINDS, baseEta, defaultSchedule, etaAt, scheduleSchema, withBaseEta } from '../../core/schedule.js';
import { type MessageKey, t } from '../i18n.js';
import { freshId, h, throttle } from './dom.js';
import { formatCount, formatError, formatEta, speedParts } from './format.js';
import type { Send } from './sandbox-types.js';
import { icon } from './widgets.js';

/** The speeds the speed slider stops at, in steps per second: log-spaced, round numbers. */
export const SPEEDS = [0.2, 0.25, 1 / 3, 0.5, 1, 2, 3, 4, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 20_000] as const;

/** The η slider's value is log10(η), so every decade gets the same room. */
const ETA_MIN_EXP = Math.log10(LIMITS.minEta);
const ETA_MAX_EXP = Math.log10(LIMITS.maxEta);

/** η from the slider, rounded to two significant digits (0.5, 0.12, 2.4). */
export function etaFromSlider(exp: number): number {
  const v = Math.pow(10, exp);
  return Math.min(LIMITS.maxEta, Math.max(LIMITS.minEta, Number(v.toPrecision(2))));
}

export function speedText(stepsPerSecond: number): string {
  const p = speedParts(stepsPerSecond);
  if (p.kind === 'slow') return t('speed.slow', { s: p.seconds });
  if (p.kind === 'one') return t('speed.one');
  return t('speed.fast', { n: p.n });
}

function nearestSpeedIndex(speed: number): number {
  let best = 0;
  for (let k = 1; k < SPEEDS.length; k++) {
    if (Math.abs(Math.log(SPEEDS[k] / speed)) < Math.abs(Math.log(SPEEDS[best] / speed))) best = k;
  }
  return best;
}

/** The parameters each schedule kind has, beyond its kind, with their labels. */
const PARAMS: { [K in ScheduleKind]: { key: string; label: MessageKey; whole: boolean }[] } = {
  constant: [],
  decay: [
    { key: 'start', label: 'schedule.start', whole: false },
    { key: 'end', label: 'schedule.end', whole: false },
    { key: 'halfLife', label: 'schedule.halfLife', whole: true },
  ],
  warmup: [
    { key: 'start', label: 'schedule.start', whole: false },
    { key: 'peak', label: 'schedule.peak', whole: false },
    { key: 'end', label: 'schedule.end', whole: false },
    { key: 'rise', label: 'schedule.rise', whole: true },
    { key: 'hold', label: 'schedule.hold', whole: true },
    { key: 'settle', label: 'schedule.settle', whole: true },
  ],
};

const KIND_LABEL: Record<ScheduleKind, MessageKey> = {
  constant: 'schedule.constant',
  decay: 'schedule.decay',
  warmup: 'schedule.warmup',
};

const KIND_HINT: Record<ScheduleKind, MessageKey> = {
  constant: 'schedule.constantHint',
  decay: 'schedule.decayHint',
  warmup: 'schedule.warmupHint',
};

/** A fresh schedule of a kind that keeps the player's current main η. */
function scheduleOfKind(kind: ScheduleKind, base: number): Schedule {
  const s = defaultSchedule(kind, base);
  if (s.kind === 'decay') return { ...s, start: base, end: Number((base / 16).toPrecision(2)) };
  if (s.kind === 'warmup') return withBaseEta({ ...s, start: base / 20, end: base / 20 }, base);
  return s;
}

/** How many steps the schedule preview shows. */
function horizon(s: Schedule): number {
  if (s.kind === 'decay') return Math.max(10, s.halfLife * 5);
  if (s.kind === 'warmup') return Math.max(10, Math.round((s.rise + s.hold + s.settle) * 1.15));
  return 1000;
}

export interface TrainingControls {
  readonly el: HTMLElement;
  readonly stepButton: HTMLButtonElement;
  readonly playButton: HTMLButtonElement;
  readonly pauseButton: HTMLButtonElement;
  readonly resetButton: HTMLButtonElement;
  readonly nextPhaseButton: HTMLButtonElement;
  readonly prevPhaseButton: HTMLButtonElement;
  update(s: SandboxSnapshot): void;
  /** Whether a step stands in the picture, so that "Previous phase" has somewhere to go. */
  setStepShown(shown: boolean): void;
  setEnabled(on: boolean): void;
  relabel(): void;
  dispose(): void;
}

export interface TrainingActions {
  step(): void;
  play(): void;
  pause(): void;
  reset(): void;
  nextPhase(): void;
  prevPhase(): void;
}

/** The slow-motion pace, in seconds per step, as the player's settings keep it. */
export interface Pace {
  readonly min: number;
  readonly max: number;
  get(): number;
  set(seconds: number): void;
}

/** How far one arrow key moves η (a factor), and Page Up / Page Down (a factor of 10). */
export const ETA_KEY_FACTOR = 1.25;

/** η after a key on its slider: ×1.25 or ÷1.25 per arrow, ×10 or ÷10 per page; null for other keys. */
export function etaAfterKey(eta: number, key: string): number | null {
  const exp = Math.log10(eta);
  const step = Math.log10(ETA_KEY_FACTOR);
  const by: Record<string, number> = { ArrowRight: step, ArrowUp: step, ArrowLeft: -step, ArrowDown: -step, PageUp: 1, PageDown: -1 };
  if (!(key in by)) return null;
  let next = etaFromSlider(exp + by[key]);
  // Rounding to two digits must never leave η where it was.
  if (next === eta && eta > LIMITS.minEta && eta < LIMITS.maxEta) next = etaFromSlider(exp + 2 * by[key]);
  return next;
}

export function createTrainingControls(send: Send, actions: TrainingActions, pace: Pace): TrainingControls {
  let snap: SandboxSnapshot | null = null;
  let enabled = false;
  let stepShown = false;

  // η
  const etaValue = h('span', { class: 'value-readout' });
  const etaNow = h('span', { class: 'value-aside' });
  const etaSlider = h('input', {
    class: 'range',
    attrs: { type: 'range', min: ETA_MIN_EXP, max: ETA_MAX_EXP, step: 0.01, id: freshId('eta') },
    tAttrs: { 'aria-label': 'eta.label' },
  });
  let etaTouched = 0;
  const sendEta = throttle((eta: number) => send('setEta', { eta }), 120);
  etaSlider.addEventListener('input', () => {
    etaTouched = performance.now();
    const eta = etaFromSlider(Number(etaSlider.value));
    showEta(eta);
    sendEta(eta);
  });
  etaSlider.addEventListener('change', () => sendEta.flush());
  etaSlider.addEventListener('keydown', (ev) => {
    const current = etaFromSlider(Number(etaSlider.value));
    const next = etaAfterKey(current, ev.key);
    if (next === null) return;
    ev.preventDefault();
    etaTouched = performance.now();
    etaSlider.value = String(Math.log10(next));
    showEta(next);
    sendEta(next);
    sendEta.flush();
  });

  // schedule
  const kindHint = h('p', { class: 'hint', attrs: { id: freshId('schedule-hint') } });
  const kindSelect = h('select', { class: 'select', attrs: { id: freshId('schedule'), 'aria-describedby': kindHint.id }, tAttrs: { 'aria-label': 'schedule.label' } });
  for (const kind of SCHEDULE_KINDS) kindSelect.append(h('option', { t: KIND_LABEL[kind], attrs: { value: kind } }));
  kindSelect.addEventListener('change', () => {
    const kind = kindSelect.value as ScheduleKind;
    const base = snap ? baseEta(snap.schedule) : 0.5;
    const schedule = scheduleOfKind(kind, base);
    buildParams(schedule);
    send('setSchedule', { schedule });
  });
  const paramsBox = h('div', { class: 'schedule-params' });
  const paramsError = h('p', { class: 'field-error', attrs: { role: 'alert', hidden: true } });
  const paramInputs = new Map<string, HTMLInputElement>();
  let paramsKind: ScheduleKind | null = null;

  const preview = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  preview.setAttribute('class', 'schedule-preview');
  preview.setAttribute('viewBox', '0 0 200 36');
  preview.setAttribute('preserveAspectRatio', 'none');
  preview.setAttribute('aria-hidden', 'true');
  const previewLine = document.createElementNS('http://www.w3.org/2000/svg', 'polyline');
  const previewDot = document.createElementNS('http://www.w3.org/2000/svg', 'line');
  previewLine.setAttribute('class', 'schedule-curve');
  previewDot.setAttribute('class', 'schedule-now');
  preview.append(previewLine, previewDot);

  function buildParams(s: Schedule): void {
    paramsKind = s.kind;
    kindHint.dataset.i18n = KIND_HINT[s.kind];
    kindHint.textContent = t(KIND_HINT[s.kind]);
    paramsBox.replaceChildren();
    paramInputs.clear();
    paramsError.hidden = true;
    const values = s as unknown as Record<string, number>;
    for (const p of PARAMS[s.kind]) {
      const id = freshId('sp');
      const input = h('input', {
        class: 'number',
        attrs: { type: 'number', id, step: p.whole ? 1 : 'any', min: p.whole ? (p.key === 'hold' ? 0 : 1) : 0, inputmode: p.whole ? 'numeric' : 'decimal' },
      });
      input.value = p.whole ? String(values[p.key]) : formatEta(values[p.key]);
      input.addEventListener('change', commitParams);
      input.addEventListener('keydown', (ev) => {
        if (ev.key === 'Enter') commitParams();
      });
      paramInputs.set(p.key, input);
      paramsBox.append(h('label', { class: 'mini-field', attrs: { for: id } }, h('span', { t: p.label }), input));
    }
    paramsBox.hidden = PARAMS[s.kind].length === 0;
    preview.style.display = s.kind === 'constant' ? 'none' : '';
  }

  function commitParams(): void {
    if (!paramsKind || paramsKind === 'constant') return;
    const body: Record<string, unknown> = { kind: paramsKind };
    for (const [key, input] of paramInputs) body[key] = input.value.trim() === '' ? NaN : Number(input.value);
    const parsed = scheduleSchema.safeParse(body);
    for (const input of paramInputs.values()) input.removeAttribute('aria-invalid');
    if (!parsed.success) {
      const bad = parsed.error.issues[0]?.path[0];
      if (typeof bad === 'string') paramInputs.get(bad)?.setAttribute('aria-invalid', 'true');
      paramsError.textContent = t('schedule.invalid');
      paramsError.hidden = false;
      return;
    }
    paramsError.hidden = true;
    send('setSchedule', { schedule: parsed.data });
  }

  // Step, Play, Pause, Reset
  const button = (key: MessageKey, iconName: Parameters<typeof icon>[0], onClick: () => void, extra = '') =>
    h('button', { class: `btn ${extra}`, attrs: { type: 'button' }, on: { click: onClick } }, icon(iconName), h('span', { t: key }));
  const stepButton = button('btn.step', 'step', () => actions.step());
  const playButton = button('btn.play', 'play', () => actions.play(), 'btn-primary');
  const pauseButton = button('btn.pause', 'pause', () => actions.pause(), 'btn-primary');
  const resetButton = button('btn.reset', 'reset', () => actions.reset(), 'btn-small');
  const prevPhaseButton = button('btn.prevPhase', 'prevPhase', () => actions.prevPhase());
  const nextPhaseButton = button('btn.nextPhase', 'nextPhase', () => actions.nextPhase());
  prevPhaseButton.setAttribute('aria-keyshortcuts', 'ArrowUp P');
  nextPhaseButton.setAttribute('aria-keyshortcuts', 'ArrowDown N');

  // slow-motion pace: seconds per step
  const paceSlider = h('input', {
    class: 'range',
    attrs: { type: 'range', min: pace.min, max: pace.max, step: 1, id: freshId('pace') },
    tAttrs: { 'aria-label': 'pace.label' },
  });
  const paceValue = h('span', { class: 'value-readout' });
  function showPace(seconds: number): void {
    const text = t('pace.valuetext', { s: seconds });
    paceSlider.setAttribute('aria-valuetext', text);
    paceValue.textContent = text;
  }
  paceSlider.value = String(pace.get());
  paceSlider.addEventListener('input', () => {
    const seconds = Number(paceSlider.value);
    pace.set(seconds);
    showPace(seconds);
  });

  // speed
  const speedSlider = h('input', {
    class: 'range',
    attrs: { type: 'range', min: 0, max: SPEEDS.length - 1, step: 1, id: freshId('speed') },
    tAttrs: { 'aria-label': 'speed.label' },
  });
  const speedValue = h('span', { class: 'value-readout' });
  let speedTouched = 0;
  const sendSpeed = throttle((stepsPerSecond: number) => send('setSpeed', { stepsPerSecond }), 150);
  speedSlider.addEventListener('input', () => {
    speedTouched = performance.now();
    const sps = SPEEDS[Number(speedSlider.value)] ?? 1;
    showSpeed(sps);
    sendSpeed(sps);
  });
  speedSlider.addEventListener('change', () => sendSpeed.flush());

  // Error status
  const errorStatus = h('div', { class: 'error-status', attrs: { role: 'status' }, tAttrs: { 'aria-label': 'error.label' } });
  const stepCount = h('span', { class: 'step-count' });
  let lastStatusAt = 0;
  let statusTimer: ReturnType<typeof setTimeout> | null = null;

  function showEta(eta: number): void {
    const text = t('eta.valuetext', { eta: formatEta(eta) });
    etaSlider.setAttribute('aria-valuetext', text);
    etaValue.textContent = text;
  }

  function showSpeed(sps: number): void {
    const text = speedText(sps);
    speedSlider.setAttribute('aria-valuetext', text);
    speedValue.textContent = text;
  }

  function renderStatus(): void {
    statusTimer = null;
    lastStatusAt = performance.now();
    if (!snap) {
      errorStatus.textContent = t('error.value', { train: formatError(null) });
      stepCount.textContent = t('error.step', { n: 0 });
      return;
    }
    const train = t('error.value', { train: formatError(snap.trainError) });
    errorStatus.replaceChildren(h('span', { class: 'error-train', text: train }));
    if (snap.testError !== null) {
      errorStatus.append(' ', h('span', { class: 'error-test', text: t('error.test', { test: formatError(snap.testError) }) }));
    }
    stepCount.textContent = t('error.step', { n: formatCount(snap.step) });
    // While playing, the value changes many times a second: let screen readers read it when asked, not on every change.
    errorStatus.setAttribute('aria-live', snap.playing ? 'off' : 'polite');
  }

  function scheduleStatus(): void {
    if (statusTimer) return;
    const wait = 200 - (performance.now() - lastStatusAt);
    if (wait <= 0 || !snap?.playing) renderStatus();
    else statusTimer = setTimeout(renderStatus, wait);
  }

  function renderPreview(s: SandboxSnapshot): void {
    const sch = s.schedule;
    if (sch.kind === 'constant') return;
    const n = horizon(sch);
    let max = 0;
    const pts: [number, number][] = [];
    for (let k = 0; k <= 60; k++) {
      const step = (k / 60) * n;
      const v = etaAt(sch, step);
      pts.push([step, v]);
      if (v > max) max = v;
    }
    const sx = (step: number) => (step / n) * 200;
    const sy = (v: number) => 33 - (max > 0 ? (v / max) * 30 : 0);
    previewLine.setAttribute('points', pts.map(([a, b]) => `${sx(a).toFixed(1)},${sy(b).toFixed(1)}`).join(' '));
    const at = Math.min(s.step, n);
    previewDot.setAttribute('x1', sx(at).toFixed(1));
    previewDot.setAttribute('x2', sx(at).toFixed(1));
    previewDot.setAttribute('y1', '0');
    previewDot.setAttribute('y2', '36');
  }

  function syncEnabled(): void {
    const playing = snap?.playing ?? false;
    const stopped = !!snap?.diverged;
    const wasFocused = document.activeElement;
    etaSlider.disabled = !enabled;
    kindSelect.disabled = !enabled;
    for (const input of paramInputs.values()) input.disabled = !enabled;
    speedSlider.disabled = !enabled;
    stepButton.disabled = !enabled || stopped;
    nextPhaseButton.disabled = !enabled || (stopped && !stepShown);
    prevPhaseButton.disabled = !enabled || !stepShown;
    paceSlider.disabled = !enabled;
    playButton.disabled = !enabled || playing || stopped;
    pauseButton.disabled = !enabled || !playing;
    resetButton.disabled = !enabled;
    // A button that just turned itself off hands focus to its partner, so the keyboard never falls off the page.
    if (wasFocused === playButton && playButton.disabled && !pauseButton.disabled) pauseButton.focus();
    else if (wasFocused === pauseButton && pauseButton.disabled && !playButton.disabled) playButton.focus();
    else if ((wasFocused === playButton || wasFocused === stepButton || wasFocused === pauseButton) && (wasFocused as HTMLButtonElement).disabled) resetButton.focus();
  }

  // The key hint breaks only between its parts, never inside one.
  const keysHint = h('p', { class: 'hint keys-hint' });
  const showKeys = () => keysHint.replaceChildren(...t('keys.hint').split(' · ').flatMap((part, k) => [k > 0 ? ' · ' : '', h('span', { class: 'nowrap', text: part })]));
  showKeys();

  const el = h(
    'section',
    { class: 'panel-section training', attrs: { 'aria-labelledby': 'training-heading' } },
    h('div', { class: 'section-head' }, h('h2', { class: 'section-title', t: 'train.heading', attrs: { id: 'training-heading' } }), resetButton),
    h('div', { class: 'status-row' }, errorStatus, stepCount),
    h('div', { class: 'button-row' }, stepButton, playButton, pauseButton),
    h('div', { class: 'button-row phase-row' }, prevPhaseButton, nextPhaseButton),
    h(
      'div',
      { class: 'field' },
      h('div', { class: 'field-head' }, h('label', { t: 'eta.label', attrs: { for: etaSlider.id } }), h('span', { class: 'field-values' }, etaValue, etaNow)),
      etaSlider,
    ),
    h('div', { class: 'field' }, h('label', { t: 'schedule.label', attrs: { for: kindSelect.id } }), kindSelect, kindHint, paramsBox, paramsError, preview),
    h('div', { class: 'field' }, h('div', { class: 'field-head' }, h('label', { t: 'speed.label', attrs: { for: speedSlider.id } }), speedValue), speedSlider),
    h('div', { class: 'field' }, h('div', { class: 'field-head' }, h('label', { t: 'pace.label', attrs: { for: paceSlider.id } }), paceValue), paceSlider),
    keysHint,
  );

  buildParams(scheduleOfKind('constant', 0.5));
  etaSlider.value = String(Math.log10(0.5));
  speedSlider.value = String(nearestSpeedIndex(1));
  showEta(0.5);
  showSpeed(1);
  showPace(pace.get());
  renderStatus();
  syncEnabled();

  return {
    el,
    stepButton,
    playButton,
    pauseButton,
    resetButton,
    nextPhaseButton,
    prevPhaseButton,
    setStepShown(shown) {
      if (shown === stepShown) return;
      stepShown = shown;
      syncEnabled();
    },
    update(s) {
      snap = s;
      const now = performance.now();
      const base = baseEta(s.schedule);
      if (!(document.activeElement === etaSlider && now - etaTouched < 1500)) {
        etaSlider.value = String(Math.log10(Math.min(LIMITS.maxEta, Math.max(LIMITS.minEta, base))));
        showEta(base);
      }
      etaNow.textContent = s.schedule.kind === 'constant' ? '' : t('eta.now', { eta: formatEta(s.eta) });
      if (!(document.activeElement === speedSlider && now - speedTouched < 1500)) {
        speedSlider.value = String(nearestSpeedIndex(s.speed));
        showSpeed(s.speed);
      }
      if (document.activeElement !== kindSelect) kindSelect.value = s.schedule.kind;
      if (paramsKind !== s.schedule.kind) buildParams(s.schedule);
      else {
        const values = s.schedule as unknown as Record<string, number>;
        for (const p of PARAMS[s.schedule.kind]) {
          const input = paramInputs.get(p.key);
          if (input && document.activeElement !== input && input.getAttribute('aria-invalid') !== 'true') {
            input.value = p.whole ? String(values[p.key]) : formatEta(values[p.key]);
          }
        }
      }
      renderPreview(s);
      scheduleStatus();
      syncEnabled();
    },
    setEnabled(on) {
      enabled = on;
      syncEnabled();
    },
    relabel() {
      if (snap) {
        showEta(baseEta(snap.schedule));
        showSpeed(snap.speed);
        etaNow.textContent = snap.schedule.kind === 'constant' ? '' : t('eta.now', { eta: formatEta(snap.eta) });
      } else {
        showEta(etaFromSlider(Number(etaSlider.value)));
        showSpeed(SPEEDS[Number(speedSlider.value)] ?? 1);
      }
      if (paramsError.hidden === false) paramsError.textContent = t('schedule.invalid');
      showKeys();
      showPace(Number(paceSlider.value));
      renderStatus();
    },
    dispose() {
      sendEta.cancel();
      sendSpeed.cancel();
      if (statusTimer) clearTimeout(statusTimer);
    },
  };
}

/**
 * The network scene: owns the Pixi application inside the host element,
 * builds the views once per network shape (and size), copies snapshots (or
 * a lesson's picture) into them, plays a step's trace beat by beat, lights
 * parts through highlight.ts, and turns pointer input into hover tooltips
 * and weight drags. It never changes the simulation: drags
 * are reported through the callbacks, and the next snapshot is drawn.
 */
import 'pixi.js/unsafe-eval';
import { Application, BitmapFont } from 'pixi.js';
import type { HighlightPart } from '../../core/lessons/highlight.js';
import type { LessonPicture } from '../../core/lessons/picture.js';
import type { SandboxSnapshot, StepTraceMessage } from '../../core/protocol.js';
import { installCanvasFixes } from './canvas-fixes.js';
import { type Notation, type PhaseCaption, notationFor, updateCaption } from './captions.js';
import { Decor, paperStyle } from './decor.js';
import { EdgeLayer } from './edges.js';
import { type HalfFillFactory, PathHalf, SpriteHalf } from './half-fill.js';
import { Highlight } from './highlight.js';
import { type RendererKind, chooseRenderer, tuneForRenderer } from './gpu.js';
import { fmt, fmtData, fmtSigned } from './format.js';
import { type SceneLayout, computeLayout, distanceToEdge } from './layout.js';
import { type NeuronState, NeuronLayer } from './neurons.js';
import { PulseLayer } from './pulses.js';
import { StrokeMesh } from './stroke-mesh.js';
import { StrokeCanvas } from './stroke-canvas.js';
import type { StrokesFactory } from './strokes.js';
import { SceneTextures } from './textures.js';
import { BITMAP, BITMAP_CHARS, COLORS, FONT_SANS } from './theme.js';
import {
  type TimedBeat,
  FORWARD_WINDOW,
  backwardWindow,
  beatAt,
  buildTimeline,
  ease,
  progress,
} from './timeline.js';
import { Tooltip } from './tooltip.js';
import { type Details, type ViewValues, detailsFromSnapshot, detailsFromTrace, valuesFromSnapshot, valuesFromTrace } from './values.js';

export interface WeightRef {
  layer: number;
  to: number;
  from: number;
}

export interface SceneCallbacks {
  onWeightDrag(ref: WeightRef, value: number, done: boolean): void;
  onPhase(caption: PhaseCaption | null): void;
  /** The beat the picture shows changed (or, with null, the step ended). */
  onBeat?(beat: BeatInfo | null): void;
}

/** Where the picture is within a step's beats. */
export interface BeatInfo {
  /** The step being shown (the trace's number, from 1). */
  step: number;
  /** Index into `beats` of the beat in the picture. */
  index: number;
  /** The step's beats; the last one (the settle) is never held. */
  beats: readonly TimedBeat[];
  caption: PhaseCaption | null;
  /** How many blocks of weights the picture already shows changed (0 … layers − 1). */
  updatedBlocks: number;
  /** Whether the picture stands still on this beat until told to go on. */
  held: boolean;
}

/** Largest |w| a drag may set (core/protocol.ts LIMITS.maxWeight). */
const MAX_WEIGHT = 10;
/** Drag reports at most this often (ms). */
const DRAG_INTERVAL = 50;
/** How long a dragged value is shown before a snapshot confirms it (ms). */
const OVERRIDE_GRACE = 1500;

type Hit = { kind: 'neuron'; l: number; j: number } | { kind: 'input'; i: number } | { kind: 'edge'; k: number };

interface Running {
  trace: StepTraceMessage;
  timeline: TimedBeat[];
  start: number;
  duration: number;
  resolve: () => void;
  /** Index of the last beat whose caption went out. */
  emitted: number;
  /** The beat the picture stands still on, or null while the step plays on. */
  held: number | null;
  /** The beat and updated blocks last reported through onBeat. */
  reportedBeat: number;
  reportedBlocks: number;
  lastFormula: string | null;
  fwdTravel: number[];
  fillBeat: number[][];
  fillSpan: [number, number][];
  errorSpan: [number, number];
  bwdTravel: number[];
  sumBeat: number[][];
  sumSpan: [number, number][];
  update: number[];
  settle: number;
  /** Per weight: what it carries back, w·δ (article) or w·f'(e)·δ (exact). */
  contribution: Float64Array;
  /** Per block: the largest |contribution| and |w·y|. */
  maxBack: number[];
  maxForward: number[];
  /** Per weight: whether a forward dot / an error pulse travels on it (dense blocks show their strongest only). */
  dotOn: Uint8Array;
  dartOn: Uint8Array;
  safety: ReturnType<typeof setTimeout> | null;
}

interface Drag {
  k: number;
  pointerId: number;
  lastY: number;
  raw: number;
  value: number;
  start: number;
  lastEmit: number;
  timer: ReturnType<typeof setTimeout> | null;
}

/**
 * Where the scene reads the time. Only the dev page and tests replace it
 * (to hold an animation still at a chosen moment); nothing else should.
 */
export const sceneClock = { now: (): number => performance.now() };

let fontsInstalled = false;

function installFonts(): void {
  if (fontsInstalled) return;
  const resolution = Math.max(2, Math.ceil(window.devicePixelRatio || 1));
  BitmapFont.install({
    name: BITMAP.valueBold,
    style: { fontFamily: FONT_SANS, fontSize: 14, fontWeight: '700', fill: 0xffffff },
    chars: BITMAP_CHARS,
    resolution,
    padding: 4,
  });
  // The weights' names on their labels: one atlas for all of them, not a texture each.
  BitmapFont.install({
    name: BITMAP.nameItalic,
    style: { fontFamily: FONT_SANS, fontSize: 14, fontStyle: 'italic', fill: 0xffffff },
    chars: BITMAP_CHARS,
    resolution,
    padding: 4,
  });
  fontsInstalled = true;
}

export class Scene {
  private readonly root: HTMLDivElement;
  private readonly app: Application;
  private readonly tooltip: Tooltip;
  private readonly decor: Decor;
  private readonly textures: SceneTextures;
  private readonly edges: EdgeLayer;
  private readonly neurons: NeuronLayer;
  private readonly pulses: PulseLayer;
  private readonly highlight: Highlight;
  private readonly observer: ResizeObserver;
  private layout: SceneLayout | null = null;
  private names: Notation | null = null;
  private shapeKey = '';
  private snapshot: SandboxSnapshot | null = null;
  private snapshotDetails: Details | null | undefined;
  private shown: ViewValues | null = null;
  private trace: StepTraceMessage | null = null;
  private anim: Running | null = null;
  private reduced: boolean;
  private readonly override = new Map<number, number>();
  private overrideUntil = 0;
  private drag: Drag | null = null;
  private hover: Hit | null = null;
  private pointer = { x: 0, y: 0, inside: false };
  private frame = 0;
  private size = { w: 0, h: 0 };
  private destroyed = false;

  static async create(host: HTMLElement, callbacks: SceneCallbacks): Promise<Scene> {
    const root = document.createElement('div');
    root.className = 'network-scene';
    const s = root.style;
    s.position = 'relative';
    s.width = '100%';
    s.height = '100%';
    s.overflow = 'hidden';
    s.userSelect = 'none';
    s.touchAction = 'none';
    paperStyle(root);
    host.appendChild(root);
    installFonts();
    installCanvasFixes();
    const app = new Application();
    const kind = chooseRenderer();
    const { w, h } = hostSize(host);
    await app.init({
      width: w,
      height: h,
      // No multisampling: everything is a sprite of a small texture drawn once with antialiasing.
      antialias: false,
      resolution: window.devicePixelRatio || 1,
      autoDensity: true,
      autoStart: false,
      sharedTicker: false,
      // The paper is the root element's CSS background: software renderers pay for every pixel drawn.
      backgroundAlpha: 0,
      preference: kind,
      eventFeatures: { move: false, globalMove: false, click: false, wheel: false },
    });
    tuneForRenderer(app);
    // What ran, for tests and bug reports: PixiJS falls back to the 2D canvas if WebGL fails.
    const used: RendererKind = app.renderer.name === 'canvas' ? 'canvas' : 'webgl';
    root.dataset.renderer = used;
    app.canvas.style.display = 'block';
    app.canvas.setAttribute('aria-hidden', 'true');
    root.appendChild(app.canvas);
    return new Scene(host, root, app, callbacks, { w, h }, used);
  }

  private constructor(
    private readonly host: HTMLElement,
    root: HTMLDivElement,
    app: Application,
    private readonly callbacks: SceneCallbacks,
    canvasSize: { w: number; h: number },
    renderer: RendererKind,
  ) {
    this.root = root;
    this.app = app;
    this.tooltip = new Tooltip(root);
    this.reduced = typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
    app.stage.eventMode = 'none';
    this.textures = new SceneTextures(app.renderer);
    // The marks that change shape every frame are drawn the way the renderer draws best.
    const canvas = renderer === 'canvas';
    const resolution = app.renderer.resolution || 1;
    const makeStrokes: StrokesFactory = canvas
      ? (segs, dash) => new StrokeCanvas(segs, dash, resolution)
      : (segs, dash) => new StrokeMesh(segs, dash, 1 / resolution);
    const makeHalfFill: HalfFillFactory = canvas
      ? (r, side, x, y) => new PathHalf(r, side, x, y)
      : (r, side, x, y) => new SpriteHalf(this.textures, r, side, x, y);
    this.edges = new EdgeLayer(this.textures, makeStrokes);
    this.neurons = new NeuronLayer(this.textures, makeHalfFill);
    this.pulses = new PulseLayer(this.textures);
    this.decor = new Decor(this.textures);
    this.highlight = new Highlight(root);
    app.stage.addChild(
      this.neurons.back,
      this.edges.halos,
      this.edges.lines,
      this.edges.trails,
      this.edges.labels,
      this.neurons.fills,
      this.neurons.front,
      this.decor.front,
      this.neurons.marks,
      this.pulses.root,
    );
    const c = app.canvas;
    c.addEventListener('pointermove', this.onPointerMove);
    c.addEventListener('pointerdown', this.onPointerDown);
    c.addEventListener('pointerup', this.onPointerUp);
    c.addEventListener('pointercancel', this.onPointerUp);
    c.addEventListener('pointerleave', this.onPointerLeave);
    // The size the canvas was made at, which may already be stale: the host can get its layout
    // while the renderer starts. The observer's first report then fits the canvas to the host.
    this.size = canvasSize;
    this.observer = new ResizeObserver(() => this.resize());
    this.observer.observe(host);
  }

  // ——— public API ———

  show(snapshot: SandboxSnapshot): void {
    if (this.destroyed) return;
    this.snapshot = snapshot;
    this.snapshotDetails = undefined;
    const key = shapeKeyOf(snapshot.layers, snapshot.bias);
    if (key !== this.shapeKey) {
      if (this.anim) this.finish();
      this.shapeKey = key;
      this.names = notationFor(snapshot.layers, snapshot.bias);
      this.override.clear();
      if (this.drag?.timer) clearTimeout(this.drag.timer);
      this.drag = null;
      this.trace = null;
      this.rebuild();
    }
    this.settleOverrides(snapshot.weights);
    if (this.anim) {
      if (snapshot.playing) this.finish();
      return;
    }
    this.applySteady(valuesFromSnapshot(snapshot));
    this.refreshTooltip();
    this.requestFrame();
  }

  /**
   * A lesson's picture: the values it shows, "?" for the ones it asks
   * (null in the picture), nothing for the ones it leaves out (false).
   */
  showPicture(p: LessonPicture): void {
    if (this.destroyed) return;
    if (this.anim) this.finish();
    this.snapshot = null;
    this.snapshotDetails = undefined;
    this.trace = null;
    const key = shapeKeyOf(p.layers, false);
    if (key !== this.shapeKey) {
      this.shapeKey = key;
      this.names = notationFor(p.layers, false);
      this.override.clear();
      this.rebuild();
    }
    const lay = this.layout;
    if (!lay) return;
    const asNumber = (v: number | null | false): number | null => (v === false ? null : v === null ? NaN : v);
    const sizes = lay.sizes;
    const L = sizes.length;
    const weights = p.weights;
    this.shown = { weights, biases: [], e: p.e.map((v) => asNumber(v) ?? 0), y: p.y.map((v) => asNumber(v) ?? 0), z: p.z.map((v) => asNumber(v) ?? NaN) };
    this.edges.setWeights(weights, this.override);
    this.edges.clearTrails();
    this.edges.clearFlashes();
    this.pulses.clear();
    this.neurons.setInputs(p.y.slice(0, sizes[0]).map((v) => asNumber(v) ?? NaN));
    let k = sizes[0];
    for (let l = 1; l < L; l++) {
      for (let j = 0; j < sizes[l]; j++, k++) {
        const d = p.delta[k];
        this.neurons.setNeuron(l, j, {
          e: asNumber(p.e[k]),
          y: asNumber(p.y[k]),
          eLevel: 1,
          yLevel: 1,
          delta: d === false ? null : asNumber(d),
          deltaAlpha: d === false ? 0 : 1,
          ring: 0,
          ringColor: COLORS.ink,
          pop: 0,
        });
      }
    }
    const out = k - sizes[L - 1];
    for (let j = 0; j < sizes[L - 1]; j++) {
      const y = asNumber(p.y[out + j]);
      const z = asNumber(p.z[j] ?? false);
      const d = p.delta[out + j];
      this.neurons.setCard(j, y, z, d === false ? null : asNumber(d), 0);
    }
    this.refreshTooltip();
    this.requestFrame();
  }

  /** Lights these parts and dims the rest; an empty list shows everything alike. */
  setHighlight(parts: readonly HighlightPart[]): void {
    if (this.destroyed) return;
    this.highlight.set(parts);
  }

  playStep(trace: StepTraceMessage, options: { durationMs: number; hold?: number }): Promise<void> {
    if (this.anim) this.finish();
    const names = this.names;
    const lay = this.layout;
    if (this.destroyed || !names || !lay || !fitsShape(trace, lay.sizes)) return Promise.resolve();
    this.trace = trace;
    const duration = Math.max(0, options.durationMs);
    return new Promise<void>((resolve) => {
      const a = this.prepare(trace, names, duration, resolve);
      this.anim = a;
      if (options.hold !== undefined) {
        this.holdBeat(options.hold);
        return;
      }
      if (duration <= 0) {
        this.finish();
        return;
      }
      this.armSafety(a);
      this.requestFrame();
    });
  }

  /** The beat the picture shows now, or −1 when no step is shown. */
  beatNow(): number {
    const a = this.anim;
    if (!a) return -1;
    return a.held ?? beatAt(a.timeline, this.rawProgress(a, sceneClock.now()));
  }

  /** How many beats of the running step can be held (all but the closing settle), or 0. */
  beatCount(): number {
    return this.anim ? this.anim.timeline.length - 1 : 0;
  }

  /** Stands the picture still on beat `index` of the running step, caption and all. */
  holdBeat(index: number): void {
    const a = this.anim;
    if (!a) return;
    if (a.safety) clearTimeout(a.safety);
    a.safety = null;
    a.held = Math.max(0, Math.min(a.timeline.length - 2, Math.round(index)));
    this.renderAnimation(sceneClock.now());
    this.requestFrame();
  }

  /** Plays the held step on from its beat, over what is left of `durationMs` (its whole duration by default). */
  resumeStep(durationMs?: number): void {
    const a = this.anim;
    if (!a) return;
    const now = sceneClock.now();
    const at = this.rawProgress(a, now);
    if (durationMs !== undefined) a.duration = Math.max(1, durationMs);
    a.start = now - at * a.duration;
    a.held = null;
    if (a.safety) clearTimeout(a.safety);
    this.armSafety(a);
    this.requestFrame();
  }

  /** Ends the shown step at once, in its final state. */
  endStep(): void {
    this.finish();
  }

  /** Progress (0 … 1) through the step: where its held beat stands, or where the clock has got to. */
  private rawProgress(a: Running, now: number): number {
    if (a.held !== null) return stillPoint(a.timeline[a.held]);
    return a.duration > 0 ? Math.min(1, (now - a.start) / a.duration) : 1;
  }

  /** Ends an animation whose frames stopped coming (a hidden page gets no animation frames). */
  private armSafety(a: Running): void {
    a.safety = setTimeout(() => {
      if (this.anim !== a || a.held !== null) return;
      if (sceneClock.now() - a.start >= a.duration) {
        this.renderAnimation(sceneClock.now());
        this.app.render();
      } else this.armSafety(a);
    }, Math.max(100, a.start + a.duration - sceneClock.now() + 400));
  }

  setReducedMotion(on: boolean): void {
    this.reduced = on;
    this.requestFrame();
  }

  /** The picture as it is now, as PNG on the scene's paper (for "Export screenshot…" in a browser). */
  capture(): Promise<Blob | null> {
    if (this.destroyed) return Promise.resolve(null);
    const canvas = this.app.renderer.extract.canvas({ target: this.app.stage, frame: this.app.screen, clearColor: COLORS.background }) as HTMLCanvasElement;
    return new Promise((resolve) => canvas.toBlob((blob) => resolve(blob), 'image/png'));
  }

  resize(): void {
    if (this.destroyed) return;
    const { w, h } = hostSize(this.host);
    if (w === this.size.w && h === this.size.h && this.layout) return;
    this.size = { w, h };
    this.app.renderer.resize(w, h);
    if (this.names) {
      this.rebuild();
      if (this.anim) this.renderAnimation(sceneClock.now());
      else if (this.shown) this.applySteady(this.shown);
    }
    this.requestFrame();
  }

  destroy(): void {
    if (this.destroyed) return;
    if (this.anim) this.finish();
    this.destroyed = true;
    cancelAnimationFrame(this.frame);
    this.observer.disconnect();
    if (this.drag?.timer) clearTimeout(this.drag.timer);
    const c = this.app.canvas;
    c.removeEventListener('pointermove', this.onPointerMove);
    c.removeEventListener('pointerdown', this.onPointerDown);
    c.removeEventListener('pointerup', this.onPointerUp);
    c.removeEventListener('pointercancel', this.onPointerUp);
    c.removeEventListener('pointerleave', this.onPointerLeave);
    this.tooltip.destroy();
    this.highlight.destroy();
    this.edges.destroy();
    this.neurons.destroy();
    this.pulses.destroy();
    this.decor.destroy();
    this.textures.destroy();
    this.app.destroy({ removeView: true }, { children: true });
    this.root.remove();
  }

  // ——— building and the steady view ———

  private rebuild(): void {
    const names = this.names!;
    this.layout = computeLayout(names.sizes, this.size.w, this.size.h);
    this.edges.clear();
    this.neurons.clear();
    this.textures.clearShapes();
    this.decor.build(this.layout);
    this.edges.build(this.layout, names);
    this.neurons.build(this.layout, names);
    this.pulses.clear();
    this.hover = null;
    this.tooltip.hide();
    this.highlight.relayout(this.layout);
  }

  private applySteady(v: ViewValues): void {
    const lay = this.layout;
    if (!lay) return;
    this.shown = v;
    const sizes = lay.sizes;
    const L = sizes.length;
    this.edges.setWeights(v.weights, this.override);
    this.edges.clearTrails();
    this.edges.clearFlashes();
    this.pulses.clear();
    this.neurons.setInputs(v.y ? sliceOf(v.y, 0, sizes[0]) : null);
    let k = sizes[0];
    for (let l = 1; l < L; l++) {
      for (let j = 0; j < sizes[l]; j++, k++) {
        this.neurons.setNeuron(l, j, {
          e: v.e ? v.e[k] : null,
          y: v.y ? v.y[k] : null,
          eLevel: 1,
          yLevel: 1,
          delta: null,
          deltaAlpha: 0,
          ring: 0,
          ringColor: COLORS.ink,
          pop: 0,
        });
      }
    }
    const out = k - sizes[L - 1];
    for (let j = 0; j < sizes[L - 1]; j++) {
      const y = v.y ? v.y[out + j] : null;
      const z = v.z ? v.z[j] : null;
      this.neurons.setCard(j, y, z, y !== null && z !== null ? z - y : null, 0);
    }
  }

  /** Drops dragged values once a snapshot shows them (or after a grace period). */
  private settleOverrides(weights: ArrayLike<number>): void {
    if (this.override.size === 0 || this.drag) return;
    const now = performance.now();
    for (const [k, v] of this.override) {
      if (Math.abs(weights[k] - v) < 5e-4 || now > this.overrideUntil) this.override.delete(k);
    }
  }

  // ——— the slow-motion step ———

  private prepare(trace: StepTraceMessage, names: Notation, duration: number, resolve: () => void): Running {
    const timeline = buildTimeline(names, trace);
    const sizes = names.sizes;
    const L = sizes.length;
    const fwdTravel: number[] = new Array(L).fill(-1);
    const fillBeat: number[][] = sizes.map((n) => new Array(n).fill(-1));
    const fillSpan: [number, number][] = sizes.map(() => [2, -1] as [number, number]);
    const bwdTravel: number[] = new Array(L).fill(-1);
    const sumBeat: number[][] = sizes.map((n) => new Array(n).fill(-1));
    const sumSpan: [number, number][] = sizes.map(() => [2, -1] as [number, number]);
    const update: number[] = new Array(L).fill(-1);
    let errorSpan: [number, number] = [2, -1];
    let settle = timeline.length - 1;
    timeline.forEach((tb, idx) => {
      const b = tb.beat;
      switch (b.kind) {
        case 'forward-travel':
          fwdTravel[b.layer] = idx;
          break;
        case 'forward-fill':
          for (const j of b.neurons) fillBeat[b.layer][j] = idx;
          widen(fillSpan[b.layer], tb);
          break;
        case 'error':
          errorSpan = [Math.min(errorSpan[0], tb.start), Math.max(errorSpan[1], tb.end)];
          break;
        case 'backward-travel':
          bwdTravel[b.layer] = idx;
          break;
        case 'backward-sum':
          for (const i of b.neurons) sumBeat[b.layer][i] = idx;
          widen(sumSpan[b.layer], tb);
          break;
        case 'update':
          update[b.block] = idx;
          break;
        case 'settle':
          settle = idx;
          break;
      }
    });
    const exact = trace.rule === 'exact';
    const contribution = new Float64Array(trace.weightsBefore.length);
    const maxBack: number[] = [];
    const maxForward: number[] = [];
    const dotOn = new Uint8Array(trace.weightsBefore.length);
    const dartOn = new Uint8Array(trace.weightsBefore.length);
    for (let l = 0; l < L - 1; l++) {
      let mb = 1e-12;
      let mf = 1e-12;
      const carried: number[] = [];
      for (let j = 0; j < sizes[l + 1]; j++) {
        const kj = names.neuron(l + 1, j);
        const back = exact ? trace.dfde[kj] * trace.delta[kj] : trace.delta[kj];
        for (let i = 0; i < sizes[l]; i++) {
          const k = names.weightIndex(l, j, i);
          const c = trace.weightsBefore[k] * back;
          contribution[k] = c;
          mb = Math.max(mb, Math.abs(c));
          const f = Math.abs(trace.weightsBefore[k] * trace.y[names.neuron(l, i)]);
          carried[k - names.weightOffset[l]] = f;
          mf = Math.max(mf, f);
        }
      }
      maxBack.push(mb);
      maxForward.push(mf);
      const start = names.weightOffset[l];
      const count = sizes[l] * sizes[l + 1];
      markStrongest(dotOn, start, carried, PULSES_PER_BLOCK);
      markStrongest(
        dartOn,
        start,
        Array.from(contribution.subarray(start, start + count), (c) => Math.abs(c)),
        PULSES_PER_BLOCK,
      );
    }
    return {
      trace,
      timeline,
      start: sceneClock.now(),
      duration,
      resolve,
      emitted: -1,
      held: null,
      reportedBeat: -1,
      reportedBlocks: -1,
      lastFormula: null,
      fwdTravel,
      fillBeat,
      fillSpan,
      errorSpan,
      bwdTravel,
      sumBeat,
      sumSpan,
      update,
      settle,
      contribution,
      maxBack,
      maxForward,
      dotOn,
      dartOn,
      safety: null,
    };
  }

  /** Ends the running animation (done or cut short) and returns to the steady view. */
  private finish(): void {
    const a = this.anim;
    if (!a) return;
    this.anim = null;
    if (a.safety) clearTimeout(a.safety);
    this.edges.clearTrails();
    this.edges.clearFlashes();
    this.pulses.clear();
    this.callbacks.onPhase(null);
    this.callbacks.onBeat?.(null);
    const snap = this.snapshot;
    if (snap && snap.step >= a.trace.step && fitsShape(a.trace, snap.layers)) this.applySteady(valuesFromSnapshot(snap));
    else this.applySteady(valuesFromTrace(a.trace));
    this.refreshTooltip();
    this.requestFrame();
    a.resolve();
  }

  /** Draws the animation as it is at time `now`. */
  private renderAnimation(now: number): void {
    const a = this.anim;
    const lay = this.layout;
    const names = this.names;
    if (!a || !lay || !names) return;
    const raw = this.rawProgress(a, now);
    const tl = a.timeline;
    const current = beatAt(tl, raw);
    // Held, or with reduced motion: still frames, one per beat, each showing its beat's outcome.
    const still = a.held !== null || this.reduced;
    const t = still ? stillPoint(tl[current]) : raw;
    const tr = a.trace;
    const sizes = lay.sizes;
    const L = sizes.length;

    // Captions: every beat's, in order, even when a slow frame skips a beat; a step back says its own.
    if (current < a.emitted) {
      a.emitted = current;
      const c = tl[current].caption;
      if (c) {
        a.lastFormula = c.formula;
        this.callbacks.onPhase(c);
      }
    }
    for (let b = a.emitted + 1; b <= current; b++) {
      const c = tl[b].caption;
      if (c && c.formula !== a.lastFormula) {
        a.lastFormula = c.formula;
        this.callbacks.onPhase(c);
      }
      a.emitted = b;
    }
    let updatedBlocks = 0;
    for (let l = 0; l < L - 1; l++) {
      const ub = a.update[l];
      if (ub >= 0 && t >= (tl[ub].start + tl[ub].end) / 2) updatedBlocks++;
    }
    if (current !== a.reportedBeat || updatedBlocks !== a.reportedBlocks) {
      a.reportedBeat = current;
      a.reportedBlocks = updatedBlocks;
      this.callbacks.onBeat?.({ step: tr.step, index: current, beats: tl, caption: tl[current].caption, updatedBlocks, held: a.held !== null });
    }

    const within = (idx: number): number => (idx < 0 ? 0 : progress(t, tl[idx].start, tl[idx].end));
    const envelope = (u: number): number => {
      if (u <= 0 || u >= 1) return 0;
      if (still) return 1;
      return Math.sin(Math.PI * u);
    };

    // Inputs glow while their signals set off.
    this.neurons.setInputs(tr.x, 0.9 * envelope(within(a.fwdTravel[1])));

    // Neurons: e and y fill in their forward beat; δ gathers in the backward pass.
    const settleU = within(a.settle);
    for (let l = 1; l < L; l++) {
      const travel = l < L - 1 ? a.bwdTravel[l] : -1;
      const travelU = within(travel);
      for (let j = 0; j < sizes[l]; j++) {
        const k = names.neuron(l, j);
        const fb = a.fillBeat[l][j];
        const u = within(fb);
        const started = fb >= 0 && t >= tl[fb].start;
        let eLevel: number;
        let yLevel: number;
        if (!started) eLevel = yLevel = 0;
        else if (still) {
          eLevel = 1;
          yLevel = u >= 0.5 ? 1 : 0;
        } else {
          eLevel = ease(progress(u, 0, 0.45));
          yLevel = ease(progress(u, 0.5, 0.95));
        }
        const state: NeuronState = {
          e: eLevel > 0.35 ? tr.e[k] : null,
          y: yLevel > 0.35 ? tr.y[k] : null,
          eLevel,
          yLevel,
          delta: null,
          deltaAlpha: 0,
          ring: 0,
          ringColor: COLORS.forward,
          pop: 0,
        };
        if (fb >= 0 && t >= tl[fb].start && t < tl[fb].end) state.ring = 0.9 * envelope(u);

        if (l === L - 1) {
          if (t >= a.errorSpan[0]) {
            state.delta = tr.delta[k];
            state.deltaAlpha = Math.min(1, progress(t, a.errorSpan[0], a.errorSpan[0] + (a.errorSpan[1] - a.errorSpan[0]) * 0.3));
            if (t < a.errorSpan[1]) {
              state.ring = 0.9 * envelope(progress(t, a.errorSpan[0], a.errorSpan[1]));
              state.ringColor = COLORS.backward;
            }
          }
        } else if (travel >= 0 && t >= tl[travel].start) {
          // Sum the pulses that have arrived so far.
          const n = sizes[l + 1];
          let sum = 0;
          let arrived = 0;
          let pop = 0;
          for (let jj = 0; jj < n; jj++) {
            const [, end] = backwardWindow(jj, n);
            if (travelU >= end || t >= tl[travel].end) {
              sum += a.contribution[names.weightIndex(l, jj, j)];
              arrived++;
              if (!still) pop = Math.max(pop, 1 - (travelU - end) / 0.1);
            }
          }
          if (arrived > 0) {
            state.delta = arrived === n ? tr.delta[k] : sum;
            state.deltaAlpha = 1;
            state.pop = t < tl[travel].end ? Math.max(0, Math.min(1, pop)) : 0;
          }
          const sb = a.sumBeat[l][j];
          if (sb >= 0 && t >= tl[sb].start && t < tl[sb].end) {
            state.ring = 0.9 * envelope(within(sb));
            state.ringColor = COLORS.backward;
          }
        }
        if (state.delta !== null && settleU > 0) state.deltaAlpha *= 1 - ease(settleU);
        this.neurons.setNeuron(l, j, state);
      }
    }

    // The output card: y once the output has it, z all along, δ from the error beat.
    const outStart = names.neuron(L - 1, 0);
    for (let j = 0; j < sizes[L - 1]; j++) {
      const k = outStart + j;
      const fb = a.fillBeat[L - 1][j];
      const yKnown = fb >= 0 && (t >= tl[fb].end || (t >= tl[fb].start && progress(within(fb), 0.5, 0.95) > 0.35));
      const dKnown = t >= a.errorSpan[0];
      const glow = dKnown && t < a.errorSpan[1] ? envelope(progress(t, a.errorSpan[0], a.errorSpan[1])) : 0;
      this.neurons.setCard(j, yKnown ? tr.y[k] : null, tr.z[j], dKnown ? tr.delta[k] : null, glow);
    }

    // Edges: weights as before until their update beat, then as after.
    const trailAlpha = lay.edges.length > 60 ? 0.16 : 0.34;
    this.pulses.begin();
    for (let l = 0; l < L - 1; l++) {
      const ub = a.update[l];
      const uu = within(ub);
      const inUpdate = ub >= 0 && t >= tl[ub].start && t < tl[ub].end;
      const mix = ub < 0 || t < tl[ub].start ? 0 : t >= tl[ub].end ? 1 : still ? (uu >= 0.5 ? 1 : 0) : ease(progress(uu, 0.25, 0.75));
      const flash = inUpdate ? envelope(uu) : 0;

      const ft = a.fwdTravel[l + 1];
      const ftStart = ft >= 0 ? tl[ft].start : 2;
      const ftEnd = ft >= 0 ? tl[ft].end : 2;
      const fu = within(ft);
      const fp = still ? 1 : ease(progress(fu, FORWARD_WINDOW[0], FORWARD_WINDOW[1]));
      const fillSpan = a.fillSpan[l + 1];
      const bt = a.bwdTravel[l];
      const bu = within(bt);
      const sumSpan = a.sumSpan[l];

      for (let j = 0; j < sizes[l + 1]; j++) {
        const [bs, be] = backwardWindow(j, sizes[l + 1]);
        const bp = still ? (bu >= bs ? 1 : 0) : ease(progress(bu, bs, be));
        for (let i = 0; i < sizes[l]; i++) {
          const k = names.weightIndex(l, j, i);
          const before = tr.weightsBefore[k];
          const after = tr.weightsAfter[k];
          this.edges.setWeight(k, before + (after - before) * mix);
          this.edges.setFlash(k, flash, tr.change[k]);
          const g = lay.edges[k];

          // Forward: a dot per edge, its trail growing behind it, fading while the neurons fill.
          if (t >= ftStart && t < ftEnd) {
            const fadeIn = still ? Math.min(1, fu / 0.08) : 1;
            this.edges.setTrail(k, 0, fp, COLORS.forward, trailAlpha * fadeIn);
            if (!still && fp > 0 && fp < 1 && a.dotOn[k]) {
              const carried = Math.abs(before * tr.y[names.neuron(l, i)]) / a.maxForward[l];
              const size = lay.pulseSize * (0.75 + 0.5 * Math.min(1, carried));
              this.pulses.dot(g.x0 + (g.x1 - g.x0) * fp, g.y0 + (g.y1 - g.y0) * fp, size, Math.min(1, fp / 0.06, (1 - fp) / 0.06));
            }
          } else if (t >= ftEnd && t < fillSpan[1]) {
            this.edges.setTrail(k, 0, 1, COLORS.forward, trailAlpha * (1 - progress(t, fillSpan[0], fillSpan[1])));
          } else if (bt >= 0 && t >= tl[bt].start && t < tl[bt].end) {
            // Backward: an arrow-head per edge from the later neuron back to the earlier one.
            this.edges.setTrail(k, 1, 1 - bp, COLORS.backward, bp > 0 ? trailAlpha : 0);
            if (!still && bp > 0 && bp < 1 && a.dartOn[k]) {
              const carried = Math.abs(a.contribution[k]) / a.maxBack[l];
              const size = lay.pulseSize * (0.8 + 0.55 * Math.min(1, carried));
              const x = g.x1 + (g.x0 - g.x1) * bp;
              const y = g.y1 + (g.y0 - g.y1) * bp;
              this.pulses.dart(x, y, g.angle + Math.PI, size, Math.min(1, bp / 0.06, (1 - bp) / 0.06));
            }
          } else if (bt >= 0 && t >= tl[bt].end && t < sumSpan[1]) {
            this.edges.setTrail(k, 1, 0, COLORS.backward, trailAlpha * (1 - progress(t, sumSpan[0], sumSpan[1])));
          } else {
            this.edges.setTrail(k, 0, 0, 0, 0);
          }
        }
      }
    }
    this.pulses.end();

    if (a.held === null && raw >= 1) this.finish();
  }

  // ——— frames ———

  private requestFrame(): void {
    if (this.frame || this.destroyed) return;
    this.frame = requestAnimationFrame(this.onFrame);
  }

  private readonly onFrame = (): void => {
    this.frame = 0;
    if (this.destroyed) return;
    if (this.anim) {
      this.renderAnimation(sceneClock.now());
      if (this.anim) this.requestFrame();
    }
    this.app.render();
  };

  // ——— pointer: hover and drag ———

  private local(e: PointerEvent): { x: number; y: number } {
    const r = this.app.canvas.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  }

  private hitTest(x: number, y: number): Hit | null {
    const lay = this.layout;
    if (!lay) return null;
    for (let l = 1; l < lay.nodes.length; l++) {
      for (let j = 0; j < lay.nodes[l].length; j++) {
        const n = lay.nodes[l][j];
        if (Math.hypot(x - n.x, y - n.y) <= n.r + 3) return { kind: 'neuron', l, j };
      }
    }
    const { w, h } = lay.inputBox;
    for (let i = 0; i < lay.nodes[0].length; i++) {
      const n = lay.nodes[0][i];
      if (Math.abs(x - n.x) <= w / 2 + 3 && Math.abs(y - n.y) <= h / 2 + 3) return { kind: 'input', i };
    }
    if (lay.labels) {
      for (let k = 0; k < lay.labels.length; k++) {
        const r = lay.labels[k];
        if (x >= r.x && x <= r.x + r.w && y >= r.y && y <= r.y + r.h) return { kind: 'edge', k };
      }
    }
    let best = -1;
    let bestD = Infinity;
    const reach = lay.edges.length > 60 ? 5 : 8;
    for (let k = 0; k < lay.edges.length; k++) {
      const d = distanceToEdge(lay.edges[k], x, y);
      if (d < bestD) {
        bestD = d;
        best = k;
      }
    }
    if (best >= 0) {
      const wv = this.edges.widthFor(this.currentWeight(best));
      if (bestD <= Math.max(reach, wv / 2 + 5)) return { kind: 'edge', k: best };
    }
    return null;
  }

  private currentWeight(k: number): number {
    const o = this.override.get(k);
    if (o !== undefined) return o;
    if (this.anim) return this.anim.trace.weightsBefore[k];
    return this.shown ? this.shown.weights[k] : 0;
  }

  private readonly onPointerMove = (e: PointerEvent): void => {
    const p = this.local(e);
    this.pointer = { x: p.x, y: p.y, inside: true };
    const d = this.drag;
    if (d && e.pointerId === d.pointerId) {
      const step = e.shiftKey ? 0.001 : 0.01;
      d.raw = Math.max(-MAX_WEIGHT, Math.min(MAX_WEIGHT, d.raw + (d.lastY - p.y) * step));
      d.lastY = p.y;
      const value = Math.round(d.raw * 1000) / 1000;
      if (value !== d.value) {
        d.value = value;
        this.override.set(d.k, value);
        this.edges.setWeight(d.k, value);
        this.sendDrag(false);
        this.requestFrame();
      }
      this.refreshTooltip();
      return;
    }
    this.setHover(this.hitTest(p.x, p.y));
  };

  private readonly onPointerDown = (e: PointerEvent): void => {
    if (e.button !== 0 || !this.layout) return;
    const p = this.local(e);
    const hit = this.hitTest(p.x, p.y);
    if (!hit || hit.kind !== 'edge') return;
    e.preventDefault();
    const start = this.currentWeight(hit.k);
    this.drag = { k: hit.k, pointerId: e.pointerId, lastY: p.y, raw: start, value: start, start, lastEmit: 0, timer: null };
    try {
      this.app.canvas.setPointerCapture(e.pointerId);
    } catch {
      // The pointer may already be gone; the drag still ends on pointerup.
    }
    this.edges.setEmphasised(hit.k);
    this.setHover(hit);
    this.app.canvas.style.cursor = 'ns-resize';
  };

  private readonly onPointerUp = (e: PointerEvent): void => {
    const d = this.drag;
    if (!d || e.pointerId !== d.pointerId) return;
    if (d.timer) clearTimeout(d.timer);
    d.timer = null;
    this.drag = null;
    this.edges.setEmphasised(-1);
    if (d.value !== d.start) {
      this.overrideUntil = performance.now() + OVERRIDE_GRACE;
      const g = this.layout!.edges[d.k];
      this.callbacks.onWeightDrag({ layer: g.l, to: g.j, from: g.i }, d.value, true);
    } else {
      this.override.delete(d.k);
    }
    const p = this.local(e);
    this.setHover(this.hitTest(p.x, p.y));
    this.requestFrame();
  };

  private readonly onPointerLeave = (): void => {
    this.pointer.inside = false;
    if (this.drag) return;
    this.setHover(null);
  };

  /** Reports the dragged value now, or as soon as the rate limit allows. */
  private sendDrag(done: boolean): void {
    const d = this.drag;
    if (!d) return;
    const now = performance.now();
    const wait = d.lastEmit + DRAG_INTERVAL - now;
    if (wait > 0 && !done) {
      if (!d.timer) {
        d.timer = setTimeout(() => {
          if (this.drag !== d) return;
          d.timer = null;
          this.sendDrag(false);
        }, wait);
      }
      return;
    }
    d.lastEmit = now;
    const g = this.layout!.edges[d.k];
    this.callbacks.onWeightDrag({ layer: g.l, to: g.j, from: g.i }, d.value, done);
  }

  private setHover(hit: Hit | null): void {
    const same =
      hit && this.hover && hit.kind === this.hover.kind && JSON.stringify(hit) === JSON.stringify(this.hover);
    if (!same) {
      this.hover = hit;
      this.edges.setHovered(hit?.kind === 'edge' ? hit.k : -1);
      if (hit?.kind === 'neuron') this.neurons.setHovered(hit.l, hit.j);
      else if (hit?.kind === 'input') this.neurons.setHovered(0, hit.i);
      else this.neurons.setHovered(-1, 0);
      if (!this.drag) this.app.canvas.style.cursor = hit?.kind === 'edge' ? 'ns-resize' : 'default';
      this.requestFrame();
    }
    this.refreshTooltip();
  }

  /** The last step's trace while it still describes the network on screen, or null. */
  private detailTrace(): StepTraceMessage | null {
    const tr = this.trace;
    const snap = this.snapshot;
    const lay = this.layout;
    return tr && lay && fitsShape(tr, lay.sizes) && (this.anim || !snap || snap.step <= tr.step) ? tr : null;
  }

  private details(): Details | null {
    const tr = this.detailTrace();
    const snap = this.snapshot;
    if (tr) return detailsFromTrace(tr);
    if (!snap) return null;
    if (this.snapshotDetails === undefined) this.snapshotDetails = detailsFromSnapshot(snap);
    return this.snapshotDetails;
  }

  private refreshTooltip(): void {
    const hit = this.hover;
    const names = this.names;
    const lay = this.layout;
    if (!hit || !names || !lay || !this.pointer.inside && !this.drag) {
      this.tooltip.hide();
      return;
    }
    const lines: string[] = [];
    if (hit.kind === 'edge') {
      const g = lay.edges[hit.k];
      const name = names.weight(g.l, g.j, g.i);
      const d = this.drag;
      if (d && d.k === hit.k) {
        lines.push(`${name} = ${fmt(d.value)}  ↕`);
        lines.push(`${fmt(d.start)} → ${fmt(d.value)}`);
      } else {
        lines.push(`${name} = ${fmt(this.currentWeight(hit.k))}  ↕`);
        // Its own update in the last step, with that step's numbers.
        const tr = this.detailTrace();
        if (tr) lines.push(updateCaption(names, tr, g.l, g.j, g.i).formula);
        else {
          const det = this.details();
          if (det?.change) lines.push(`Δ${name} = ${fmtSigned(det.change[hit.k])}`);
        }
      }
    } else if (hit.kind === 'input') {
      const x = this.anim ? this.anim.trace.x[hit.i] : this.shown?.y ? this.shown.y[hit.i] : null;
      lines.push(`x${hit.i + 1} = ${x === null ? '–' : fmtData(x)}`);
    } else {
      const { l, j } = hit;
      const n = names.number(l, j);
      const k = names.neuron(l, j);
      const det = this.details();
      const val = (a: ArrayLike<number> | undefined) => (a ? fmt(a[k]) : '–');
      lines.push(`e${n} = ${val(det?.e)}`);
      if (names.bias) lines.push(`b${n} = ${val(det?.biases)}`);
      lines.push(`y${n} = ${val(det?.y)}`);
      if (l === lay.sizes.length - 1 && this.shown?.z) {
        const z = this.anim ? this.anim.trace.z[j] : this.shown.z[j];
        lines.push(`${names.sizes[l] === 1 ? 'z' : `z${j + 1}`} = ${fmtData(z)}`);
      }
      lines.push(`${names.delta(l, j)} = ${val(det?.delta)}`);
      lines.push(`f${n}'(e) = ${val(det?.dfde)}`);
    }
    this.tooltip.show(lines, this.pointer.x, this.pointer.y);
  }
}

/** At most this many dots (and error pulses) travel a block of weights at once. */
const PULSES_PER_BLOCK = 40;

/** Marks the `keep` largest of `values` (a block's, starting at `start` in the flat order). */
function markStrongest(marks: Uint8Array, start: number, values: number[], keep: number): void {
  if (values.length <= keep) {
    marks.fill(1, start, start + values.length);
    return;
  }
  const order = values.map((_, i) => i).sort((a, b) => values[b] - values[a]);
  for (let r = 0; r < keep; r++) marks[start + order[r]] = 1;
}

/** Where within a beat its still frame stands: near the end, once its signals have arrived. */
function stillPoint(tb: TimedBeat): number {
  return tb.start + (tb.end - tb.start) * 0.97;
}

function widen(span: [number, number], tb: TimedBeat): void {
  span[0] = Math.min(span[0], tb.start);
  span[1] = Math.max(span[1], tb.end);
}

function hostSize(host: HTMLElement): { w: number; h: number } {
  const w = Math.round(host.clientWidth);
  const h = Math.round(host.clientHeight);
  return { w: w > 0 ? w : 800, h: h > 0 ? h : 560 };
}

function shapeKeyOf(layers: readonly number[], bias: boolean): string {
  return `${layers.join('-')}${bias ? '+b' : ''}`;
}

/** Whether a trace's arrays fit a network of these layer sizes. */
function fitsShape(t: StepTraceMessage, sizes: readonly number[]): boolean {
  let neurons = 0;
  let weights = 0;
  for (let l = 0; l < sizes.length; l++) {
    neurons += sizes[l];
    if (l > 0) weights += sizes[l] * sizes[l - 1];
  }
  return t.e.length === neurons && t.y.length === neurons && t.weightsBefore.length === weights && t.weightsAfter.length === weights;
}

function sliceOf(a: ArrayLike<number>, from: number, to: number): number[] {
  const out: number[] = [];
  for (let k = from; k < to; k++) out.push(a[k]);
  return out;
}

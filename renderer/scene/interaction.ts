/**
 * The scene's pointer input: hovering a neuron, an input or a weight
 * shows its tooltip (the values, and a weight's own update in the last
 * step with that step's numbers); dragging a weight up or down reports its
 * new value through onWeightDrag — rate-limited while the pointer moves,
 * once more when it is let go. Until a snapshot confirms a dragged value
 * (or a short grace period ends), the picture keeps showing it: those
 * values are the overrides the view draws with. It changes nothing of the
 * simulation itself; the host decides, and its next snapshot is drawn.
 * (The canvas takes no keyboard focus: its weights are reached by keyboard
 * through the weights table, renderer/ui/weights-table.ts.)
 */
import type { StepTraceMessage } from '../../core/protocol.js';
import type { SceneApp } from './application.js';
import { updateCaption } from './captions.js';
import { fmt, fmtData, fmtSigned } from './format.js';
import { distanceToEdge } from './layout.js';
import type { NetworkView } from './network-view.js';
import { Tooltip } from './tooltip.js';
import type { Details } from './values.js';

export interface WeightRef {
  layer: number;
  to: number;
  from: number;
}

/** What the picture shows beyond the view's values, read for tooltips. */
export interface ShownSteps {
  /** The trace of the step being played, or null. */
  playing(): StepTraceMessage | null;
  /** The last step's trace while it still describes the network on screen, or null. */
  detailTrace(): StepTraceMessage | null;
  /** e, y, δ and df(e)/de of every neuron as the picture shows them, or null when unknown. */
  details(): Details | null;
}

/** Largest |w| a drag may set (core/protocol.ts LIMITS.maxWeight). */
const MAX_WEIGHT = 10;
/** Drag reports at most this often (ms). */
const DRAG_INTERVAL = 50;
/** How long a dragged value is shown before a snapshot confirms it (ms). */
const OVERRIDE_GRACE = 1500;

type Hit = { kind: 'neuron'; l: number; j: number } | { kind: 'input'; i: number } | { kind: 'edge'; k: number };

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

export class Interaction {
  /** Dragged values the picture shows until a snapshot confirms them, by weight index. */
  readonly overrides = new Map<number, number>();
  private overrideUntil = 0;
  private readonly tooltip: Tooltip;
  private drag: Drag | null = null;
  private hover: Hit | null = null;
  private pointer = { x: 0, y: 0, inside: false };

  constructor(
    private readonly app: SceneApp,
    private readonly view: NetworkView,
    private readonly shown: ShownSteps,
    private readonly onWeightDrag: (ref: WeightRef, value: number, done: boolean) => void,
  ) {
    this.tooltip = new Tooltip(app.root);
    const c = app.canvas;
    c.addEventListener('pointermove', this.onPointerMove);
    c.addEventListener('pointerdown', this.onPointerDown);
    c.addEventListener('pointerup', this.onPointerUp);
    c.addEventListener('pointercancel', this.onPointerUp);
    c.addEventListener('pointerleave', this.onPointerLeave);
  }

  /** The view was laid out anew: nothing is hovered any more. */
  relayout(): void {
    this.hover = null;
    this.tooltip.hide();
  }

  /** A new network shape: a drag under way ends without a report. */
  dropDrag(): void {
    if (this.drag?.timer) clearTimeout(this.drag.timer);
    this.drag = null;
  }

  /** Drops dragged values once a snapshot shows them (or after a grace period). */
  settleOverrides(weights: ArrayLike<number>): void {
    if (this.overrides.size === 0 || this.drag) return;
    const now = performance.now();
    for (const [k, v] of this.overrides) {
      if (Math.abs(weights[k] - v) < 5e-4 || now > this.overrideUntil) this.overrides.delete(k);
    }
  }

  destroy(): void {
    if (this.drag?.timer) clearTimeout(this.drag.timer);
    const c = this.app.canvas;
    c.removeEventListener('pointermove', this.onPointerMove);
    c.removeEventListener('pointerdown', this.onPointerDown);
    c.removeEventListener('pointerup', this.onPointerUp);
    c.removeEventListener('pointercancel', this.onPointerUp);
    c.removeEventListener('pointerleave', this.onPointerLeave);
    this.tooltip.destroy();
  }

  private local(e: PointerEvent): { x: number; y: number } {
    const r = this.app.canvas.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  }

  private hitTest(x: number, y: number): Hit | null {
    const lay = this.view.layout;
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
      const wv = this.view.edges.widthFor(this.currentWeight(best));
      if (bestD <= Math.max(reach, wv / 2 + 5)) return { kind: 'edge', k: best };
    }
    return null;
  }

  /** The weight as the picture shows it: dragged, as it was before the step being played, or as last shown. */
  private currentWeight(k: number): number {
    const o = this.overrides.get(k);
    if (o !== undefined) return o;
    const playing = this.shown.playing();
    if (playing) return playing.weightsBefore[k];
    const v = this.view.shown;
    return v ? v.weights[k] : 0;
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
        this.overrides.set(d.k, value);
        this.view.edges.setWeight(d.k, value);
        this.sendDrag(false);
        this.app.requestFrame();
      }
      this.refreshTooltip();
      return;
    }
    this.setHover(this.hitTest(p.x, p.y));
  };

  private readonly onPointerDown = (e: PointerEvent): void => {
    if (e.button !== 0 || !this.view.layout) return;
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
    this.view.edges.setEmphasised(hit.k);
    this.setHover(hit);
    this.app.canvas.style.cursor = 'ns-resize';
  };

  private readonly onPointerUp = (e: PointerEvent): void => {
    const d = this.drag;
    if (!d || e.pointerId !== d.pointerId) return;
    if (d.timer) clearTimeout(d.timer);
    d.timer = null;
    this.drag = null;
    this.view.edges.setEmphasised(-1);
    if (d.value !== d.start) {
      this.overrideUntil = performance.now() + OVERRIDE_GRACE;
      const g = this.view.layout!.edges[d.k];
      this.onWeightDrag({ layer: g.l, to: g.j, from: g.i }, d.value, true);
    } else {
      this.overrides.delete(d.k);
    }
    const p = this.local(e);
    this.setHover(this.hitTest(p.x, p.y));
    this.app.requestFrame();
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
    const g = this.view.layout!.edges[d.k];
    this.onWeightDrag({ layer: g.l, to: g.j, from: g.i }, d.value, done);
  }

  private setHover(hit: Hit | null): void {
    const same =
      hit && this.hover && hit.kind === this.hover.kind && JSON.stringify(hit) === JSON.stringify(this.hover);
    if (!same) {
      this.hover = hit;
      this.view.edges.setHovered(hit?.kind === 'edge' ? hit.k : -1);
      if (hit?.kind === 'neuron') this.view.neurons.setHovered(hit.l, hit.j);
      else if (hit?.kind === 'input') this.view.neurons.setHovered(0, hit.i);
      else this.view.neurons.setHovered(-1, 0);
      if (!this.drag) this.app.canvas.style.cursor = hit?.kind === 'edge' ? 'ns-resize' : 'default';
      this.app.requestFrame();
    }
    this.refreshTooltip();
  }

  /** Shows the hovered part's tooltip at the pointer, with the values the picture shows now (or hides it). */
  refreshTooltip(): void {
    const hit = this.hover;
    const names = this.view.names;
    const lay = this.view.layout;
    if (!hit || !names || !lay || !this.pointer.inside && !this.drag) {
      this.tooltip.hide();
      return;
    }
    const shown = this.view.shown;
    const playing = this.shown.playing();
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
        const tr = this.shown.detailTrace();
        if (tr) lines.push(updateCaption(names, tr, g.l, g.j, g.i).formula);
        else {
          const det = this.shown.details();
          if (det?.change) lines.push(`Δ${name} = ${fmtSigned(det.change[hit.k])}`);
        }
      }
    } else if (hit.kind === 'input') {
      const x = playing ? playing.x[hit.i] : shown?.y ? shown.y[hit.i] : null;
      lines.push(`x${hit.i + 1} = ${x === null ? '–' : fmtData(x)}`);
    } else {
      const { l, j } = hit;
      const n = names.number(l, j);
      const k = names.neuron(l, j);
      const det = this.shown.details();
      const val = (a: ArrayLike<number> | undefined) => (a ? fmt(a[k]) : '–');
      lines.push(`e${n} = ${val(det?.e)}`);
      if (names.bias) lines.push(`b${n} = ${val(det?.biases)}`);
      lines.push(`y${n} = ${val(det?.y)}`);
      if (l === lay.sizes.length - 1 && shown?.z) {
        const z = playing ? playing.z[j] : shown.z[j];
        lines.push(`${names.sizes[l] === 1 ? 'z' : `z${j + 1}`} = ${fmtData(z)}`);
      }
      lines.push(`${names.delta(l, j)} = ${val(det?.delta)}`);
      lines.push(`f${n}'(e) = ${val(det?.dfde)}`);
    }
    this.tooltip.show(lines, this.pointer.x, this.pointer.y);
  }
}

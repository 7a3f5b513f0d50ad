/**
 * The 2D-canvas way to draw a stroke set (strokes.ts): the strokes are
 * drawn with the canvas's own lines into an offscreen canvas that covers
 * the segments, shown as one sprite. The offscreen canvas is redrawn only
 * when a stroke changed, just before the frame that shows it.
 *
 * Dashes follow the WebGL shader's layout: a dash of length `dash[1]` at
 * the start of every period `dash[0]`, counted from the segment's start, so
 * a partly drawn stroke shows the dashes it covers.
 */
import { CanvasSource, Sprite, Texture } from 'pixi.js';
import { type Segment, type Strokes, drawsNothing } from './strokes.js';

/** Room around the segments for the widest stroke drawn on them (px). */
const MARGIN = 32;

export class StrokeCanvas implements Strokes {
  readonly view: Sprite;
  private readonly source: CanvasSource;
  private readonly context: CanvasRenderingContext2D;
  private readonly segments: Segment[];
  private readonly lengths: Float32Array;
  private readonly shown: Uint8Array;
  private readonly width: Float32Array;
  private readonly color: Uint32Array;
  private readonly alpha: Float32Array;
  private readonly dashed: Uint8Array;
  private readonly from: Float32Array;
  private readonly to: Float32Array;
  private readonly dash: [number, number];
  private readonly origin: { x: number; y: number };
  private readonly resolution: number;
  private dirty = false;
  private empty = true;

  /** `resolution`: device pixels per CSS pixel of the scene. */
  constructor(segments: Segment[], dash: [number, number], resolution: number) {
    const n = segments.length;
    this.segments = segments;
    this.lengths = new Float32Array(n);
    let x0 = Infinity;
    let y0 = Infinity;
    let x1 = -Infinity;
    let y1 = -Infinity;
    segments.forEach((s, k) => {
      this.lengths[k] = Math.hypot(s.x1 - s.x0, s.y1 - s.y0);
      x0 = Math.min(x0, s.x0, s.x1);
      y0 = Math.min(y0, s.y0, s.y1);
      x1 = Math.max(x1, s.x0, s.x1);
      y1 = Math.max(y1, s.y0, s.y1);
    });
    if (n === 0) x0 = y0 = x1 = y1 = 0;
    this.origin = { x: Math.floor(x0 - MARGIN), y: Math.floor(y0 - MARGIN) };
    this.resolution = resolution;
    this.source = new CanvasSource({
      width: Math.ceil(x1 + MARGIN) - this.origin.x,
      height: Math.ceil(y1 + MARGIN) - this.origin.y,
      resolution,
    });
    this.context = this.source.context2D as CanvasRenderingContext2D;
    this.view = new Sprite(new Texture({ source: this.source }));
    this.view.position.set(this.origin.x, this.origin.y);
    this.view.visible = false;
    this.view.onRender = () => this.commit();
    this.shown = new Uint8Array(n);
    this.width = new Float32Array(n);
    this.color = new Uint32Array(n);
    this.alpha = new Float32Array(n);
    this.dashed = new Uint8Array(n);
    this.from = new Float32Array(n);
    this.to = new Float32Array(n);
    this.dash = [Math.max(1, dash[0]), Math.max(0, Math.min(dash[0], dash[1]))];
  }

  set(k: number, width: number, color: number, alpha: number, dashed: boolean, from = 0, to = 1): void {
    if (drawsNothing(width, alpha, from, to)) {
      this.hide(k);
      return;
    }
    const a = Math.min(1, alpha);
    const f = Math.min(from, to);
    const t = Math.max(from, to);
    const d = dashed ? 1 : 0;
    // Redrawing all strokes costs far more than comparing one: skip what did not change.
    if (
      this.shown[k] &&
      this.width[k] === Math.fround(width) &&
      this.color[k] === color &&
      this.alpha[k] === Math.fround(a) &&
      this.dashed[k] === d &&
      this.from[k] === Math.fround(f) &&
      this.to[k] === Math.fround(t)
    ) {
      return;
    }
    this.shown[k] = 1;
    this.width[k] = width;
    this.color[k] = color;
    this.alpha[k] = a;
    this.dashed[k] = d;
    this.from[k] = f;
    this.to[k] = t;
    this.markChanged();
  }

  hide(k: number): void {
    if (!this.shown[k]) return;
    this.shown[k] = 0;
    this.markChanged();
  }

  private markChanged(): void {
    this.dirty = true;
    // A hidden sprite gets no render callback: show it, and let the redraw hide it if nothing is left.
    this.view.visible = true;
  }

  /** Redraws the strokes if any changed; runs by itself before each render. */
  commit(): void {
    if (!this.dirty) return;
    this.dirty = false;
    const c = this.context;
    const r = this.resolution;
    c.setTransform(1, 0, 0, 1, 0, 0);
    if (!this.empty) c.clearRect(0, 0, this.source.pixelWidth, this.source.pixelHeight);
    c.setTransform(r, 0, 0, r, -this.origin.x * r, -this.origin.y * r);
    c.lineCap = 'butt';
    const [period, on] = this.dash;
    let drawn = 0;
    for (let k = 0; k < this.segments.length; k++) {
      if (!this.shown[k]) continue;
      const s = this.segments[k];
      const len = this.lengths[k] || 1;
      const a = this.from[k];
      const b = this.to[k];
      c.beginPath();
      c.moveTo(s.x0 + (s.x1 - s.x0) * a, s.y0 + (s.y1 - s.y0) * a);
      c.lineTo(s.x0 + (s.x1 - s.x0) * b, s.y0 + (s.y1 - s.y0) * b);
      if (this.dashed[k]) {
        c.setLineDash([on, period - on]);
        c.lineDashOffset = (a * len) % period;
      } else c.setLineDash([]);
      c.lineWidth = this.width[k];
      c.globalAlpha = this.alpha[k];
      c.strokeStyle = hex(this.color[k]);
      c.stroke();
      drawn++;
    }
    c.globalAlpha = 1;
    this.empty = drawn === 0;
    this.view.visible = !this.empty;
    this.source.update();
  }

  destroy(): void {
    this.view.destroy();
    this.source.destroy();
  }
}

function hex(color: number): string {
  return `#${(color & 0xffffff).toString(16).padStart(6, '0')}`;
}

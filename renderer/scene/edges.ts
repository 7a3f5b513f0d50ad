/**
 * The weight edges: a stroke per weight whose width grows with |w| and whose
 * colour and pattern give its sign (solid blue for w > 0, dashed vermillion
 * for w < 0), plus what the animation lays over them (trails of a travelling
 * signal or error, the flash of an update, the hovered edge's band) and, on
 * small networks, a label per edge with the weight's name and value.
 *
 * The strokes are four stroke sets (strokes.ts): flashes and hover under
 * the edges, the edges, the trails over them. They are made once per
 * network shape and size; a new set of weights only restyles their strokes
 * and rewrites the label strings.
 */
import { BitmapText, Container, Sprite } from 'pixi.js';
import { fmt, fmtDelta } from './format.js';
import type { EdgeGeom, Rect, SceneLayout } from './layout.js';
import type { Notation } from './captions.js';
import type { Strokes, StrokesFactory } from './strokes.js';
import type { SceneTextures } from './textures.js';
import { BITMAP, COLORS, mix } from './theme.js';

/** |w| at which an edge reaches its full width. */
const FULL_WIDTH_AT = 3;

interface EdgeLabel {
  root: Container;
  frame: Sprite;
  name: BitmapText;
  value: BitmapText;
  change: BitmapText;
  rect: Rect;
  shownValue: string;
  shownSign: number;
  shownChange: string;
}

export class EdgeLayer {
  readonly halos = new Container();
  readonly lines = new Container();
  readonly trails = new Container();
  readonly labels = new Container();
  private layout: SceneLayout | null = null;
  private edgeStrokes: Strokes | null = null;
  private trailStrokes: Strokes | null = null;
  private haloStrokes: Strokes | null = null;
  private hoverStrokes: Strokes | null = null;
  private geoms: EdgeGeom[] = [];
  private labelViews: (EdgeLabel | null)[] = [];
  /** Per edge: drawn width, so trails and flashes can size to it. */
  private widths = new Float32Array(0);
  private flashing = new Uint8Array(0);
  private trailing = new Uint8Array(0);
  private hovered = -1;
  private emphasised = -1;
  private dense = false;

  constructor(
    private readonly textures: SceneTextures,
    private readonly makeStrokes: StrokesFactory,
  ) {}

  get count(): number {
    return this.geoms.length;
  }

  /** Makes (or re-makes, after a resize) the stroke sets and labels. */
  build(layout: SceneLayout, names: Notation): void {
    this.clear();
    this.layout = layout;
    this.geoms = layout.edges;
    const n = layout.edges.length;
    this.dense = n > 60;
    const period = Math.max(9, layout.edgeMaxWidth * 2.4);
    const dash: [number, number] = [period, period * 0.62];
    const segs = layout.edges;
    this.haloStrokes = this.makeStrokes(segs, dash);
    this.hoverStrokes = this.makeStrokes(segs, dash);
    this.edgeStrokes = this.makeStrokes(segs, dash);
    this.trailStrokes = this.makeStrokes(segs, dash);
    this.halos.addChild(this.haloStrokes.view, this.hoverStrokes.view);
    this.lines.addChild(this.edgeStrokes.view);
    this.trails.addChild(this.trailStrokes.view);
    this.widths = new Float32Array(n);
    this.flashing = new Uint8Array(n);
    this.trailing = new Uint8Array(n);
    this.labelViews = layout.edges.map((g, k) => {
      const rect = layout.labels?.[k];
      return rect ? this.makeLabel(rect, names.weight(g.l, g.j, g.i)) : null;
    });
  }

  private makeLabel(rect: Rect, name: string): EdgeLabel {
    const root = new Container();
    root.position.set(rect.x, rect.y);
    const back = new Sprite(this.textures.roundRect(rect.w, rect.h, 6));
    back.alpha = 0.94;
    const frame = new Sprite(this.textures.roundRect(rect.w, rect.h, 6, 1.3));
    const nameText = new BitmapText({ text: name, style: { fontFamily: BITMAP.nameItalic, fontSize: 9.5 } });
    nameText.tint = COLORS.muted;
    nameText.anchor.set(0.5, 0);
    nameText.position.set(rect.w / 2, 1.5);
    const value = new BitmapText({ text: '', style: { fontFamily: BITMAP.valueBold, fontSize: 12 } });
    value.anchor.set(0.5, 0);
    value.position.set(rect.w / 2, rect.h - 15);
    const change = new BitmapText({ text: '', style: { fontFamily: BITMAP.valueBold, fontSize: 10 } });
    change.anchor.set(0.5, 0);
    change.position.set(rect.w / 2, 2.5);
    change.tint = COLORS.updateInk;
    change.visible = false;
    root.addChild(back, frame, nameText, value, change);
    this.labels.addChild(root);
    return { root, frame, name: nameText, value, change, rect, shownValue: '', shownSign: 2, shownChange: '' };
  }

  /** Width of an edge for weight w. */
  widthFor(w: number): number {
    const lay = this.layout!;
    const m = Math.min(1, Math.sqrt(Math.abs(Number.isFinite(w) ? w : 0) / FULL_WIDTH_AT));
    return lay.edgeMinWidth + (lay.edgeMaxWidth - lay.edgeMinWidth) * m;
  }

  /** Draws every edge for these weights; `override` holds values being dragged. */
  setWeights(weights: ArrayLike<number>, override?: ReadonlyMap<number, number>): void {
    for (let k = 0; k < this.geoms.length; k++) this.setWeight(k, override?.get(k) ?? weights[k]);
  }

  setWeight(k: number, w: number): void {
    const strokes = this.edgeStrokes;
    if (!strokes) return;
    const sign = w > 0 ? 1 : w < 0 ? -1 : 0;
    const width = this.widthFor(w);
    const m = Math.min(1, Math.sqrt(Math.abs(Number.isFinite(w) ? w : 0) / FULL_WIDTH_AT));
    const color = sign > 0 ? COLORS.positive : sign < 0 ? COLORS.negative : COLORS.faint;
    let alpha = this.dense ? 0.12 + 0.78 * m * Math.sqrt(m) : 0.55 + 0.45 * Math.min(1, m * 2.2);
    if (k === this.emphasised) alpha = 1;
    strokes.set(k, width, color, alpha, sign < 0);
    this.widths[k] = width;
    const label = this.labelViews[k];
    if (label) {
      const text = fmt(w);
      if (text !== label.shownValue) {
        label.value.text = text;
        label.shownValue = text;
      }
      if (sign !== label.shownSign) {
        const c = sign < 0 ? COLORS.negative : sign > 0 ? COLORS.positive : COLORS.muted;
        label.value.tint = mix(c, COLORS.ink, sign < 0 ? 0.15 : 0.1);
        label.frame.tint = mix(c, COLORS.paper, 0.35);
        label.shownSign = sign;
      }
    }
    if (k === this.hovered) this.placeHover(k);
  }

  /** A glowing band from fraction a to b along edge k (either order), or none (alpha 0). */
  setTrail(k: number, a: number, b: number, color: number, alpha: number): void {
    const strokes = this.trailStrokes;
    if (!strokes) return;
    if (alpha <= 0.003 || a === b) {
      if (this.trailing[k]) {
        strokes.hide(k);
        this.trailing[k] = 0;
      }
      return;
    }
    strokes.set(k, Math.max(3, this.widths[k] + 4), color, alpha, false, a, b);
    this.trailing[k] = 1;
  }

  clearTrails(): void {
    for (let k = 0; k < this.trailing.length; k++) {
      if (this.trailing[k]) {
        this.trailStrokes?.hide(k);
        this.trailing[k] = 0;
      }
    }
  }

  /** The update flash: a band around edge k, `strength` 0 … 1, thicker for a bigger change. */
  setFlash(k: number, strength: number, change: number): void {
    const strokes = this.haloStrokes;
    if (!strokes) return;
    const label = this.labelViews[k];
    if (strength <= 0.001) {
      if (this.flashing[k]) {
        strokes.hide(k);
        this.flashing[k] = 0;
        if (label) {
          label.change.visible = false;
          label.name.visible = true;
        }
      }
      return;
    }
    const lay = this.layout!;
    const rel = Math.min(1, Math.sqrt(Math.abs(change) / 0.1));
    strokes.set(k, this.widths[k] + 3 + rel * lay.edgeMaxWidth * 1.6, COLORS.update, 0.65 * strength, false);
    this.flashing[k] = 1;
    if (label) {
      const text = `Δ${fmtDelta(change)}`;
      if (text !== label.shownChange) {
        label.change.text = text;
        label.shownChange = text;
        label.change.scale.set(1);
        const room = label.rect.w - 6;
        if (label.change.width > room) label.change.scale.set(room / label.change.width);
      }
      label.change.visible = true;
      label.name.visible = false;
    }
  }

  clearFlashes(): void {
    for (let k = 0; k < this.geoms.length; k++) this.setFlash(k, 0, 0);
  }

  /** The edge under the pointer, drawn with a soft band; −1 for none. */
  setHovered(k: number): void {
    if (this.hovered >= 0 && this.hovered < this.geoms.length) this.hoverStrokes?.hide(this.hovered);
    this.hovered = k;
    if (k >= 0 && k < this.geoms.length) this.placeHover(k);
  }

  /** An edge being dragged: fully opaque, its label on top. */
  setEmphasised(k: number): void {
    this.emphasised = k;
    const label = k >= 0 ? this.labelViews[k] : null;
    if (label) this.labels.addChild(label.root);
  }

  private placeHover(k: number): void {
    this.hoverStrokes?.set(k, this.widths[k] + 10, COLORS.ink, 0.16, false);
  }

  clear(): void {
    for (const m of [this.haloStrokes, this.hoverStrokes, this.edgeStrokes, this.trailStrokes]) m?.destroy();
    this.haloStrokes = this.hoverStrokes = this.edgeStrokes = this.trailStrokes = null;
    this.labels.removeChildren().forEach((c) => c.destroy({ children: true }));
    this.labelViews = [];
    this.geoms = [];
    this.hovered = -1;
    this.emphasised = -1;
  }

  destroy(): void {
    this.clear();
    for (const c of [this.halos, this.lines, this.trails, this.labels]) c.destroy();
  }
}

/**
 * The weight edges: a line per weight whose width grows with |w| and whose
 * colour and pattern give its sign (solid blue for w > 0, dashed vermillion
 * for w < 0), plus what the animation lays over them (trails of a travelling
 * signal or error, the flash of an update) and, on small networks, a label
 * per edge with the weight's name and value.
 *
 * Every display object is made once per network shape and size; a new set
 * of weights only changes tints, scales and label strings.
 */
import { BitmapText, Container, Sprite, Text, TilingSprite } from 'pixi.js';
import { fmt, fmtDelta } from './format.js';
import type { EdgeGeom, Rect, SceneLayout } from './layout.js';
import type { Notation } from './captions.js';
import { DASH_TEXELS, LINE_OVERSIZE, type SceneTextures } from './textures.js';
import { BITMAP, COLORS, FONT_SANS, mix } from './theme.js';

/** |w| at which an edge reaches its full width. */
const FULL_WIDTH_AT = 3;

interface EdgeLabel {
  root: Container;
  frame: Sprite;
  name: Text;
  value: BitmapText;
  change: BitmapText;
  rect: Rect;
  shownValue: string;
  shownSign: number;
}

interface EdgeView {
  geom: EdgeGeom;
  solid: Sprite;
  dashed: TilingSprite;
  trail: Sprite;
  halo: Sprite;
  label: EdgeLabel | null;
  sign: number;
  width: number;
}

export class EdgeLayer {
  readonly halos = new Container();
  readonly lines = new Container();
  readonly trails = new Container();
  readonly labels = new Container();
  private views: EdgeView[] = [];
  private layout: SceneLayout | null = null;
  private readonly hover: Sprite;
  private hovered = -1;
  private emphasised = -1;
  private dashPeriod = 12;

  constructor(private readonly textures: SceneTextures) {
    this.hover = new Sprite(textures.line);
    this.hover.anchor.set(0, 0.5);
    this.hover.visible = false;
    this.hover.tint = COLORS.ink;
    this.hover.alpha = 0.16;
    this.halos.addChild(this.hover);
  }

  get count(): number {
    return this.views.length;
  }

  geometry(k: number): EdgeGeom {
    return this.views[k].geom;
  }

  labelRect(k: number): Rect | null {
    return this.views[k]?.label?.rect ?? null;
  }

  /** Makes (or re-makes, after a resize) one view per weight. */
  build(layout: SceneLayout, names: Notation): void {
    this.clear();
    this.layout = layout;
    // One dash and gap per period; the pattern's period in pixels.
    this.dashPeriod = Math.max(9, layout.edgeMaxWidth * 2.4);
    const tx = this.textures;
    for (let k = 0; k < layout.edges.length; k++) {
      const g = layout.edges[k];
      const solid = new Sprite(tx.line);
      solid.anchor.set(0, 0.5);
      place(solid, g.x0, g.y0, g.angle);
      solid.width = g.len;

      const dashed = new TilingSprite({ texture: tx.dash, width: g.len, height: 4 });
      dashed.anchor.set(0, 0.5);
      place(dashed, g.x0, g.y0, g.angle);
      dashed.visible = false;

      const trail = new Sprite(tx.line);
      trail.anchor.set(0, 0.5);
      trail.visible = false;

      const halo = new Sprite(tx.line);
      halo.anchor.set(0, 0.5);
      place(halo, g.x0, g.y0, g.angle);
      halo.width = g.len;
      halo.tint = COLORS.update;
      halo.visible = false;

      this.lines.addChild(solid, dashed);
      this.trails.addChild(trail);
      this.halos.addChild(halo);

      let label: EdgeLabel | null = null;
      const rect = layout.labels?.[k];
      if (rect) label = this.makeLabel(rect, names.weight(g.l, g.j, g.i));
      this.views.push({ geom: g, solid, dashed, trail, halo, label, sign: 0, width: -1 });
    }
  }

  private makeLabel(rect: Rect, name: string): EdgeLabel {
    const root = new Container();
    root.position.set(rect.x, rect.y);
    const back = new Sprite(this.textures.roundRect(rect.w, rect.h, 6));
    back.alpha = 0.94;
    const frame = new Sprite(this.textures.roundRect(rect.w, rect.h, 6, 1.3));
    const nameText = new Text({
      text: name,
      style: { fontFamily: FONT_SANS, fontSize: 9.5, fill: COLORS.muted, fontStyle: 'italic' },
    });
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
    return { root, frame, name: nameText, value, change, rect, shownValue: '', shownSign: 2 };
  }

  /** Width of an edge for weight w. */
  widthFor(w: number): number {
    const lay = this.layout!;
    const m = Math.min(1, Math.sqrt(Math.abs(w) / FULL_WIDTH_AT));
    return lay.edgeMinWidth + (lay.edgeMaxWidth - lay.edgeMinWidth) * m;
  }

  /** Draws every edge for these weights; `override` holds values being dragged. */
  setWeights(weights: ArrayLike<number>, override?: ReadonlyMap<number, number>): void {
    const dense = this.views.length > 60;
    for (let k = 0; k < this.views.length; k++) {
      const w = override?.get(k) ?? weights[k];
      this.setWeight(k, w, dense);
    }
  }

  setWeight(k: number, w: number, dense = this.views.length > 60): void {
    const v = this.views[k];
    const sign = w > 0 ? 1 : w < 0 ? -1 : 0;
    const width = this.widthFor(Number.isFinite(w) ? w : 0);
    const m = Math.min(1, Math.sqrt(Math.abs(w) / FULL_WIDTH_AT));
    const color = sign >= 0 ? COLORS.positive : COLORS.negative;
    const alpha = dense ? 0.12 + 0.78 * m * Math.sqrt(m) : 0.55 + 0.45 * Math.min(1, m * 2.2);
    const emphasised = k === this.emphasised;
    if (sign !== v.sign) {
      v.solid.visible = sign >= 0;
      v.dashed.visible = sign < 0;
      v.sign = sign;
    }
    const line = sign < 0 ? v.dashed : v.solid;
    line.tint = sign === 0 ? COLORS.faint : color;
    line.alpha = emphasised ? 1 : alpha;
    if (width !== v.width) {
      const h = width * LINE_OVERSIZE;
      v.solid.height = h;
      v.dashed.height = h;
      v.dashed.tileScale.set(this.dashPeriod / DASH_TEXELS, h / 16);
      v.width = width;
    }
    const label = v.label;
    if (label) {
      const text = fmt(w);
      if (text !== label.shownValue) {
        label.value.text = text;
        label.shownValue = text;
      }
      if (sign !== label.shownSign) {
        const c = sign < 0 ? COLORS.negative : sign > 0 ? COLORS.positive : COLORS.muted;
        label.value.tint = sign < 0 ? mix(c, COLORS.ink, 0.15) : mix(c, COLORS.ink, 0.1);
        label.frame.tint = mix(c, COLORS.paper, 0.35);
        label.shownSign = sign;
      }
    }
    if (k === this.hovered) this.placeHover(k);
  }

  /** A glowing band from fraction a to b along edge k (a > b runs it backwards), or none. */
  setTrail(k: number, a: number, b: number, color: number, alpha: number): void {
    const v = this.views[k];
    if (alpha <= 0.001 || a === b) {
      v.trail.visible = false;
      return;
    }
    const g = v.geom;
    const dx = g.x1 - g.x0;
    const dy = g.y1 - g.y0;
    v.trail.visible = true;
    v.trail.tint = color;
    v.trail.alpha = alpha;
    v.trail.height = Math.max(3, v.width + 4) * LINE_OVERSIZE;
    if (a <= b) {
      place(v.trail, g.x0 + dx * a, g.y0 + dy * a, g.angle);
      v.trail.width = (b - a) * g.len;
    } else {
      place(v.trail, g.x0 + dx * a, g.y0 + dy * a, g.angle + Math.PI);
      v.trail.width = (a - b) * g.len;
    }
  }

  clearTrails(): void {
    for (const v of this.views) v.trail.visible = false;
  }

  /** The update flash: a band around edge k, `strength` 0 … 1, thicker for a bigger change. */
  setFlash(k: number, strength: number, change: number): void {
    const v = this.views[k];
    if (strength <= 0.001) {
      if (v.halo.visible) v.halo.visible = false;
      if (v.label?.change.visible) {
        v.label.change.visible = false;
        v.label.name.visible = true;
      }
      return;
    }
    const lay = this.layout!;
    const rel = Math.min(1, Math.sqrt(Math.abs(change) / 0.1));
    v.halo.visible = true;
    v.halo.alpha = 0.65 * strength;
    v.halo.height = (v.width + 3 + rel * lay.edgeMaxWidth * 1.6) * LINE_OVERSIZE;
    if (v.label) {
      const text = `Δ${fmtDelta(change)}`;
      if (v.label.change.text !== text) {
        v.label.change.text = text;
        v.label.change.scale.set(1);
        const room = v.label.rect.w - 6;
        if (v.label.change.width > room) v.label.change.scale.set(room / v.label.change.width);
      }
      v.label.change.visible = true;
      v.label.name.visible = false;
    }
  }

  clearFlashes(): void {
    for (let k = 0; k < this.views.length; k++) this.setFlash(k, 0, 0);
  }

  /** The edge under the pointer, drawn with a soft band; −1 for none. */
  setHovered(k: number): void {
    this.hovered = k;
    if (k < 0 || k >= this.views.length) {
      this.hover.visible = false;
      return;
    }
    this.placeHover(k);
  }

  /** An edge being dragged: fully opaque, its label on top. */
  setEmphasised(k: number): void {
    const before = this.emphasised;
    this.emphasised = k;
    if (before >= 0 && before < this.views.length) this.views[before].label?.root.scale.set(1);
    if (k >= 0 && k < this.views.length) {
      const label = this.views[k].label;
      if (label) this.labels.addChild(label.root);
    }
  }

  private placeHover(k: number): void {
    const v = this.views[k];
    this.hover.visible = true;
    place(this.hover, v.geom.x0, v.geom.y0, v.geom.angle);
    this.hover.width = v.geom.len;
    this.hover.height = (v.width + 10) * LINE_OVERSIZE;
  }

  clear(): void {
    for (const v of this.views) {
      v.solid.destroy();
      v.dashed.destroy();
      v.trail.destroy();
      v.halo.destroy();
      v.label?.root.destroy({ children: true });
    }
    this.views = [];
    this.hovered = -1;
    this.emphasised = -1;
    this.hover.visible = false;
  }

  destroy(): void {
    this.clear();
    this.hover.destroy();
  }
}

function place(o: Sprite | TilingSprite, x: number, y: number, angle: number): void {
  o.position.set(x, y);
  o.rotation = angle;
}

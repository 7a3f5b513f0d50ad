/**
 * The nodes of the picture: input boxes (x1, x2 and their values), neurons
 * drawn as the article's split circle (left half Σ showing e, right half f
 * showing y, the article's number on top, δ in a pill underneath), and the
 * output's card comparing y with the target z (δ = z − y).
 *
 * Everything is a sprite of a small antialiased texture (or text), except
 * the halves' colours, which half-fill.ts draws for each renderer. Four
 * layers: `back` (shadows of boxes and cards, under the edges), `fills`
 * (each neuron's body with its outline, and the halves' colours), `front`
 * (symbols, numbers, boxes) and `marks` (values, rings, δ pills). Views
 * only copy values they are given; they decide nothing.
 */
import { BitmapText, Container, Sprite, Text, type Texture } from 'pixi.js';
import type { Notation } from './captions.js';
import type { HalfFill, HalfFillFactory } from './half-fill.js';
import { fmt, fmtCompact, fmtData } from './format.js';
import type { Rect, SceneLayout } from './layout.js';
import { LINE_OVERSIZE, type SceneTextures } from './textures.js';
import { BITMAP, COLORS, FONT_MATH, FONT_SANS, mix } from './theme.js';

/** What one neuron shows; null hides a value (not yet computed in an animation); NaN shows "?" (a value a lesson asks for). */
export interface NeuronState {
  e: number | null;
  y: number | null;
  /** 0 … 1: how far the Σ half and the f half have filled (1 in the steady view). */
  eLevel: number;
  yLevel: number;
  delta: number | null;
  /** 0 … 1 */
  deltaAlpha: number;
  /** A ring around the neuron: colour and strength 0 … 1. */
  ring: number;
  ringColor: number;
  /** A short pop of the δ pill when a contribution arrives (0 … 1). */
  pop: number;
}

interface NeuronView {
  x: number;
  y: number;
  r: number;
  text: boolean;
  left: HalfFill;
  right: HalfFill;
  ring: Sprite;
  eText: BitmapText | null;
  yText: BitmapText | null;
  eShown: string;
  yShown: string;
  pill: Container | null;
  pillText: BitmapText | null;
  pillShown: string;
  pillW: number;
  /** Widest a value may be inside a half. */
  fit: number;
}

interface InputView {
  x: number;
  y: number;
  value: BitmapText;
  ring: Sprite;
  shown: string;
  w: number;
  h: number;
}

interface CardView {
  rect: Rect;
  y: BitmapText;
  z: BitmapText;
  delta: BitmapText;
  band: Sprite;
  shown: [string, string, string];
}

export class NeuronLayer {
  /** Static, under the edges: shadows of the boxes and the card, the card's ground. */
  readonly back = new Container();
  /** Over the edges: the neurons' bodies and their halves' fills, the card's δ band. */
  readonly fills = new Container();
  /** Static, over the fills: Σ and f, numbers, input boxes, the card's text. */
  readonly front = new Container();
  /** Dynamic, on top: values, rings, δ pills. */
  readonly marks = new Container();
  private neurons: NeuronView[][] = [];
  private inputs: InputView[] = [];
  private cards: (CardView | null)[] = [];
  private hoverRing: Sprite | null = null;

  constructor(
    private readonly textures: SceneTextures,
    private readonly makeHalfFill: HalfFillFactory,
  ) {}

  build(layout: SceneLayout, names: Notation): void {
    this.clear();
    const L = layout.sizes.length;
    for (let i = 0; i < layout.sizes[0]; i++) this.inputs.push(this.makeInput(layout, i));
    this.neurons.push([]);
    for (let l = 1; l < L; l++) {
      const row: NeuronView[] = [];
      for (let j = 0; j < layout.sizes[l]; j++) row.push(this.makeNeuron(layout, names, l, j));
      this.neurons.push(row);
    }
    for (let j = 0; j < layout.sizes[L - 1]; j++) {
      const rect = layout.cards[j];
      this.cards.push(rect ? this.makeCard(layout, rect, j) : null);
    }
    this.hoverRing = new Sprite();
    this.hoverRing.visible = false;
    this.hoverRing.tint = COLORS.ink;
    this.hoverRing.alpha = 0.4;
    this.marks.addChild(this.hoverRing);
  }

  private makeInput(layout: SceneLayout, i: number): InputView {
    const node = layout.nodes[0][i];
    const { w, h } = layout.inputBox;
    const x0 = node.x - w / 2;
    const y0 = node.y - h / 2;
    const tx = this.textures;
    this.back.addChild(sprite(tx.roundRect(w, h, 7), x0, y0 + 2, COLORS.ink, 0.08));
    const split = x0 + w * 0.42;
    this.front.addChild(
      sprite(tx.roundRect(w, h, 7), x0, y0, COLORS.paper),
      sprite(tx.roundRect(w, h, 7, 1.6), x0, y0, COLORS.ink),
      line(tx.line, split, y0 + 5, split, y0 + h - 5, 1, COLORS.faint),
    );
    const name = new Text({
      text: `x${i + 1}`,
      style: { fontFamily: FONT_MATH, fontSize: Math.round(h * 0.4), fontStyle: 'italic', fill: COLORS.muted },
    });
    name.anchor.set(0.5);
    name.position.set((x0 + split) / 2, node.y);
    this.front.addChild(name);

    const ring = new Sprite(this.textures.roundRect(w + 10, h + 10, 10, 3));
    ring.position.set(x0 - 5, y0 - 5);
    ring.tint = COLORS.forward;
    ring.visible = false;
    const value = new BitmapText({ text: '', style: { fontFamily: BITMAP.valueBold, fontSize: layout.valueFont[0] + 1 } });
    value.anchor.set(0.5);
    value.position.set((split + x0 + w) / 2, node.y);
    value.tint = COLORS.ink;
    this.marks.addChild(ring, value);
    return { x: node.x, y: node.y, value, ring, shown: '\u0000', w, h };
  }

  private makeHalf(r: number, side: -1 | 1, x: number, y: number): HalfFill {
    const half = this.makeHalfFill(r, side, x, y);
    this.fills.addChild(half.view);
    return half;
  }

  private makeNeuron(layout: SceneLayout, names: Notation, l: number, j: number): NeuronView {
    const node = layout.nodes[l][j];
    const { x, y, r } = node;
    const text = layout.textInside[l];

    const tx = this.textures;
    // Shadow, body, divider and outline in one sprite; the two halves' colours over it,
    // inset so that the outline and the divider still show.
    const stroke = Math.max(1, Math.min(2.2, r * 0.06));
    const divider = Math.max(0.8, Math.min(1.3, r * 0.04));
    this.fills.addChild(sprite(tx.neuron(r, stroke, divider), x - r - 3, y - r - 3, 0xffffff));
    const inner = r - stroke / 2;
    const left = this.makeHalf(inner, -1, x - divider / 2, y);
    const right = this.makeHalf(inner, 1, x + divider / 2, y);

    const ringW = Math.max(2, r * 0.09);
    const ring = new Sprite(this.textures.ring(r + 2 + ringW, ringW));
    ring.anchor.set(0.5);
    ring.position.set(x, y);
    ring.visible = false;
    this.marks.addChild(ring);

    let eText: BitmapText | null = null;
    let yText: BitmapText | null = null;
    let pill: Container | null = null;
    let pillText: BitmapText | null = null;
    let pillW = 0;
    if (text) {
      const glyph = Math.round(Math.min(15, r * 0.36));
      const sigma = new Text({ text: 'Σ', style: { fontFamily: FONT_MATH, fontSize: glyph, fill: COLORS.muted } });
      sigma.anchor.set(0.5);
      sigma.position.set(x - r * 0.47, y - r * 0.36);
      const f = new Text({ text: 'f', style: { fontFamily: FONT_MATH, fontSize: glyph + 1, fontStyle: 'italic', fill: COLORS.muted } });
      f.anchor.set(0.5);
      f.position.set(x + r * 0.47, y - r * 0.36);
      this.front.addChild(sigma, f);
      eText = new BitmapText({ text: '', style: { fontFamily: BITMAP.valueBold, fontSize: layout.valueFont[l] } });
      eText.anchor.set(0.5);
      eText.position.set(x - r * 0.5, y + r * 0.14);
      eText.tint = COLORS.ink;
      yText = new BitmapText({ text: '', style: { fontFamily: BITMAP.valueBold, fontSize: layout.valueFont[l] } });
      yText.anchor.set(0.5);
      yText.position.set(x + r * 0.5, y + r * 0.14);
      yText.tint = COLORS.ink;
      this.marks.addChild(eText, yText);

      pillW = Math.round(Math.max(58, r * 1.7));
      pill = new Container();
      // On the neuron's lower rim, as the number sits on its upper one.
      pill.position.set(x, y + r - 1);
      const edge = sprite(tx.roundRect(pillW + 3, 23, 11.5), -(pillW + 3) / 2, -11.5, COLORS.paper);
      const body = sprite(tx.roundRect(pillW, 20, 10), -pillW / 2, -10, COLORS.backwardInk);
      pillText = new BitmapText({ text: '', style: { fontFamily: BITMAP.valueBold, fontSize: 12 } });
      pillText.anchor.set(0.5);
      pillText.tint = COLORS.paper;
      pill.addChild(edge, body, pillText);
      pill.visible = false;
      this.marks.addChild(pill);
    }
    if (r >= 14) {
      // The article's number, in a tag on the neuron's top.
      const tagR = Math.max(8, Math.min(11, r * 0.27));
      const rim = sprite(tx.disc(tagR + 1.5), x, y - r, COLORS.paper);
      rim.anchor.set(0.5);
      const badge = sprite(tx.disc(tagR), x, y - r, COLORS.ink);
      badge.anchor.set(0.5);
      const num = new Text({
        text: String(names.number(l, j)),
        style: { fontFamily: FONT_SANS, fontSize: Math.round(tagR * 1.15), fontWeight: '700', fill: COLORS.paper },
      });
      num.anchor.set(0.5);
      num.position.set(x, y - r);
      this.front.addChild(rim, badge, num);
    }
    return {
      x,
      y,
      r,
      text,
      left,
      right,
      ring,
      eText,
      yText,
      eShown: '\u0000',
      yShown: '\u0000',
      pill,
      pillText,
      pillShown: '\u0000',
      pillW,
      fit: r * 0.88,
    };
  }

  private makeCard(layout: SceneLayout, rect: Rect, j: number): CardView {
    const L = layout.sizes.length;
    const node = layout.nodes[L - 1][j];
    const { x, y, w, h } = rect;
    const tx = this.textures;
    this.back.addChild(
      sprite(tx.roundRect(w, h, 10), x, y + 2, COLORS.ink, 0.07),
      sprite(tx.roundRect(w, h, 10), x, y, COLORS.paper),
      sprite(tx.roundRect(w, h, 10, 1.2), x, y, COLORS.faint),
    );
    const band = new Sprite(tx.roundRect(w - 8, h * 0.44 - 4, 7));
    band.position.set(x + 4, y + h * 0.56);
    band.tint = COLORS.backward;
    band.visible = false;
    this.fills.addChild(band);

    const rowH = h * 0.23;
    const label = (t: string, ty: number) => {
      const s = new Text({ text: t, style: { fontFamily: FONT_MATH, fontSize: 15, fontStyle: 'italic', fill: COLORS.muted } });
      s.anchor.set(0, 0.5);
      s.position.set(x + 12, ty);
      return s;
    };
    const yRow = y + rowH * 0.62 + 4;
    const zRow = yRow + rowH;
    const dLabel = new Text({ text: 'δ = z − y', style: { fontFamily: FONT_MATH, fontSize: 13, fontStyle: 'italic', fill: COLORS.backwardInk } });
    dLabel.anchor.set(0, 0.5);
    dLabel.position.set(x + 12, y + h * 0.66);
    const rule = line(tx.line, x + 10, y + h * 0.53, x + w - 10, y + h * 0.53, 1, COLORS.faint);
    this.front.addChild(label('y', yRow), label(outputName(layout, j, 'z'), zRow), rule, dLabel);

    const value = (size: number, vx: number, vy: number, tint: number) => {
      const b = new BitmapText({ text: '', style: { fontFamily: BITMAP.valueBold, fontSize: size } });
      b.anchor.set(1, 0.5);
      b.position.set(vx, vy);
      b.tint = tint;
      this.marks.addChild(b);
      return b;
    };
    const yValue = value(14, x + w - 12, yRow, COLORS.ink);
    const zValue = value(14, x + w - 12, zRow, COLORS.ink);
    const dValue = value(19, x + w - 12, y + h * 0.84, COLORS.backwardInk);

    // The output y leaves the network for the card.
    const ax0 = node.x + node.r + 6;
    const ax1 = x - 6;
    const ay = Math.max(y + 14, Math.min(y + h - 14, node.y));
    if (ax1 - ax0 > 12) {
      const head = sprite(tx.arrowHead(10), ax1, ay, COLORS.ink, 0.75);
      head.anchor.set(1, 0.5);
      head.rotation = Math.atan2(ay - node.y, ax1 - ax0);
      this.front.addChild(line(tx.line, ax0, node.y, ax1 - 8, ay, 1.6, COLORS.ink, 0.75), head);
    }
    return { rect, y: yValue, z: zValue, delta: dValue, band, shown: ['\u0000', '\u0000', '\u0000'] };
  }

  /** x of every input; null hides the values. `glow` lights their outline (0 … 1). */
  setInputs(x: ArrayLike<number> | null, glow = 0): void {
    for (let i = 0; i < this.inputs.length; i++) {
      const v = this.inputs[i];
      const s = x ? fmtData(x[i]) : '–';
      if (s !== v.shown) {
        v.value.text = s;
        v.shown = s;
        fitText(v.value, v.w * 0.54);
      }
      v.ring.visible = glow > 0.01;
      v.ring.alpha = glow;
    }
  }

  /** Sets neuron j of layer l (≥ 1). */
  setNeuron(l: number, j: number, s: NeuronState): void {
    const v = this.neurons[l][j];
    const strong = !v.text;
    v.left.set(s.eLevel, s.e === null || Number.isNaN(s.e) ? COLORS.paper : valueTint(s.e, 4, strong));
    v.right.set(s.yLevel, s.y === null || Number.isNaN(s.y) ? COLORS.paper : valueTint(s.y, 1, strong));
    if (v.eText && v.yText) {
      const es = s.e === null ? '' : Number.isNaN(s.e) ? '?' : fmtCompact(s.e);
      const ys = s.y === null ? '' : Number.isNaN(s.y) ? '?' : fmtCompact(s.y);
      if (es !== v.eShown) {
        v.eText.text = es;
        v.eShown = es;
        fitText(v.eText, v.fit);
      }
      if (ys !== v.yShown) {
        v.yText.text = ys;
        v.yShown = ys;
        fitText(v.yText, v.fit);
      }
    }
    if (v.pill && v.pillText) {
      const shown = s.delta !== null && s.deltaAlpha > 0.01;
      v.pill.visible = shown;
      if (shown) {
        v.pill.alpha = s.deltaAlpha;
        const text = Number.isNaN(s.delta!) ? 'δ ?' : `δ ${fmt(s.delta!)}`;
        if (text !== v.pillShown) {
          v.pillText.text = text;
          v.pillShown = text;
          fitText(v.pillText, v.pillW - 10);
        }
        v.pill.scale.set(1 + 0.18 * s.pop);
      }
    }
    let ring = s.ring;
    let ringColor = s.ringColor;
    if (!v.text && s.delta !== null && s.deltaAlpha > 0 && ring < 0.01) {
      // Too small for a pill: the error shows as a purple ring, stronger for larger |δ|.
      ring = s.deltaAlpha * Math.min(1, 0.25 + Math.abs(s.delta) * 4);
      ringColor = COLORS.backward;
    }
    v.ring.visible = ring > 0.01;
    if (v.ring.visible) {
      v.ring.alpha = ring;
      v.ring.tint = ringColor;
    }
  }

  /** The output card of output neuron j: y, z and δ = z − y (null hides), with the δ row lit by `glow`. */
  setCard(j: number, y: number | null, z: number | null, delta: number | null, glow = 0): void {
    const c = this.cards[j];
    if (!c) return;
    const ys = y === null ? '–' : Number.isNaN(y) ? '?' : fmt(y);
    const zs = z === null ? '–' : Number.isNaN(z) ? '?' : fmtData(z);
    const ds = delta === null ? '–' : Number.isNaN(delta) ? '?' : fmt(delta);
    if (ys !== c.shown[0]) {
      c.y.text = ys;
      c.shown[0] = ys;
    }
    if (zs !== c.shown[1]) {
      c.z.text = zs;
      c.shown[1] = zs;
    }
    if (ds !== c.shown[2]) {
      c.delta.text = ds;
      c.shown[2] = ds;
      fitText(c.delta, c.rect.w - 24);
    }
    c.band.visible = glow > 0.01;
    c.band.alpha = 0.22 * glow;
  }

  /** A ring around a hovered neuron (layer ≥ 1) or input box (layer 0); l < 0 hides it. */
  setHovered(l: number, j: number): void {
    const g = this.hoverRing;
    if (!g) return;
    if (l < 0) {
      g.visible = false;
      return;
    }
    if (l === 0) {
      const v = this.inputs[j];
      g.texture = this.textures.roundRect(v.w + 6, v.h + 6, 9, 1.5);
      g.anchor.set(0);
      g.position.set(v.x - v.w / 2 - 3, v.y - v.h / 2 - 3);
    } else {
      const v = this.neurons[l][j];
      g.texture = this.textures.ring(v.r + 3, 1.5);
      g.anchor.set(0.5);
      g.position.set(v.x, v.y);
    }
    g.visible = true;
  }

  clear(): void {
    for (const row of this.neurons) {
      for (const v of row) {
        v.left.destroy();
        v.right.destroy();
      }
    }
    for (const c of [this.back, this.fills, this.front, this.marks]) c.removeChildren().forEach((o) => o.destroy({ children: true }));
    this.neurons = [];
    this.inputs = [];
    this.cards = [];
    this.hoverRing = null;
  }

  destroy(): void {
    this.clear();
    for (const c of [this.back, this.fills, this.front, this.marks]) c.destroy();
  }
}

function sprite(texture: Texture, x: number, y: number, tint: number, alpha = 1): Sprite {
  const s = new Sprite(texture);
  s.position.set(x, y);
  s.tint = tint;
  s.alpha = alpha;
  return s;
}

/** A straight stroke from (x0, y0) to (x1, y1), `width` pixels wide, from the soft line texture. */
export function line(texture: Texture, x0: number, y0: number, x1: number, y1: number, width: number, tint: number, alpha = 1): Sprite {
  const s = sprite(texture, x0, y0, tint, alpha);
  s.anchor.set(0, 0.5);
  s.rotation = Math.atan2(y1 - y0, x1 - x0);
  s.width = Math.hypot(x1 - x0, y1 - y0);
  s.height = width * LINE_OVERSIZE;
  return s;
}

/** "z" for a lone output, z1, z2 … for several. */
function outputName(layout: SceneLayout, j: number, base: string): string {
  return layout.sizes[layout.sizes.length - 1] === 1 ? base : `${base}${j + 1}`;
}

/** Paper tinted towards the sign's colour, more for a bigger |v| (|v| ≥ full is full strength). */
function valueTint(v: number, full: number, strong: boolean): number {
  if (!Number.isFinite(v)) return COLORS.faint;
  const m = Math.min(1, Math.abs(v) / full);
  const c = v < 0 ? COLORS.negative : COLORS.positive;
  return strong ? mix(COLORS.paper, c, 0.12 + 0.7 * m) : mix(COLORS.paper, c, 0.06 + 0.22 * m);
}

/** Shrinks a value's text to fit a width, never enlarging it. */
function fitText(t: BitmapText, maxW: number): void {
  t.scale.set(1);
  const w = t.width;
  if (w > maxW && w > 0) t.scale.set(maxW / w);
}

/**
 * The nodes of the picture: input boxes (x1, x2 and their values), neurons
 * drawn as the article's split circle (left half Σ showing e, right half f
 * showing y, the article's number on top, δ in a pill underneath), and the
 * output's card comparing y with the target z (δ = z − y).
 *
 * Views only copy values they are given; they decide nothing.
 */
import { BitmapText, Container, Graphics, Text } from 'pixi.js';
import type { Notation } from './captions.js';
import { fmt, fmtCompact, fmtData } from './format.js';
import type { Rect, SceneLayout } from './layout.js';
import { BITMAP, COLORS, FONT_MATH, FONT_SANS, mix } from './theme.js';

/** What one neuron shows; null hides a value (not yet computed in an animation). */
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
  l: number;
  j: number;
  x: number;
  y: number;
  r: number;
  text: boolean;
  root: Container;
  left: Graphics;
  right: Graphics;
  leftLevel: number;
  rightLevel: number;
  ring: Graphics;
  eText: BitmapText | null;
  yText: BitmapText | null;
  eShown: string;
  yShown: string;
  eTint: number;
  yTint: number;
  pill: Container | null;
  pillText: BitmapText | null;
  pillBack: Graphics | null;
  pillShown: string;
  /** Widest a value may be inside a half. */
  fit: number;
}

interface InputView {
  root: Container;
  value: BitmapText;
  ring: Graphics;
  shown: string;
  w: number;
  h: number;
}

interface CardView {
  rect: Rect;
  root: Container;
  y: BitmapText;
  z: BitmapText;
  delta: BitmapText;
  band: Graphics;
  shown: [string, string, string];
}

export class NeuronLayer {
  readonly root = new Container();
  private neurons: NeuronView[][] = [];
  private inputs: InputView[] = [];
  private cards: (CardView | null)[] = [];
  private arrows = new Graphics();
  private hoverRing = new Graphics();

  build(layout: SceneLayout, names: Notation): void {
    this.clear();
    this.arrows = new Graphics();
    this.root.addChild(this.arrows);
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
    this.hoverRing = new Graphics();
    this.hoverRing.visible = false;
    this.root.addChild(this.hoverRing);
  }

  private makeInput(layout: SceneLayout, i: number): InputView {
    const node = layout.nodes[0][i];
    const { w, h } = layout.inputBox;
    const root = new Container();
    root.position.set(node.x, node.y);
    const ring = new Graphics().roundRect(-w / 2 - 4, -h / 2 - 4, w + 8, h + 8, 10).stroke({ color: 0xffffff, width: 3 });
    ring.tint = COLORS.forward;
    ring.alpha = 0;
    const shadow = new Graphics().roundRect(-w / 2, -h / 2 + 2, w, h, 7).fill({ color: COLORS.ink, alpha: 0.08 });
    const box = new Graphics()
      .roundRect(-w / 2, -h / 2, w, h, 7)
      .fill(COLORS.paper)
      .stroke({ color: COLORS.ink, width: 1.6 });
    const split = -w / 2 + w * 0.42;
    box.moveTo(split, -h / 2 + 5).lineTo(split, h / 2 - 5).stroke({ color: COLORS.faint, width: 1 });
    const name = new Text({
      text: `x${i + 1}`,
      style: { fontFamily: FONT_MATH, fontSize: Math.round(h * 0.4), fontStyle: 'italic', fill: COLORS.muted },
    });
    name.anchor.set(0.5);
    name.position.set((-w / 2 + split) / 2, 0);
    const value = new BitmapText({ text: '', style: { fontFamily: BITMAP.valueBold, fontSize: layout.valueFont[0] + 1 } });
    value.anchor.set(0.5);
    value.position.set((split + w / 2) / 2, 0);
    value.tint = COLORS.ink;
    root.addChild(ring, shadow, box, name, value);
    this.root.addChild(root);
    return { root, value, ring, shown: '', w, h };
  }

  private makeNeuron(layout: SceneLayout, names: Notation, l: number, j: number): NeuronView {
    const node = layout.nodes[l][j];
    const r = node.r;
    const text = layout.textInside[l];
    const root = new Container();
    root.position.set(node.x, node.y);

    const ring = new Graphics().circle(0, 0, r + 4).stroke({ color: 0xffffff, width: Math.max(2, r * 0.09) });
    ring.alpha = 0;
    const shadow = new Graphics().circle(0, r * 0.05 + 1, r).fill({ color: COLORS.ink, alpha: 0.09 });
    const body = new Graphics().circle(0, 0, r).fill(COLORS.paper);
    const left = new Graphics();
    const right = new Graphics();
    const outline = new Graphics()
      .moveTo(0, -r + 1)
      .lineTo(0, r - 1)
      .stroke({ color: COLORS.ink, width: Math.max(0.8, Math.min(1.4, r * 0.04)), alpha: 0.55 })
      .circle(0, 0, r)
      .stroke({ color: COLORS.ink, width: Math.max(1, Math.min(2.2, r * 0.06)) });
    root.addChild(ring, shadow, body, left, right, outline);

    let eText: BitmapText | null = null;
    let yText: BitmapText | null = null;
    let pill: Container | null = null;
    let pillText: BitmapText | null = null;
    let pillBack: Graphics | null = null;
    if (text) {
      const glyph = Math.round(Math.min(15, r * 0.36));
      const sigma = new Text({ text: 'Σ', style: { fontFamily: FONT_MATH, fontSize: glyph, fill: COLORS.muted } });
      sigma.anchor.set(0.5);
      sigma.position.set(-r * 0.47, -r * 0.36);
      const f = new Text({ text: 'f', style: { fontFamily: FONT_MATH, fontSize: glyph + 1, fontStyle: 'italic', fill: COLORS.muted } });
      f.anchor.set(0.5);
      f.position.set(r * 0.47, -r * 0.36);
      eText = new BitmapText({ text: '', style: { fontFamily: BITMAP.valueBold, fontSize: layout.valueFont[l] } });
      eText.anchor.set(0.5);
      eText.position.set(-r * 0.48, r * 0.14);
      eText.tint = COLORS.ink;
      yText = new BitmapText({ text: '', style: { fontFamily: BITMAP.valueBold, fontSize: layout.valueFont[l] } });
      yText.anchor.set(0.5);
      yText.position.set(r * 0.48, r * 0.14);
      yText.tint = COLORS.ink;
      root.addChild(sigma, f, eText, yText);

      // The article's number, in a tag on the neuron's top.
      const tagR = Math.max(8, Math.min(11, r * 0.26));
      const badge = new Graphics()
        .circle(0, -r, tagR)
        .fill(COLORS.ink)
        .stroke({ color: COLORS.paper, width: 1.5 });
      const num = new Text({
        text: String(names.number(l, j)),
        style: { fontFamily: FONT_SANS, fontSize: Math.round(tagR * 1.15), fontWeight: '700', fill: COLORS.paper },
      });
      num.anchor.set(0.5);
      num.position.set(0, -r);
      root.addChild(badge, num);

      pill = new Container();
      pill.position.set(0, r + 14);
      pillBack = new Graphics();
      pillText = new BitmapText({ text: '', style: { fontFamily: BITMAP.valueBold, fontSize: 12 } });
      pillText.anchor.set(0.5);
      pillText.tint = COLORS.paper;
      pill.addChild(pillBack, pillText);
      pill.alpha = 0;
      root.addChild(pill);
    }
    this.root.addChild(root);
    const view: NeuronView = {
      l,
      j,
      x: node.x,
      y: node.y,
      r,
      text,
      root,
      left,
      right,
      leftLevel: -1,
      rightLevel: -1,
      ring,
      eText,
      yText,
      eShown: '\u0000',
      yShown: '\u0000',
      eTint: -1,
      yTint: -1,
      pill,
      pillText,
      pillBack,
      pillShown: '\u0000',
      fit: r * 0.84,
    };
    drawHalf(view.left, r, -1, 1);
    drawHalf(view.right, r, 1, 1);
    view.leftLevel = view.rightLevel = 1;
    return view;
  }

  private makeCard(layout: SceneLayout, rect: Rect, j: number): CardView {
    const L = layout.sizes.length;
    const node = layout.nodes[L - 1][j];
    const root = new Container();
    root.position.set(rect.x, rect.y);
    const { w, h } = rect;
    const shadow = new Graphics().roundRect(0, 2, w, h, 10).fill({ color: COLORS.ink, alpha: 0.07 });
    const back = new Graphics().roundRect(0, 0, w, h, 10).fill(COLORS.paper).stroke({ color: COLORS.faint, width: 1.2 });
    const band = new Graphics().roundRect(4, h * 0.56, w - 8, h * 0.44 - 4, 7).fill(0xffffff);
    band.tint = COLORS.backward;
    band.alpha = 0;
    const rowH = h * 0.23;
    const label = (t: string, y: number, italic = true) => {
      const x = new Text({ text: t, style: { fontFamily: FONT_MATH, fontSize: 15, fontStyle: italic ? 'italic' : 'normal', fill: COLORS.muted } });
      x.anchor.set(0, 0.5);
      x.position.set(12, y);
      return x;
    };
    const yRow = rowH * 0.62 + 4;
    const zRow = yRow + rowH;
    const yLabel = label('y', yRow);
    const zLabel = label('z', zRow);
    const yValue = new BitmapText({ text: '', style: { fontFamily: BITMAP.valueBold, fontSize: 14 } });
    yValue.anchor.set(1, 0.5);
    yValue.position.set(w - 12, yRow);
    yValue.tint = COLORS.ink;
    const zValue = new BitmapText({ text: '', style: { fontFamily: BITMAP.valueBold, fontSize: 14 } });
    zValue.anchor.set(1, 0.5);
    zValue.position.set(w - 12, zRow);
    zValue.tint = COLORS.ink;
    const rule = new Graphics().moveTo(10, h * 0.53).lineTo(w - 10, h * 0.53).stroke({ color: COLORS.faint, width: 1 });
    const dLabel = new Text({ text: 'δ = z − y', style: { fontFamily: FONT_MATH, fontSize: 13, fontStyle: 'italic', fill: COLORS.backwardInk } });
    dLabel.anchor.set(0, 0.5);
    dLabel.position.set(12, h * 0.66);
    const dValue = new BitmapText({ text: '', style: { fontFamily: BITMAP.valueBold, fontSize: 19 } });
    dValue.anchor.set(1, 0.5);
    dValue.position.set(w - 12, h * 0.84);
    dValue.tint = COLORS.backwardInk;
    root.addChild(shadow, back, band, yLabel, zLabel, yValue, zValue, rule, dLabel, dValue);
    this.root.addChild(root);

    // The output y leaves the network for the card.
    const ax0 = node.x + node.r + 6;
    const ax1 = rect.x - 6;
    const ay = Math.max(rect.y + 14, Math.min(rect.y + h - 14, node.y));
    if (ax1 - ax0 > 12) {
      this.arrows
        .moveTo(ax0, node.y)
        .lineTo(ax1 - 7, ay)
        .stroke({ color: COLORS.ink, width: 1.6, alpha: 0.75 })
        .poly([ax1, ay, ax1 - 9, ay - 5, ax1 - 9, ay + 5], true)
        .fill({ color: COLORS.ink, alpha: 0.75 });
    }
    return { rect, root, y: yValue, z: zValue, delta: dValue, band, shown: ['\u0000', '\u0000', '\u0000'] };
  }

  neuron(l: number, j: number): { x: number; y: number; r: number } {
    const v = this.neurons[l][j];
    return { x: v.x, y: v.y, r: v.r };
  }

  /** x of every input; null hides the values. */
  setInputs(x: ArrayLike<number> | null, glow = 0): void {
    for (let i = 0; i < this.inputs.length; i++) {
      const v = this.inputs[i];
      const s = x ? fmtData(x[i]) : '–';
      if (s !== v.shown) {
        v.value.text = s;
        v.shown = s;
        fitText(v.value, v.w * 0.54);
      }
      v.ring.alpha = glow;
    }
  }

  /** Sets neuron j of layer l (≥ 1). */
  setNeuron(l: number, j: number, s: NeuronState): void {
    const v = this.neurons[l][j];
    if (v.leftLevel !== s.eLevel) {
      drawHalf(v.left, v.r, -1, s.eLevel);
      v.leftLevel = s.eLevel;
    }
    if (v.rightLevel !== s.yLevel) {
      drawHalf(v.right, v.r, 1, s.yLevel);
      v.rightLevel = s.yLevel;
    }
    const strong = !v.text;
    const eTint = s.e === null ? COLORS.paper : valueTint(s.e, 4, strong);
    const yTint = s.y === null ? COLORS.paper : valueTint(s.y, 1, strong);
    if (eTint !== v.eTint) {
      v.left.tint = eTint;
      v.eTint = eTint;
    }
    if (yTint !== v.yTint) {
      v.right.tint = yTint;
      v.yTint = yTint;
    }
    if (v.eText && v.yText) {
      const es = s.e === null ? '' : fmtCompact(s.e);
      const ys = s.y === null ? '' : fmtCompact(s.y);
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
      if (v.pill && v.pillText && v.pillBack) {
        v.pill.alpha = s.delta === null ? 0 : s.deltaAlpha;
        if (s.delta !== null) {
          const text = `δ ${fmt(s.delta)}`;
          if (text !== v.pillShown) {
            v.pillText.text = text;
            v.pillShown = text;
            const w = Math.max(40, v.pillText.width + 14);
            v.pillBack.clear().roundRect(-w / 2, -10, w, 20, 10).fill(COLORS.backwardInk).stroke({ color: COLORS.paper, width: 1.5 });
          }
          v.pill.scale.set(1 + 0.18 * s.pop);
        }
      }
    }
    let ring = s.ring;
    let ringColor = s.ringColor;
    if (!v.text && s.delta !== null && s.deltaAlpha > 0 && ring < 0.01) {
      // Too small for a pill: the error shows as a purple ring, stronger for larger |δ|.
      ring = s.deltaAlpha * Math.min(1, 0.25 + Math.abs(s.delta) * 4);
      ringColor = COLORS.backward;
    }
    v.ring.alpha = ring;
    v.ring.tint = ringColor;
  }

  /** The output card of output neuron j: y, z and δ = z − y (null hides), with the δ row lit by `glow`. */
  setCard(j: number, y: number | null, z: number | null, delta: number | null, glow = 0): void {
    const c = this.cards[j];
    if (!c) return;
    const ys = y === null ? '·' : fmt(y);
    const zs = z === null ? '–' : fmtData(z);
    const ds = delta === null ? '·' : fmt(delta);
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
    c.band.alpha = 0.22 * glow;
  }

  /** A ring around a hovered neuron (layer ≥ 1) or input box (layer 0); l < 0 hides it. */
  setHovered(l: number, j: number): void {
    const g = this.hoverRing;
    if (l < 0) {
      g.visible = false;
      return;
    }
    g.clear();
    if (l === 0) {
      const v = this.inputs[j];
      g.roundRect(v.root.x - v.w / 2 - 3, v.root.y - v.h / 2 - 3, v.w + 6, v.h + 6, 9).stroke({ color: COLORS.ink, width: 1.5, alpha: 0.45 });
    } else {
      const v = this.neurons[l][j];
      g.circle(v.x, v.y, v.r + 3).stroke({ color: COLORS.ink, width: 1.5, alpha: 0.45 });
    }
    g.visible = true;
  }

  clear(): void {
    this.root.removeChildren().forEach((c) => c.destroy({ children: true }));
    this.neurons = [];
    this.inputs = [];
    this.cards = [];
  }

  destroy(): void {
    this.clear();
    this.root.destroy();
  }
}

/** Paper tinted towards the sign's colour, more for a bigger |v| (|v| ≥ full is full strength). */
function valueTint(v: number, full: number, strong: boolean): number {
  if (!Number.isFinite(v)) return COLORS.faint;
  const m = Math.min(1, Math.abs(v) / full);
  const c = v < 0 ? COLORS.negative : COLORS.positive;
  return strong ? mix(COLORS.paper, c, 0.12 + 0.7 * m) : mix(COLORS.paper, c, 0.06 + 0.2 * m);
}

/** Shrinks a value's text to fit a width, never enlarging it. */
function fitText(t: BitmapText, maxW: number): void {
  t.scale.set(1);
  const w = t.width;
  if (w > maxW && w > 0) t.scale.set(maxW / w);
}

/**
 * One half of a neuron (side −1: the Σ half, +1: the f half), filled from
 * the bottom up to `level` (0 … 1), drawn white for tinting.
 */
function drawHalf(g: Graphics, r: number, side: -1 | 1, level: number): void {
  g.clear();
  const p = Math.max(0, Math.min(1, level));
  if (p <= 0) return;
  const ri = r - 0.5;
  const yTop = ri - 2 * ri * p;
  const top = Math.asin(Math.max(-1, Math.min(1, yTop / ri)));
  const steps = Math.max(6, Math.ceil(ri * 0.6 * p));
  const pts: number[] = [0, ri];
  for (let s = 0; s <= steps; s++) {
    const a = Math.PI / 2 + ((top - Math.PI / 2) * s) / steps;
    pts.push(side * ri * Math.cos(a), ri * Math.sin(a));
  }
  pts.push(0, yTop);
  g.poly(pts, true).fill(0xffffff);
}

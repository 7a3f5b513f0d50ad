/**
 * The view of one network shape: its layout, the neurons, edges, badges,
 * pulses and legend, and the textures they are drawn from. Built once per
 * shape (layer sizes and bias) and size, rebuilt when either changes; in
 * between it only copies the values it is given — a snapshot's, a
 * lesson's picture — into the views, and keeps those values for whoever
 * reads what the picture shows. It draws the way the renderer draws best
 * (strokes and half fills per renderer) and decides nothing.
 */
import type { Application } from 'pixi.js';
import type { LessonPicture } from '../../core/lessons/picture.js';
import { type Notation, notationFor } from './captions.js';
import { Decor } from './decor.js';
import { EdgeLayer } from './edges.js';
import { type HalfFillFactory, PathHalf, SpriteHalf } from './half-fill.js';
import type { RendererKind } from './gpu.js';
import { type SceneLayout, computeLayout } from './layout.js';
import { NeuronLayer } from './neurons.js';
import { PulseLayer } from './pulses.js';
import { StrokeCanvas } from './stroke-canvas.js';
import { StrokeMesh } from './stroke-mesh.js';
import type { StrokesFactory } from './strokes.js';
import { SceneTextures } from './textures.js';
import { COLORS } from './theme.js';
import type { ViewValues } from './values.js';

export class NetworkView {
  readonly textures: SceneTextures;
  readonly edges: EdgeLayer;
  readonly neurons: NeuronLayer;
  readonly pulses: PulseLayer;
  readonly decor: Decor;
  /** Where everything goes, for the shape and size built last (null before the first shape). */
  layout: SceneLayout | null = null;
  /** The article's names for this shape's neurons and weights (null before the first shape). */
  names: Notation | null = null;
  /** The values of the steady picture last copied in (null before any). */
  shown: ViewValues | null = null;
  private shapeKey = '';

  constructor(app: Application, renderer: RendererKind) {
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
  }

  /** Whether this is the shape the view was made for (layer sizes and bias). */
  hasShape(layers: readonly number[], bias: boolean): boolean {
    return shapeKeyOf(layers, bias) === this.shapeKey;
  }

  /** Takes a new shape and its names; build() then lays it out. */
  setShape(layers: readonly number[], bias: boolean): void {
    this.shapeKey = shapeKeyOf(layers, bias);
    this.names = notationFor(layers, bias);
  }

  /** Lays the current shape out at this size and makes its views afresh (empty until values come). */
  build(width: number, height: number): SceneLayout {
    const names = this.names!;
    const layout = computeLayout(names.sizes, width, height);
    this.layout = layout;
    this.edges.clear();
    this.neurons.clear();
    this.textures.clearShapes();
    this.decor.build(layout);
    this.edges.build(layout, names);
    this.neurons.build(layout, names);
    this.pulses.clear();
    return layout;
  }

  /** Drops whatever a step left moving: trails, flashes, pulses. */
  clearMotion(): void {
    this.edges.clearTrails();
    this.edges.clearFlashes();
    this.pulses.clear();
  }

  /** The steady picture: edges, neurons with e and y, the output's card with z and δ = z − y. */
  showValues(v: ViewValues, override: ReadonlyMap<number, number>): void {
    const lay = this.layout;
    if (!lay) return;
    this.shown = v;
    const sizes = lay.sizes;
    const L = sizes.length;
    this.edges.setWeights(v.weights, override);
    this.clearMotion();
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

  /**
   * A lesson's picture: the values it shows, "?" for the ones it asks
   * (null in the picture), nothing for the ones it leaves out (false).
   */
  showPicture(p: LessonPicture, override: ReadonlyMap<number, number>): void {
    const lay = this.layout;
    if (!lay) return;
    const asNumber = (v: number | null | false): number | null => (v === false ? null : v === null ? NaN : v);
    const sizes = lay.sizes;
    const L = sizes.length;
    const weights = p.weights;
    this.shown = { weights, biases: [], e: p.e.map((v) => asNumber(v) ?? 0), y: p.y.map((v) => asNumber(v) ?? 0), z: p.z.map((v) => asNumber(v) ?? NaN) };
    this.edges.setWeights(weights, override);
    this.clearMotion();
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
  }

  destroy(): void {
    this.edges.destroy();
    this.neurons.destroy();
    this.pulses.destroy();
    this.decor.destroy();
    this.textures.destroy();
  }
}

function shapeKeyOf(layers: readonly number[], bias: boolean): string {
  return `${layers.join('-')}${bias ? '+b' : ''}`;
}

function sliceOf(a: ArrayLike<number>, from: number, to: number): number[] {
  const out: number[] = [];
  for (let k = from; k < to; k++) out.push(a[k]);
  return out;
}

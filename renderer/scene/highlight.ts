/**
 * Highlighting: lights the parts of the picture a lesson talks about and
 * dims the rest. Parts come as data (core/lessons/highlight.ts): a neuron,
 * its Σ or f half, an edge, a δ badge, the output card. Formula terms are
 * the DOM's to light; they are ignored here.
 *
 * It draws on a 2D canvas laid over the scene's own, so it works the same
 * under either of the scene's renderers and never touches their views: a
 * veil of the paper's colour over everything, holes cut where the parts
 * are, and an outline around each hole. It reads the layout, draws, and
 * decides nothing.
 */
import type { HighlightPart } from '../../core/lessons/highlight.js';
import type { SceneLayout } from './layout.js';

/** How much of the rest shows through the veil (0 hides it, 1 leaves it). */
const SHOW_REST = 0.35;
const OUTLINE = '#e69f00';

export class Highlight {
  /** Made the first time something is lit: a scene that never highlights has no second canvas. */
  private canvas: HTMLCanvasElement | null = null;
  private parts: readonly HighlightPart[] = [];
  private layout: SceneLayout | null = null;

  constructor(private readonly root: HTMLElement) {}

  private overlay(): HTMLCanvasElement {
    if (this.canvas) return this.canvas;
    const c = document.createElement('canvas');
    c.className = 'scene-highlight';
    c.setAttribute('aria-hidden', 'true');
    const s = c.style;
    s.position = 'absolute';
    s.left = '0';
    s.top = '0';
    s.pointerEvents = 'none';
    c.hidden = true;
    this.root.appendChild(c);
    this.canvas = c;
    return c;
  }

  /** The parts to light; an empty list shows the whole picture. */
  set(parts: readonly HighlightPart[]): void {
    this.parts = parts;
    this.draw();
  }

  /** After the layout changes (a new shape, a resize). */
  relayout(layout: SceneLayout | null): void {
    this.layout = layout;
    this.draw();
  }

  /** The parts lit now, as data attributes tests and screen readers do not need to decode pixels for. */
  get lit(): readonly HighlightPart[] {
    return this.parts;
  }

  private draw(): void {
    const lay = this.layout;
    const scenePart = this.parts.filter((p) => p.kind !== 'term');
    if (!this.canvas && scenePart.length === 0) return;
    const c = this.overlay();
    c.dataset.parts = JSON.stringify(scenePart);
    if (!lay || scenePart.length === 0) {
      c.hidden = true;
      return;
    }
    const dpr = window.devicePixelRatio || 1;
    c.hidden = false;
    c.width = Math.round(lay.width * dpr);
    c.height = Math.round(lay.height * dpr);
    c.style.width = `${lay.width}px`;
    c.style.height = `${lay.height}px`;
    const g = c.getContext('2d');
    if (!g) return;
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    g.clearRect(0, 0, lay.width, lay.height);
    g.globalCompositeOperation = 'source-over';
    g.fillStyle = `rgba(247, 245, 240, ${1 - SHOW_REST})`;
    g.fillRect(0, 0, lay.width, lay.height);
    // Cut the holes, then outline them.
    g.globalCompositeOperation = 'destination-out';
    g.fillStyle = '#000';
    for (const p of scenePart) this.shape(g, lay, p, 0), g.fill();
    g.globalCompositeOperation = 'source-over';
    g.strokeStyle = OUTLINE;
    g.lineWidth = 2.5;
    for (const p of scenePart) this.shape(g, lay, p, 0), g.stroke();
  }

  /** Traces the outline of one part as the current path. */
  private shape(g: CanvasRenderingContext2D, lay: SceneLayout, p: HighlightPart, grow: number): void {
    g.beginPath();
    const pad = 5 + grow;
    switch (p.kind) {
      case 'neuron': {
        const n = lay.nodes[p.l]?.[p.j];
        if (!n) return;
        if (p.l === 0) {
          const { w, h } = lay.inputBox;
          g.roundRect(n.x - w / 2 - pad, n.y - h / 2 - pad, w + 2 * pad, h + 2 * pad, 10);
        } else {
          g.arc(n.x, n.y, n.r + pad, 0, Math.PI * 2);
        }
        return;
      }
      case 'sum':
      case 'f': {
        const n = lay.nodes[p.l]?.[p.j];
        if (!n) return;
        const left = p.kind === 'sum';
        const r = n.r + pad;
        g.moveTo(n.x, n.y - r);
        g.arc(n.x, n.y, r, -Math.PI / 2, Math.PI / 2, left);
        g.closePath();
        return;
      }
      case 'edge': {
        const e = lay.edges.find((q) => q.l === p.l && q.j === p.j && q.i === p.i);
        if (!e) return;
        const half = 7 + grow;
        const nx = (-(e.y1 - e.y0) / e.len) * half;
        const ny = ((e.x1 - e.x0) / e.len) * half;
        g.moveTo(e.x0 + nx, e.y0 + ny);
        g.lineTo(e.x1 + nx, e.y1 + ny);
        g.lineTo(e.x1 - nx, e.y1 - ny);
        g.lineTo(e.x0 - nx, e.y0 - ny);
        g.closePath();
        // The weight's label sits on the edge: light it too.
        const k = lay.edges.indexOf(e);
        const label = lay.labels?.[k];
        if (label) g.roundRect(label.x - 3, label.y - 3, label.w + 6, label.h + 6, 6);
        return;
      }
      case 'delta': {
        const n = lay.nodes[p.l]?.[p.j];
        if (!n) return;
        const w = Math.round(Math.max(58, n.r * 1.7)) + 10;
        g.roundRect(n.x - w / 2, n.y + n.r - 1 - 16, w, 32, 14);
        const card = p.l === lay.sizes.length - 1 ? lay.cards[p.j] : null;
        if (card) g.roundRect(card.x - 3, card.y + card.h * 0.53, card.w + 6, card.h * 0.47 + 3, 10);
        return;
      }
      case 'card': {
        const card = lay.cards[0];
        if (card) g.roundRect(card.x - 4, card.y - 4, card.w + 8, card.h + 8, 12);
        return;
      }
      case 'term':
        return;
    }
  }

  destroy(): void {
    this.canvas?.remove();
  }
}

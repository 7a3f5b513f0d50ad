/**
 * Where everything goes: columns per layer, neuron centres and radii, the
 * input boxes, the edges' end points, the output's target card, the legend,
 * and the weight labels placed so they don't collide. Pure (numbers in,
 * numbers out), recomputed only when the shape or the host's size changes.
 */

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface NodeBox {
  x: number;
  y: number;
  /** Radius of a neuron; for an input, half the box's height. */
  r: number;
}

export interface EdgeGeom {
  /** Weight from neuron i of layer l into neuron j of layer l + 1. */
  l: number;
  j: number;
  i: number;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  len: number;
  angle: number;
}

export interface SceneLayout {
  width: number;
  height: number;
  sizes: readonly number[];
  /** Per layer: the x of its column. */
  columns: number[];
  /** Per layer, per neuron. Layer 0 holds the input boxes' centres. */
  nodes: NodeBox[][];
  /** Size of an input box. */
  inputBox: { w: number; h: number };
  /** Per layer: whether its neurons are big enough to print e and y inside. */
  textInside: boolean[];
  /** Per layer: font size of the values inside its neurons. */
  valueFont: number[];
  /** Every edge, in the flat weight order of core/network.ts. */
  edges: EdgeGeom[];
  /** The widest an edge may be drawn (|w| large). */
  edgeMaxWidth: number;
  /** The thinnest. */
  edgeMinWidth: number;
  /** Size of the travelling signal dots and error diamonds. */
  pulseSize: number;
  /** Weight labels by flat weight index, or null when the network is too big for them. */
  labels: Rect[] | null;
  /** Per output neuron: the card with y, z and δ = z − y, or null when there is no room. */
  cards: (Rect | null)[];
  /** Where the legend starts (the vertical centre of its first item); a row along the bottom, or a column under the card. */
  legend: { x: number; y: number; vertical: boolean } | null;
}

export interface LayoutOptions {
  /** Size of one weight label, by the text it will hold; defaults to an estimate. */
  labelSize?: (l: number, j: number, i: number) => { w: number; h: number };
}

const PAD = 16;
const TOP = 26;
const LEGEND_H = 26;
/** The legend as a column: five items, one per row. */
const LEGEND_ROWS = 5;
const LEGEND_ROW = 19;
const CARD_W = 116;
const CARD_H = 112;
const CARD_GAP = 40;
/** Above this many edges, per-edge labels are left to hover. */
export const MAX_LABELLED_EDGES = 40;

export function computeLayout(sizes: readonly number[], width: number, height: number, options: LayoutOptions = {}): SceneLayout {
  const W = Math.max(200, width);
  const H = Math.max(160, height);
  const L = sizes.length;
  const nIn = sizes[0];
  const nOut = sizes[L - 1];
  const edgeCount = sizes.reduce((acc, n, l) => (l === 0 ? 0 : acc + n * sizes[l - 1]), 0);

  // The right-hand card for a lone output (or a few), if there is room.
  const wantCards = nOut <= 3 && W >= 520;
  // A wide, short host keeps its height for the network: the legend stacks under the card,
  // where the card and the column fit one above the other.
  const legendColumn = wantCards && nOut === 1 && H >= TOP + CARD_H + 12 + LEGEND_ROWS * LEGEND_ROW + PAD && H < 440 && W / H > 1.7;
  const showLegend = legendColumn || (H >= 260 && W >= 420);
  const bottom = showLegend && !legendColumn ? LEGEND_H + 10 : PAD;
  const top = TOP;
  const availH = H - top - bottom;
  const midY = top + availH / 2;

  const cardW = wantCards ? Math.min(CARD_W, W * 0.17) : 0;
  const rightReserve = wantCards ? cardW + CARD_GAP + PAD : PAD;

  // Input boxes: never shrink below readable, whatever the hidden layers do.
  const inSpacing = availH / nIn;
  const boxH = Math.max(22, Math.min(44, inSpacing * 0.55));
  const boxW = Math.round(boxH * 1.75);
  const left = PAD + boxW / 2;

  // Columns: inputs at the left, the output where the card leaves room.
  const firstGuessR = 38;
  const outX = W - rightReserve - firstGuessR;
  // Columns: evenly spaced, except that when every edge gets a label, blocks
  // with more edges (more labels to fit) get wider gaps.
  const labelled = edgeCount <= MAX_LABELLED_EDGES;
  const gapWeight: number[] = [];
  for (let l = 0; l < L - 1; l++) gapWeight.push(labelled ? 1 + 0.3 * Math.sqrt(sizes[l] * sizes[l + 1]) : 1);
  const totalWeight = gapWeight.reduce((a, b) => a + b, 0);
  const columns: number[] = [left];
  for (let l = 0; l < L - 1; l++) columns.push(columns[l] + ((outX - left) * gapWeight[l]) / totalWeight);
  const colGap = (outX - left) / (L - 1);

  const radius: number[] = [];
  const nodes: NodeBox[][] = [];
  const textInside: boolean[] = [];
  const valueFont: number[] = [];
  for (let l = 0; l < L; l++) {
    const n = sizes[l];
    const spacing = Math.min(availH / n, 180);
    let r: number;
    if (l === 0) r = boxH / 2;
    else if (l === L - 1) r = Math.max(4, Math.min(38, spacing * 0.38, colGap * 0.3));
    else r = Math.max(4, Math.min(38, spacing * 0.38, colGap * 0.22));
    // A neuron big enough to hold its numbers carries its δ on a badge underneath: in a short
    // column, leave that badge room above the next neuron's number.
    if (l > 0 && n > 1 && r >= 27) r = Math.max(27, Math.min(r, (spacing - 20) / 2));
    radius.push(r);
    const span = spacing * (n - 1);
    const col: NodeBox[] = [];
    for (let j = 0; j < n; j++) col.push({ x: columns[l], y: midY - span / 2 + spacing * j, r });
    nodes.push(col);
    textInside.push(l === 0 ? boxH >= 26 : r >= 27);
    valueFont.push(Math.round(Math.max(10, Math.min(14, l === 0 ? boxH * 0.36 : r * 0.33))));
  }

  const edges: EdgeGeom[] = [];
  for (let l = 0; l < L - 1; l++) {
    for (let j = 0; j < sizes[l + 1]; j++) {
      const to = nodes[l + 1][j];
      for (let i = 0; i < sizes[l]; i++) {
        const from = nodes[l][i];
        const dx = to.x - from.x;
        const dy = to.y - from.y;
        const d = Math.hypot(dx, dy) || 1;
        const ux = dx / d;
        const uy = dy / d;
        let x0: number;
        let y0: number;
        if (l === 0) {
          // Leave the input box from the middle of its right side.
          x0 = from.x + boxW / 2;
          y0 = from.y;
        } else {
          x0 = from.x + ux * (from.r + 1);
          y0 = from.y + uy * (from.r + 1);
        }
        const tx = to.x - ux * (to.r + 2);
        const ty = to.y - uy * (to.r + 2);
        const len = Math.hypot(tx - x0, ty - y0);
        edges.push({ l, j, i, x0, y0, x1: tx, y1: ty, len, angle: Math.atan2(ty - y0, tx - x0) });
      }
    }
  }

  // Thinner edges as the network grows denser.
  const densest = Math.max(...sizes.slice(1), ...sizes.slice(0, -1).map((n, l) => n * sizes[l + 1]) .map((k) => Math.sqrt(k)));
  const edgeMaxWidth = Math.max(2.2, Math.min(9, 30 / Math.max(1, densest)));
  const edgeMinWidth = edgeMaxWidth >= 5 ? 1.2 : 0.8;
  const pulseSize = Math.max(3.5, Math.min(9, edgeMaxWidth * 1.1 + 1.5));

  const cards: (Rect | null)[] = [];
  for (let j = 0; j < nOut; j++) {
    if (!wantCards) {
      cards.push(null);
      continue;
    }
    const node = nodes[L - 1][j];
    const h = Math.min(CARD_H, availH / nOut - 8);
    if (h < 70) {
      cards.push(null);
      continue;
    }
    const cx = W - PAD - cardW;
    const lowest = legendColumn ? H - PAD - LEGEND_ROWS * LEGEND_ROW - 12 - h : H - bottom - h;
    const cy = Math.max(top, Math.min(lowest, node.y - h / 2));
    cards.push({ x: cx, y: cy, w: cardW, h });
  }

  let labels: Rect[] | null = null;
  if (edgeCount <= MAX_LABELLED_EDGES) {
    labels = placeLabels(edges, nodes, boxW, cards, W, H, bottom, options.labelSize ?? defaultLabelSize(sizes));
    // Labels that cannot all sit clear of each other and of the nodes are left to hover.
    if (labels && !labelsClear(labels, nodes, boxW)) labels = null;
  }

  return {
    width: W,
    height: H,
    sizes: [...sizes],
    columns,
    nodes,
    inputBox: { w: boxW, h: boxH },
    textInside,
    valueFont,
    edges,
    edgeMaxWidth,
    edgeMinWidth,
    pulseSize,
    labels,
    cards,
    legend: !showLegend
      ? null
      : legendColumn && cards[0]
        ? { x: cards[0].x + 4, y: cards[0].y + cards[0].h + 12 + LEGEND_ROW / 2, vertical: true }
        : { x: PAD, y: H - LEGEND_H / 2 - 6, vertical: false },
  };
}

function defaultLabelSize(sizes: readonly number[]) {
  let hidden = 0;
  for (let l = 1; l < sizes.length; l++) hidden += sizes[l];
  const article = hidden <= 9 && sizes[0] <= 9;
  return (l: number): { w: number; h: number } => {
    const nameChars = article ? (l === 0 ? 6 : 3) : 10;
    return { w: Math.max(38, nameChars * 5.6 + 10), h: 28 };
  };
}

function overlap(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

function circleHitsRect(cx: number, cy: number, r: number, b: Rect): number {
  const nx = Math.max(b.x, Math.min(cx, b.x + b.w));
  const ny = Math.max(b.y, Math.min(cy, b.y + b.h));
  const d = Math.hypot(cx - nx, cy - ny);
  return d < r ? (r - d) * (r - d) * 4 : 0;
}

/** Fractions along an edge where its label may sit. */
const CANDIDATES = [0.5, 0.45, 0.55, 0.4, 0.6, 0.35, 0.65, 0.3, 0.7, 0.25, 0.75, 0.2, 0.8, 0.16, 0.84];

/** Whether the segment (x0, y0)–(x1, y1) passes through the rectangle. */
export function segmentHitsRect(x0: number, y0: number, x1: number, y1: number, r: Rect): boolean {
  let t0 = 0;
  let t1 = 1;
  const dx = x1 - x0;
  const dy = y1 - y0;
  const clip = (p: number, q: number): boolean => {
    if (p === 0) return q >= 0;
    const t = q / p;
    if (p < 0) {
      if (t > t1) return false;
      if (t > t0) t0 = t;
    } else {
      if (t < t0) return false;
      if (t < t1) t1 = t;
    }
    return true;
  };
  return (
    clip(-dx, x0 - r.x) && clip(dx, r.x + r.w - x0) && clip(-dy, y0 - r.y) && clip(dy, r.y + r.h - y0) && t0 <= t1
  );
}

/**
 * Greedy placement: each label sits on its own edge, where it covers no
 * neuron, input box, card, earlier label or other edge, preferring the end
 * where the block's edges spread furthest apart (towards the layer with
 * more neurons); failing that, where it does the least harm.
 */
export function placeLabels(
  edges: EdgeGeom[],
  nodes: NodeBox[][],
  boxW: number,
  cards: (Rect | null)[],
  W: number,
  H: number,
  bottom: number,
  size: (l: number, j: number, i: number) => { w: number; h: number },
): Rect[] {
  const placed: Rect[] = [];
  const out: Rect[] = new Array(edges.length);
  const boxes: Rect[] = [];
  for (const c of cards) if (c) boxes.push(c);
  for (const n of nodes[0]) boxes.push({ x: n.x - boxW / 2 - 2, y: n.y - n.r - 2, w: boxW + 4, h: n.r * 2 + 4 });
  const order = edges.map((_, k) => k);
  order.sort((a, b) => {
    const ea = edges[a];
    const eb = edges[b];
    if (ea.l !== eb.l) return ea.l - eb.l;
    return Math.abs(eb.angle) - Math.abs(ea.angle);
  });
  for (const k of order) {
    const e = edges[k];
    const nFrom = nodes[e.l].length;
    const nTo = nodes[e.l + 1].length;
    const prefer = nTo > nFrom ? 0.66 : nTo < nFrom ? 0.34 : 0.5;
    const { w, h } = size(e.l, e.j, e.i);
    let best: Rect | null = null;
    let bestCost = Infinity;
    for (const t of CANDIDATES) {
      const cx = e.x0 + (e.x1 - e.x0) * t;
      const cy = e.y0 + (e.y1 - e.y0) * t;
      const rect: Rect = { x: cx - w / 2, y: cy - h / 2, w, h };
      const grown: Rect = { x: rect.x - 3, y: rect.y - 3, w: rect.w + 6, h: rect.h + 6 };
      let cost = Math.abs(t - prefer) * 30;
      for (const p of placed) cost += overlap(grown, p) * 4;
      for (const b of boxes) cost += overlap(grown, b) * 4;
      for (let l = 1; l < nodes.length; l++) {
        for (const n of nodes[l]) cost += circleHitsRect(n.x, n.y, n.r + 6, rect);
      }
      for (const o of edges) {
        if (o !== e && segmentHitsRect(o.x0, o.y0, o.x1, o.y1, rect)) cost += 60;
      }
      if (rect.x < 2 || rect.y < 2 || rect.x + w > W - 2 || rect.y + h > H - bottom) cost += 500;
      if (cost < bestCost) {
        bestCost = cost;
        best = rect;
      }
    }
    placed.push(best!);
    out[k] = best!;
  }
  return out;
}

/** Whether no label overlaps another label, a neuron or an input box. */
export function labelsClear(labels: Rect[], nodes: NodeBox[][], boxW: number): boolean {
  for (let a = 0; a < labels.length; a++) {
    const r = labels[a];
    for (let b = a + 1; b < labels.length; b++) if (overlap(r, labels[b]) > 0) return false;
    for (const n of nodes[0]) if (overlap(r, { x: n.x - boxW / 2, y: n.y - n.r, w: boxW, h: 2 * n.r }) > 0) return false;
    for (let l = 1; l < nodes.length; l++) {
      for (const n of nodes[l]) if (circleHitsRect(n.x, n.y, n.r, r) > 0) return false;
    }
  }
  return true;
}

/** Distance from a point to an edge's segment. */
export function distanceToEdge(e: EdgeGeom, px: number, py: number): number {
  const dx = e.x1 - e.x0;
  const dy = e.y1 - e.y0;
  const len2 = dx * dx + dy * dy || 1;
  const t = Math.max(0, Math.min(1, ((px - e.x0) * dx + (py - e.y0) * dy) / len2));
  return Math.hypot(px - (e.x0 + dx * t), py - (e.y0 + dy * t));
}

/**
 * What the network does with its whole input space, next to the data it
 * learns from. For two inputs: a heat map of the output over the input
 * plane (forward passes on a 50×50 grid), with the training points on top,
 * class 1 as circles and class 0 as crosses. For one input: the output as
 * a curve over x, with the samples as dots. Recomputed from the snapshot's
 * weights, at most ten times a second.
 */
import { type Workspace, createWorkspace, forward } from '../../core/backprop.js';
import { type Dataset, type DatasetSpec, makeDataset } from '../../core/dataset.js';
import { type Network, createNetwork } from '../../core/network.js';
import type { SandboxSnapshot } from '../../core/protocol.js';
import { t } from '../i18n.js';
import { freshId, h } from './dom.js';

const GRID = 50;
/** Okabe–Ito: blue for class 1, vermillion for class 0, on the scene's paper colour. */
const ONE: [number, number, number] = [0, 114, 178];
const ZERO: [number, number, number] = [213, 94, 0];
const MID: [number, number, number] = [247, 245, 240];
const ONE_POINT = '#0072B2';
const ZERO_POINT = '#D55E00';
const INK = '#1d2330';
const HALO = '#ffffff';

export interface InputPlane {
  readonly el: HTMLElement;
  update(s: SandboxSnapshot): void;
  relabel(): void;
  dispose(): void;
}

interface Bounds {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

function datasetKey(spec: DatasetSpec): string {
  return JSON.stringify(spec);
}

export function createInputPlane(): InputPlane {
  const canvas = h('canvas', { class: 'plane-canvas', attrs: { role: 'img' } });
  const title = h('h2', { class: 'card-title', attrs: { id: freshId('plane') } });
  const legend = h('div', { class: 'plane-legend', attrs: { 'aria-hidden': 'true' } });
  const el = h(
    'figure',
    { class: 'card plane', attrs: { 'aria-labelledby': title.id } },
    h('figcaption', { class: 'card-head' }, title),
    h('div', { class: 'plane-box' }, canvas),
    legend,
  );

  let snap: SandboxSnapshot | null = null;
  let dataset: Dataset | null = null;
  let dataKey = '';
  let bounds: Bounds = { x0: -1, x1: 1, y0: -1, y1: 1 };
  let net: Network | null = null;
  let netKey = '';
  let ws: Workspace | null = null;
  let lastDraw = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let drawnWeights: readonly number[] | null = null;
  let drawnSample = -2;
  const field = new Float64Array(GRID * GRID);
  const tile = document.createElement('canvas');
  tile.width = GRID;
  tile.height = GRID;

  function labels(): void {
    const twoD = (dataset?.train.inputs ?? 2) === 2;
    title.textContent = t(twoD ? 'map.heading2d' : 'map.heading1d');
    canvas.setAttribute('aria-label', t(twoD ? 'map.label2d' : 'map.label1d'));
    legend.replaceChildren();
    if (twoD) {
      legend.append(
        h('span', { class: 'legend-item' }, h('span', { class: 'mark mark-circle' }), h('span', { text: t('map.class1') })),
        h('span', { class: 'legend-item' }, h('span', { class: 'mark mark-cross', text: '×' }), h('span', { text: t('map.class0') })),
      );
    } else {
      legend.append(
        h('span', { class: 'legend-item' }, h('span', { class: 'mark mark-line' }), h('span', { text: t('map.output') })),
        h('span', { class: 'legend-item' }, h('span', { class: 'mark mark-dot' }), h('span', { text: t('map.samples') })),
      );
    }
  }

  function syncData(s: SandboxSnapshot): void {
    const key = datasetKey(s.dataset);
    if (key !== dataKey) {
      dataKey = key;
      dataset = makeDataset(s.dataset);
      bounds = boundsOf(dataset);
      labels();
    }
    const nk = `${s.layers.join(',')}|${s.activations.join(',')}|${s.bias}`;
    if (nk !== netKey) {
      netKey = nk;
      net = createNetwork({ layers: s.layers, activation: s.activations.slice(1), bias: s.bias });
      ws = createWorkspace(net);
    }
  }

  function boundsOf(d: Dataset): Bounds {
    let x0 = Infinity;
    let x1 = -Infinity;
    let y0 = Infinity;
    let y1 = -Infinity;
    const each = (set: Dataset['train']) => {
      for (let s = 0; s < set.count; s++) {
        const a = set.xs[s * set.inputs];
        const b = set.inputs > 1 ? set.xs[s * set.inputs + 1] : set.zs[s * set.outputs];
        x0 = Math.min(x0, a);
        x1 = Math.max(x1, a);
        y0 = Math.min(y0, b);
        y1 = Math.max(y1, b);
      }
    };
    each(d.train);
    each(d.test);
    if (!Number.isFinite(x0)) return { x0: -1, x1: 1, y0: -1, y1: 1 };
    if (d.train.inputs > 1) {
      // A square view, so circles look round.
      const cx = (x0 + x1) / 2;
      const cy = (y0 + y1) / 2;
      const half = (Math.max(x1 - x0, y1 - y0, 0.5) / 2) * 1.4;
      return { x0: cx - half, x1: cx + half, y0: cy - half, y1: cy + half };
    }
    const padX = (x1 - x0) * 0.04;
    const padY = Math.max(0.1, (y1 - y0) * 0.2);
    return { x0: x0 - padX, x1: x1 + padX, y0: y0 - padY, y1: y1 + padY };
  }

  function loadWeights(s: SandboxSnapshot): boolean {
    if (!net) return false;
    if (s.weights.length !== net.weightCount) return false;
    net.weights.set(s.weights);
    if (s.bias && s.biases.length === net.neuronCount) net.biases.set(s.biases);
    else net.biases.fill(0);
    return true;
  }

  /** The canvas's size on screen, as the ResizeObserver last saw it (reading it from layout here would force a layout every draw). */
  let cssSize: { width: number; height: number } | null = null;

  function fitCanvas(): { w: number; h: number; ratio: number } {
    const r = cssSize ?? (cssSize = canvas.getBoundingClientRect());
    const ratio = window.devicePixelRatio || 1;
    const w = Math.max(1, Math.round(r.width * ratio));
    const hh = Math.max(1, Math.round(r.height * ratio));
    if (canvas.width !== w || canvas.height !== hh) {
      canvas.width = w;
      canvas.height = hh;
    }
    return { w, h: hh, ratio };
  }

  function draw(): void {
    timer = null;
    lastDraw = performance.now();
    const s = snap;
    if (!s || !dataset || !net || !ws) return;
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    const { w, h: hh, ratio } = fitCanvas();
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.fillStyle = `rgb(${MID.join(',')})`;
    ctx.fillRect(0, 0, w, hh);
    const ok = loadWeights(s);
    drawnWeights = s.weights;
    drawnSample = s.sample;
    const px = (x: number) => ((x - bounds.x0) / (bounds.x1 - bounds.x0)) * w;
    const py = (y: number) => hh - ((y - bounds.y0) / (bounds.y1 - bounds.y0)) * hh;
    const out = net.neuronOffset[net.sizes.length - 1];
    const set = dataset.train;

    if (set.inputs === 2) {
      if (ok) {
        const x = new Float64Array(2);
        for (let r = 0; r < GRID; r++) {
          for (let c = 0; c < GRID; c++) {
            x[0] = bounds.x0 + ((c + 0.5) / GRID) * (bounds.x1 - bounds.x0);
            x[1] = bounds.y1 - ((r + 0.5) / GRID) * (bounds.y1 - bounds.y0);
            forward(net, x, ws);
            field[r * GRID + c] = ws.y[out];
          }
        }
        paintField(ctx, w, hh);
      }
      drawAxes(ctx, w, hh, ratio, px, py);
      // Points: class 1 as circles, class 0 as crosses, each with a dark outline to stand out on any colour.
      const rad = 4.2 * ratio;
      for (let k = 0; k < set.count; k++) {
        const cx = px(set.xs[k * 2]);
        const cy = py(set.xs[k * 2 + 1]);
        const one = set.zs[k] >= 0.5;
        drawPoint(ctx, cx, cy, rad, one, ratio);
      }
      markSample(ctx, s, px, py, ratio);
    } else {
      drawAxes(ctx, w, hh, ratio, px, py);
      ctx.fillStyle = INK;
      for (let k = 0; k < set.count; k++) {
        ctx.beginPath();
        ctx.arc(px(set.xs[k]), py(set.zs[k]), 2.6 * ratio, 0, Math.PI * 2);
        ctx.globalAlpha = 0.55;
        ctx.fill();
      }
      ctx.globalAlpha = 1;
      if (ok) {
        ctx.beginPath();
        let started = false;
        const x = new Float64Array(1);
        for (let c = 0; c <= 120; c++) {
          x[0] = bounds.x0 + (c / 120) * (bounds.x1 - bounds.x0);
          forward(net, x, ws);
          const v = ws.y[out];
          if (!Number.isFinite(v)) {
            started = false;
            continue;
          }
          const yy = Math.max(-hh, Math.min(2 * hh, py(v)));
          if (started) ctx.lineTo(px(x[0]), yy);
          else ctx.moveTo(px(x[0]), yy);
          started = true;
        }
        ctx.strokeStyle = ONE_POINT;
        ctx.lineWidth = 2.5 * ratio;
        ctx.stroke();
      }
      if (s.sample >= 0 && s.sample < set.count) {
        ctx.beginPath();
        ctx.arc(px(set.xs[s.sample]), py(set.zs[s.sample]), 6 * ratio, 0, Math.PI * 2);
        ctx.strokeStyle = INK;
        ctx.lineWidth = 1.5 * ratio;
        ctx.stroke();
      }
    }
  }

  function paintField(ctx: CanvasRenderingContext2D, w: number, hh: number): void {
    const tctx = tile.getContext('2d');
    if (!tctx) return;
    const img = tctx.createImageData(GRID, GRID);
    for (let k = 0; k < GRID * GRID; k++) {
      const v = field[k];
      let r = MID[0];
      let g = MID[1];
      let b = MID[2];
      if (Number.isFinite(v)) {
        const c = Math.min(1, Math.max(0, v));
        const toward = c >= 0.5 ? ONE : ZERO;
        const a = Math.min(1, Math.abs(c - 0.5) * 2) * 0.6;
        r = MID[0] + (toward[0] - MID[0]) * a;
        g = MID[1] + (toward[1] - MID[1]) * a;
        b = MID[2] + (toward[2] - MID[2]) * a;
      }
      img.data[k * 4] = r;
      img.data[k * 4 + 1] = g;
      img.data[k * 4 + 2] = b;
      img.data[k * 4 + 3] = 255;
    }
    tctx.putImageData(img, 0, 0);
    ctx.imageSmoothingEnabled = true;
    ctx.imageSmoothingQuality = 'high';
    ctx.drawImage(tile, 0, 0, w, hh);
  }

  function drawAxes(ctx: CanvasRenderingContext2D, w: number, hh: number, ratio: number, px: (x: number) => number, py: (y: number) => number): void {
    ctx.strokeStyle = 'rgba(29, 35, 48, 0.16)';
    ctx.lineWidth = 1 * ratio;
    ctx.beginPath();
    if (bounds.x0 < 0 && bounds.x1 > 0) {
      ctx.moveTo(px(0), 0);
      ctx.lineTo(px(0), hh);
    }
    if (bounds.y0 < 0 && bounds.y1 > 0) {
      ctx.moveTo(0, py(0));
      ctx.lineTo(w, py(0));
    }
    ctx.stroke();
    // Axis names at the ends of the axes (or at the edges when an axis is out of view).
    ctx.fillStyle = 'rgba(29, 35, 48, 0.62)';
    ctx.font = `italic ${11 * ratio}px system-ui, sans-serif`;
    const axisY = bounds.y0 < 0 && bounds.y1 > 0 ? py(0) : hh;
    const axisX = bounds.x0 < 0 && bounds.x1 > 0 ? px(0) : 0;
    ctx.textAlign = 'right';
    ctx.textBaseline = axisY > hh - 14 * ratio ? 'bottom' : 'top';
    ctx.fillText('x1', w - 4 * ratio, axisY > hh - 14 * ratio ? hh - 2 * ratio : axisY + 3 * ratio);
    ctx.textAlign = 'left';
    ctx.textBaseline = 'top';
    ctx.fillText((dataset?.train.inputs ?? 2) > 1 ? 'x2' : 'y', axisX + 4 * ratio, 2 * ratio);
  }

  function drawPoint(ctx: CanvasRenderingContext2D, cx: number, cy: number, rad: number, one: boolean, ratio: number): void {
    if (one) {
      ctx.beginPath();
      ctx.arc(cx, cy, rad, 0, Math.PI * 2);
      ctx.fillStyle = ONE_POINT;
      ctx.fill();
      ctx.lineWidth = 1.4 * ratio;
      ctx.strokeStyle = HALO;
      ctx.stroke();
    } else {
      const d = rad * 0.95;
      ctx.lineCap = 'round';
      ctx.beginPath();
      ctx.moveTo(cx - d, cy - d);
      ctx.lineTo(cx + d, cy + d);
      ctx.moveTo(cx + d, cy - d);
      ctx.lineTo(cx - d, cy + d);
      ctx.strokeStyle = HALO;
      ctx.lineWidth = 4.6 * ratio;
      ctx.stroke();
      ctx.strokeStyle = ZERO_POINT;
      ctx.lineWidth = 2.2 * ratio;
      ctx.stroke();
    }
  }

  function markSample(ctx: CanvasRenderingContext2D, s: SandboxSnapshot, px: (x: number) => number, py: (y: number) => number, ratio: number): void {
    const set = dataset?.train;
    if (!set || s.sample < 0 || s.sample >= set.count) return;
    ctx.beginPath();
    ctx.arc(px(set.xs[s.sample * 2]), py(set.xs[s.sample * 2 + 1]), 8.5 * ratio, 0, Math.PI * 2);
    ctx.strokeStyle = INK;
    ctx.lineWidth = 1.6 * ratio;
    ctx.stroke();
  }

  function request(): void {
    if (timer) return;
    const wait = 100 - (performance.now() - lastDraw);
    if (wait <= 0) draw();
    else timer = setTimeout(draw, wait);
  }

  const resize = new ResizeObserver((entries) => {
    const box = entries[entries.length - 1]?.contentRect;
    if (box) cssSize = { width: box.width, height: box.height };
    drawnWeights = null;
    request();
  });
  resize.observe(canvas);
  labels();

  return {
    el,
    update(s) {
      snap = s;
      syncData(s);
      if (s.weights === drawnWeights && s.sample === drawnSample) return;
      request();
    },
    relabel() {
      labels();
    },
    dispose() {
      resize.disconnect();
      if (timer) clearTimeout(timer);
    },
  };
}

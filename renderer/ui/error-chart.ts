/**
 * The error chart: the training set's error (and the test set's, when there
 * is one) over the steps, from snapshot.history, drawn with uPlot. Hovering
 * shows the values in the legend; a switch puts the error on a log scale.
 * Train and test differ by dash as well as by colour.
 */
import uPlot from 'uplot';
import type { ErrorPoint } from '../../core/protocol.js';
import { t } from '../i18n.js';
import { freshId, h } from './dom.js';
import { NONE, formatCount, formatError } from './format.js';

const TRAIN = '#0072B2';
const TEST = '#E69F00';
const AXIS = '#646c7b';
const GRID = 'rgba(29, 35, 48, 0.08)';
const LEGEND_HEIGHT = 24;

export interface ErrorChart {
  readonly el: HTMLElement;
  update(history: readonly ErrorPoint[]): void;
  relabel(): void;
  dispose(): void;
}

/** Tick spacings for the step axis: 1, 2, 5 times the powers of ten. */
const STEP_TICKS = Array.from({ length: 24 }, (_, k) => [1, 2, 5][k % 3] * 10 ** Math.floor(k / 3));
/**
 * Tick spacings for the error axis, 1, 2, 5 times every power of ten from 10⁻¹² to 10³⁰⁰: an error
 * on its way to diverging (1e65) still gets its labels (uPlot's own list stops far lower).
 */
const ERROR_TICKS = Array.from({ length: 313 * 3 }, (_, k) => [1, 2, 5][k % 3] * 10 ** (Math.floor(k / 3) - 12)).filter(Number.isFinite);

export function createErrorChart(): ErrorChart {
  // uPlot draws into `mount`, laid over plotBox, so the plot's own size never feeds back into the layout.
  const mount = h('div', { class: 'chart-mount' });
  const plotBox = h('div', { class: 'chart-plot' }, mount);
  const empty = h('p', { class: 'chart-empty', t: 'chart.empty' });
  const logId = freshId('log');
  const logBox = h('input', { class: 'checkbox', attrs: { type: 'checkbox', id: logId } });
  const headingId = freshId('chart');
  const el = h(
    'figure',
    { class: 'card chart', attrs: { 'aria-labelledby': headingId } },
    h(
      'figcaption',
      { class: 'card-head' },
      h('h2', { class: 'card-title', t: 'chart.heading', attrs: { id: headingId } }),
      h('label', { class: 'inline-check', attrs: { for: logId } }, logBox, h('span', { t: 'chart.log' })),
    ),
    plotBox,
    empty,
  );

  let plot: uPlot | null = null;
  let hasTest = false;
  let history: readonly ErrorPoint[] = [];
  let log = false;

  const valueOf = (v: number | null | undefined) => (v === null || v === undefined || !Number.isFinite(v) ? NONE : formatError(v));

  function data(): uPlot.AlignedData {
    const n = history.length;
    const xs = new Array<number>(n);
    const train = new Array<number | null>(n);
    const test = new Array<number | null>(n);
    for (let k = 0; k < n; k++) {
      const p = history[k];
      xs[k] = p.step;
      train[k] = usable(p.train);
      test[k] = usable(p.test);
    }
    return hasTest ? [xs, train, test] : [xs, train];
  }

  function usable(v: number | null): number | null {
    if (v === null || !Number.isFinite(v)) return null;
    if (log && v <= 0) return null;
    return v;
  }

  /** The legend is one line under the plot; the plot gets the rest of the box. */
  function size(): { width: number; height: number } {
    const r = plotBox.getBoundingClientRect();
    return { width: Math.max(120, Math.floor(r.width)), height: Math.max(60, Math.floor(r.height - LEGEND_HEIGHT)) };
  }

  /** Dots only while there are too few points to draw a line through. */
  const fewPoints = (_u: uPlot, _series: number, i0: number, i1: number) => i1 - i0 < 2;

  function build(): void {
    plot?.destroy();
    plot = null;
    const axis = (): uPlot.Axis => ({
      stroke: AXIS,
      grid: { stroke: GRID, width: 1 },
      ticks: { stroke: GRID, width: 1, size: 4 },
      font: '12px system-ui, sans-serif',
      labelFont: '12px system-ui, sans-serif',
    });
    const series: uPlot.Series[] = [
      { label: t('chart.step'), value: (_u, v) => (v === null || v === undefined ? NONE : formatCount(v)) },
      { label: t('chart.train'), stroke: TRAIN, width: 2, spanGaps: true, points: { show: fewPoints, size: 6 }, value: (_u, v) => valueOf(v) },
    ];
    if (hasTest) {
      series.push({ label: t('chart.test'), stroke: TEST, width: 2, dash: [6, 4], spanGaps: true, points: { show: fewPoints, size: 6 }, value: (_u, v) => valueOf(v) });
    }
    const opts: uPlot.Options = {
      ...size(),
      series,
      scales: {
        x: { time: false },
        y: log ? { distr: 3, log: 10 } : { range: (_u, _min, max) => [0, max > 0 && Number.isFinite(max) ? max * 1.08 : 1] },
      },
      axes: [
        // Steps are whole numbers: ticks at 1, 2, 5, 10, 20, 50, … apart.
        { ...axis(), incrs: STEP_TICKS, values: (_u, ticks) => ticks.map((v) => formatCount(v)) },
        {
          ...axis(),
          size: 52,
          ...(log ? {} : { incrs: ERROR_TICKS }),
          // Huge errors (a network on its way to diverging) short enough to fit the axis: 2e+199.
          values: (_u, ticks) =>
            ticks.map((v) => (log || Math.abs(v) >= 1e5 ? v.toExponential(0) : String(Number(v.toPrecision(3))))),
        },
      ],
      legend: { live: true },
      cursor: { drag: { x: false, y: false, setScale: false }, points: { size: 7 } },
    };
    plot = new uPlot(opts, data(), mount);
    // uPlot fills its legend once it has settled; put the newest values in after that.
    setTimeout(showLatest, 0);
  }

  /** Away from the cursor, the legend shows the newest values. */
  function showLatest(): void {
    if (!plot || history.length === 0) return;
    const left = plot.cursor.left ?? -1;
    if (left < 0) plot.setLegend({ idx: history.length - 1 });
  }

  mount.addEventListener('mouseleave', () => setTimeout(showLatest, 0));

  logBox.addEventListener('change', () => {
    log = logBox.checked;
    build();
  });

  const resize = new ResizeObserver(() => {
    if (plot) plot.setSize(size());
  });
  resize.observe(plotBox);

  return {
    el,
    update(next) {
      history = next;
      const withTest = next.some((p) => p.test !== null);
      empty.hidden = next.length > 0;
      if (!plot || withTest !== hasTest) {
        hasTest = withTest;
        build();
      } else {
        plot.setData(data());
        showLatest();
      }
    },
    relabel() {
      build();
    },
    dispose() {
      resize.disconnect();
      plot?.destroy();
      plot = null;
    },
  };
}

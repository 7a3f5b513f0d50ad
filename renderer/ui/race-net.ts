/**
 * A network drawn small, for the projector: neurons as circles in their
 * layers, every weight as a line whose thickness is its size and whose
 * colour and dash tell its sign (blue solid for positive, vermillion
 * dashed for negative), so it reads in black and white as well.
 */
const NS = 'http://www.w3.org/2000/svg';

function make(tag: string, attrs: Record<string, string | number>): SVGElement {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  return el;
}

/** Weights flat in network.ts's layout: layer by layer, weight(l, j, i) at offset + j·sizes[l] + i. */
export function networkSvg(layers: readonly number[], weights: readonly number[], width = 240, height = 150): SVGSVGElement {
  const svg = make('svg', { viewBox: `0 0 ${width} ${height}`, class: 'race-net', 'aria-hidden': 'true', focusable: 'false' }) as SVGSVGElement;
  const padX = 18;
  const padY = 14;
  const x = (l: number) => padX + (l * (width - 2 * padX)) / Math.max(1, layers.length - 1);
  const y = (l: number, j: number) => (layers[l] === 1 ? height / 2 : padY + (j * (height - 2 * padY)) / (layers[l] - 1));
  let max = 0;
  for (const w of weights) max = Math.max(max, Math.abs(w));
  const scale = max > 0 ? 4 / max : 0;
  let offset = 0;
  const edges = make('g', {});
  for (let l = 0; l + 1 < layers.length; l++) {
    for (let j = 0; j < layers[l + 1]; j++) {
      for (let i = 0; i < layers[l]; i++) {
        const w = weights[offset + j * layers[l] + i] ?? 0;
        edges.append(
          make('line', {
            x1: x(l),
            y1: y(l, i),
            x2: x(l + 1),
            y2: y(l + 1, j),
            class: w >= 0 ? 'race-net-pos' : 'race-net-neg',
            'stroke-width': (0.6 + Math.abs(w) * scale).toFixed(2),
          }),
        );
      }
    }
    offset += layers[l] * layers[l + 1];
  }
  svg.append(edges);
  const r = Math.max(3, Math.min(9, (height - 2 * padY) / (2.6 * Math.max(...layers))));
  for (let l = 0; l < layers.length; l++) {
    for (let j = 0; j < layers[l]; j++) svg.append(make('circle', { cx: x(l), cy: y(l, j), r, class: l === 0 ? 'race-net-input' : 'race-net-neuron' }));
  }
  return svg;
}

/**
 * Every weight (and bias, when the network has them) as a spinbutton named
 * in the article's notation: w(x1)1, w14, w46 on the article's network,
 * w[l][j][i] on others (core's weightName); biases b4 or b[l][j]. Grouped
 * by the pair of layers a weight joins. A value typed and committed (Enter,
 * or leaving the field) is sent as setWeight / setBias; the fields follow
 * the host's snapshots except the one being edited.
 */
import { type Network, createNetwork, isArticleShape, neuronNumber, weightIndex, weightName } from '../../core/network.js';
import { LIMITS, type SandboxSnapshot } from '../../core/protocol.js';
import { t } from '../i18n.js';
import { freshId, h } from './dom.js';
import { formatWeight } from './format.js';
import type { Send } from './sandbox-types.js';

export interface WeightsTable {
  readonly el: HTMLElement;
  update(s: SandboxSnapshot, flash: boolean): void;
  /** Shows a value the player is dragging in the scene before the host confirms it. */
  showLocal(layer: number, to: number, from: number, value: number): void;
  setEnabled(on: boolean): void;
  relabel(): void;
}

interface Field {
  input: HTMLInputElement;
  /** What is wrong with the value typed, right under the field and its accessible description. */
  error: HTMLElement;
  /** Index into snapshot.weights, or into snapshot.biases for a bias. */
  index: number;
  bias: boolean;
  layer: number;
  to: number;
  from: number;
  shown: string;
  /** Whether the field is on screen (scrolled into the panel's view). */
  onScreen: boolean;
}

/** The article's name of a bias: b4 on the article's network, b[l][j] elsewhere. */
export function biasName(net: Network, l: number, j: number): string {
  return isArticleShape(net.sizes) ? `b${neuronNumber(net, l, j)}` : `b[${l}][${j}]`;
}

function shapeKey(s: SandboxSnapshot): string {
  return `${s.layers.join(',')}|${s.bias}`;
}

export function createWeightsTable(send: Send): WeightsTable {
  const body = h('div', { class: 'weights-body' });
  const el = h(
    'section',
    { class: 'panel-section weights', attrs: { 'aria-labelledby': 'weights-heading' } },
    h('h2', { class: 'section-title', t: 'weights.heading', attrs: { id: 'weights-heading' } }),
    h('p', { class: 'hint', t: 'weights.hint' }),
    body,
  );

  let key = '';
  let net: Network | null = null;
  let fields: Field[] = [];
  const byWeight = new Map<number, Field>();
  let enabled = false;
  let snap: SandboxSnapshot | null = null;
  const legends: { el: HTMLElement; text: () => string }[] = [];
  const cellField = new WeakMap<Element, Field>();
  // While training plays, only the fields on screen follow the snapshots: writing
  // hundreds of hidden inputs ten times a second costs the whole page a layout.
  // A field that scrolls into view catches up at once.
  const visibility = new IntersectionObserver((entries) => {
    for (const entry of entries) {
      const f = cellField.get(entry.target);
      if (!f) continue;
      f.onScreen = entry.isIntersecting;
      if (f.onScreen && snap) show(f, snap);
    }
  });

  /** Writes the snapshot's value into one field (unless it is being edited); true if it changed. */
  function show(f: Field, s: SandboxSnapshot): boolean {
    if (f.input === document.activeElement) return false;
    const text = formatWeight(f.bias ? s.biases[f.index] : s.weights[f.index]);
    if (text === f.shown && f.input.value === text) return false;
    const changed = f.shown !== '' && text !== f.shown;
    f.shown = text;
    f.input.value = text;
    // A huge value (−1.66e+215) is shown whole, in smaller type, never cut.
    f.input.classList.toggle('weight-wide', text.length > 7);
    clearError(f);
    return changed;
  }

  /**
   * Flashes a field whose value just changed (a CSS animation). A field that
   * flashed before still holds its finished animation: it is rewound and
   * played again, which needs no layout of the page (taking the class away
   * and back would, once per field).
   */
  function flashField(f: Field): void {
    if (!f.input.classList.contains('flash')) {
      f.input.classList.add('flash');
      return;
    }
    for (const a of f.input.getAnimations()) {
      a.currentTime = 0;
      a.play();
    }
  }

  /** The field with an error showing (one at a time), and when its error goes away after a revert. */
  let erring: Field | null = null;
  let errorTimer: ReturnType<typeof setTimeout> | null = null;

  function showError(f: Field): void {
    if (erring && erring !== f) clearError(erring);
    erring = f;
    if (errorTimer) clearTimeout(errorTimer);
    errorTimer = null;
    f.error.textContent = t('weights.invalid');
    f.error.hidden = false;
    f.input.setAttribute('aria-invalid', 'true');
    f.input.setAttribute('aria-describedby', f.error.id);
  }

  function clearError(f: Field): void {
    f.input.removeAttribute('aria-invalid');
    f.input.removeAttribute('aria-describedby');
    f.error.hidden = true;
    if (erring === f) erring = null;
  }

  function commit(f: Field): void {
    const raw = f.input.value.trim();
    const value = raw === '' ? NaN : Number(raw);
    if (!Number.isFinite(value) || Math.abs(value) > LIMITS.maxWeight) {
      showError(f);
      return;
    }
    clearError(f);
    const current = snap ? (f.bias ? snap.biases[f.index] : snap.weights[f.index]) : NaN;
    if (value === current) return;
    f.shown = formatWeight(value);
    if (f.bias) send('setBias', { layer: f.layer, neuron: f.to, value });
    else send('setWeight', { layer: f.layer, to: f.to, from: f.from, value });
  }

  /** Puts back the host's value; the error, if any, stays a while under the field to say why. */
  function revert(f: Field): void {
    if (!snap) return;
    f.input.removeAttribute('aria-invalid');
    if (!f.error.hidden) {
      if (errorTimer) clearTimeout(errorTimer);
      errorTimer = setTimeout(() => {
        errorTimer = null;
        clearError(f);
      }, 6000);
    }
    f.shown = formatWeight(f.bias ? snap.biases[f.index] : snap.weights[f.index]);
    f.input.value = f.shown;
  }

  function makeField(name: string, f: Omit<Field, 'input' | 'error' | 'shown' | 'onScreen'>): { cell: HTMLElement; field: Field } {
    const id = freshId('w');
    const error = h('p', { class: 'weight-error', attrs: { id: `${id}-error`, role: 'alert', hidden: true } });
    const input = h('input', {
      class: 'number weight-input',
      attrs: { type: 'number', id, step: 0.05, min: -LIMITS.maxWeight, max: LIMITS.maxWeight, inputmode: 'decimal', autocomplete: 'off', spellcheck: 'false' },
    });
    const field: Field = { ...f, input, error, shown: '', onScreen: false };
    input.addEventListener('change', () => commit(field));
    input.addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter') {
        ev.preventDefault();
        commit(field);
      } else if (ev.key === 'Escape') {
        revert(field);
      }
    });
    input.addEventListener('blur', () => {
      if (input.getAttribute('aria-invalid') === 'true') revert(field);
    });
    const cell = h('div', { class: 'weight-cell' }, h('label', { class: 'weight-name', text: name, attrs: { for: id } }), input, error);
    cellField.set(cell, field);
    visibility.observe(cell);
    return { cell, field };
  }

  function layerText(n: Network, l: number): string {
    if (l === 0) return t('weights.inputs');
    if (!isArticleShape(n.sizes)) return t('weights.layer', { l });
    const a = neuronNumber(n, l, 0);
    const b = neuronNumber(n, l, n.sizes[l] - 1);
    return a === b ? t('weights.neuron', { a }) : t('weights.neurons', { a, b });
  }

  function rebuild(s: SandboxSnapshot): void {
    key = shapeKey(s);
    net = createNetwork({ layers: s.layers, activation: 'linear', bias: s.bias });
    const n = net;
    visibility.disconnect();
    fields = [];
    byWeight.clear();
    legends.length = 0;
    body.replaceChildren();
    // Names like w[1][12][7] do not fit beside their field: they go above it, three fields to a row.
    body.classList.toggle('weights-long', !isArticleShape(n.sizes));
    for (let l = 0; l < n.sizes.length - 1; l++) {
      const legend = h('legend', { class: 'weights-legend' });
      const text = () => t('weights.group', { from: layerText(n, l), to: layerText(n, l + 1) });
      legend.textContent = text();
      legends.push({ el: legend, text });
      const grid = h('div', { class: 'weights-grid' });
      for (let j = 0; j < n.sizes[l + 1]; j++) {
        for (let i = 0; i < n.sizes[l]; i++) {
          const index = weightIndex(n, l, j, i);
          const { cell, field } = makeField(weightName(n, l, j, i), { index, bias: false, layer: l, to: j, from: i });
          fields.push(field);
          byWeight.set(index, field);
          grid.append(cell);
        }
      }
      body.append(h('fieldset', { class: 'weights-group' }, legend, grid));
    }
    if (s.bias) {
      const legend = h('legend', { class: 'weights-legend', t: 'weights.biases' });
      const grid = h('div', { class: 'weights-grid' });
      for (let l = 1; l < n.sizes.length; l++) {
        for (let j = 0; j < n.sizes[l]; j++) {
          const { cell, field } = makeField(biasName(n, l, j), { index: n.neuronOffset[l] + j, bias: true, layer: l, to: j, from: -1 });
          fields.push(field);
          grid.append(cell);
        }
      }
      body.append(h('fieldset', { class: 'weights-group' }, legend, grid));
    }
    for (const f of fields) f.input.disabled = !enabled;
  }

  return {
    el,
    update(s, flash) {
      snap = s;
      if (shapeKey(s) !== key) rebuild(s);
      for (const f of fields) {
        if (s.playing && !f.onScreen) continue;
        // Only fields in view flash: on a big network, hundreds of hidden flashes cost every frame a restyle.
        if (show(f, s) && flash && f.onScreen) flashField(f);
      }
    },
    showLocal(layer, to, from, value) {
      if (!net) return;
      const f = byWeight.get(weightIndex(net, layer, to, from));
      if (!f || f.input === document.activeElement) return;
      f.shown = formatWeight(value);
      f.input.value = f.shown;
    },
    setEnabled(on) {
      enabled = on;
      for (const f of fields) f.input.disabled = !on;
    },
    relabel() {
      for (const l of legends) l.el.textContent = l.text();
      if (erring) erring.error.textContent = t('weights.invalid');
    },
  };
}

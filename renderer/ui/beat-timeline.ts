/**
 * The whole step as a timeline under the caption: every beat in the
 * article's order (forward layer by layer, the output error, backward
 * layer by layer, the updates), each a button that holds the picture on
 * that beat, the beat in the picture marked (aria-current). Segments are
 * coloured by phase and carry a short mark (y4, δ, δ4, w′) as well, so the
 * colour is never the only clue.
 */
import { type MessageKey, t } from '../i18n.js';
import { type Beat, type BeatInfo, notationFor } from '../scene/index.js';
import { h } from './dom.js';

type Notation = ReturnType<typeof notationFor>;

const PHASE_OF: Record<Beat['kind'], 'forward' | 'error' | 'backward' | 'update' | null> = {
  'forward-travel': 'forward',
  'forward-fill': 'forward',
  error: 'error',
  'backward-travel': 'backward',
  'backward-sum': 'backward',
  update: 'update',
  settle: null,
};

const PHASE_WORD: Record<'forward' | 'error' | 'backward' | 'update', MessageKey> = {
  forward: 'phase.forward',
  error: 'phase.error',
  backward: 'phase.backward',
  update: 'phase.update',
};

/** "neurons 1–3", "neuron 6", as the picture numbers them. */
function layerWords(n: Notation, l: number): string {
  const a = n.number(l, 0);
  const b = n.number(l, n.sizes[l] - 1);
  return a === b ? t('beat.neuron', { a }) : t('beat.neurons', { a, b });
}

/** The short mark on a segment, in the notation of the picture. */
export function beatMark(n: Notation, b: Beat): string {
  switch (b.kind) {
    case 'forward-travel':
      return '→';
    case 'forward-fill':
      return b.neurons.length === 1 ? n.output(b.layer, b.neurons[0]) : `y`;
    case 'error':
      return 'δ';
    case 'backward-travel':
      return '←';
    case 'backward-sum':
      return b.neurons.length === 1 ? n.delta(b.layer, b.neurons[0]) : 'δ';
    case 'update':
      return 'w′';
    case 'settle':
      return '';
  }
}

function beatWords(n: Notation, b: Beat): string {
  switch (b.kind) {
    case 'forward-travel':
      return t('beat.forwardTravel', { to: layerWords(n, b.layer) });
    case 'forward-fill':
      return t('beat.forwardFill', { y: b.neurons.map((j) => n.output(b.layer, j)).join(', ') });
    case 'error':
      return t('beat.error');
    case 'backward-travel':
      return t('beat.backwardTravel', { to: layerWords(n, b.layer) });
    case 'backward-sum':
      return t('beat.backwardSum', { d: b.neurons.map((j) => n.delta(b.layer, j)).join(', ') });
    case 'update':
      return t('beat.update', { to: layerWords(n, b.block + 1) });
    case 'settle':
      return '';
  }
}

export interface BeatTimeline {
  readonly el: HTMLElement;
  /** The beat in the picture, or null between steps. */
  show(info: BeatInfo | null, layers: readonly number[], bias: boolean): void;
  relabel(): void;
}

export function createBeatTimeline(onPick: (index: number) => void): BeatTimeline {
  const list = h('ol', { class: 'beats-list' });
  const empty = h('p', { class: 'beats-empty hint', t: 'beats.empty' });
  const el = h('nav', { class: 'beats', tAttrs: { 'aria-label': 'beats.label' } }, list, empty);
  let built: readonly unknown[] | null = null;
  let last: { info: BeatInfo | null; layers: readonly number[]; bias: boolean } | null = null;
  let buttons: HTMLButtonElement[] = [];

  function build(info: BeatInfo, n: Notation): void {
    built = info.beats;
    list.replaceChildren();
    buttons = [];
    const count = info.beats.length - 1;
    info.beats.forEach((tb, k) => {
      const phase = PHASE_OF[tb.beat.kind];
      if (!phase) return;
      const button = h('button', {
        class: 'beat',
        text: beatMark(n, tb.beat),
        attrs: {
          type: 'button',
          'data-phase': phase,
          'aria-label': t('beats.item', { n: k + 1, count, phase: t(PHASE_WORD[phase]), what: beatWords(n, tb.beat) }),
        },
        on: { click: () => onPick(k) },
      });
      buttons.push(button);
      list.append(h('li', { class: 'beat-item', attrs: { style: `flex-grow: ${(tb.end - tb.start) * 100}` } }, button));
    });
  }

  function show(info: BeatInfo | null, layers: readonly number[], bias: boolean): void {
    last = { info, layers, bias };
    if (!info) {
      list.hidden = true;
      empty.hidden = false;
      return;
    }
    if (built !== info.beats) build(info, notationFor(layers, bias));
    list.hidden = false;
    empty.hidden = true;
    buttons.forEach((b, k) => {
      if (k === info.index) b.setAttribute('aria-current', 'step');
      else b.removeAttribute('aria-current');
      b.classList.toggle('beat-done', k < info.index);
    });
  }

  show(null, [], false);

  return {
    el,
    show,
    relabel() {
      built = null;
      if (last) show(last.info, last.layers, last.bias);
    },
  };
}

/**
 * The network's settings: dataset, hidden layers, activations, rule, bias,
 * batch size and seed. Each change is sent as one `configure` intent; the
 * fields then follow the host's snapshots (except the one being edited).
 */
import { ACTIVATIONS, type ActivationName } from '../../core/activation.js';
import { ARTICLE_DATASET, DATASET_KINDS, type DatasetKind, type DatasetSpec } from '../../core/dataset.js';
import { LIMITS, type SandboxSnapshot } from '../../core/protocol.js';
import { type MessageKey, t } from '../i18n.js';
import { freshId, h } from './dom.js';
import type { Send } from './sandbox-types.js';
import { icon } from './widgets.js';

const DATASET_LABEL: Record<DatasetKind, MessageKey> = {
  xor: 'dataset.xor',
  circles: 'dataset.circles',
  gaussians: 'dataset.gaussians',
  spiral: 'dataset.spiral',
  regression: 'dataset.regression',
};

const ACTIVATION_LABEL: Record<ActivationName, MessageKey> = {
  sigmoid: 'act.sigmoid',
  tanh: 'act.tanh',
  relu: 'act.relu',
  linear: 'act.linear',
};

/** The dataset a player gets on picking a kind: the article's XOR, or a few hundred points with a test share. */
export function datasetFor(kind: DatasetKind, seed: number): DatasetSpec {
  switch (kind) {
    case 'xor':
      return ARTICLE_DATASET;
    case 'circles':
      return { kind, count: 200, noise: 0.1, testShare: 0.25, seed };
    case 'gaussians':
      return { kind, count: 200, noise: 0.2, testShare: 0.25, seed };
    case 'spiral':
      return { kind, count: 300, noise: 0.1, testShare: 0.25, seed };
    case 'regression':
      return { kind, count: 120, noise: 0.2, testShare: 0.25, seed };
  }
}

/** "3, 2" → [3, 2]; null when it is not up to 6 whole numbers from 1 to 16. An empty text is no hidden layer. */
export function parseHidden(text: string): number[] | null {
  const trimmed = text.trim();
  if (trimmed === '') return [];
  const parts = trimmed.split(/[\s,、，]+/).filter((p) => p !== '');
  if (parts.length > LIMITS.maxHiddenLayers) return null;
  const out: number[] = [];
  for (const p of parts) {
    if (!/^\d+$/.test(p)) return null;
    const n = Number(p);
    if (n < 1 || n > LIMITS.maxNeurons) return null;
    out.push(n);
  }
  return out;
}

export interface NetworkForm {
  readonly el: HTMLElement;
  update(s: SandboxSnapshot): void;
  setEnabled(on: boolean): void;
  relabel(): void;
}

export function createNetworkForm(send: Send): NetworkForm {
  let snap: SandboxSnapshot | null = null;
  const controls: (HTMLInputElement | HTMLSelectElement | HTMLButtonElement)[] = [];

  const select = (label: MessageKey, options: readonly string[], optionLabel: (o: string) => MessageKey, onChange: (v: string) => void) => {
    const id = freshId('nf');
    const el = h('select', { class: 'select', attrs: { id } });
    for (const o of options) el.append(h('option', { t: optionLabel(o), attrs: { value: o } }));
    el.addEventListener('change', () => onChange(el.value));
    controls.push(el);
    return { el, field: h('div', { class: 'field' }, h('label', { t: label, attrs: { for: id } }), el) };
  };

  const dataset = select('net.dataset', DATASET_KINDS, (o) => DATASET_LABEL[o as DatasetKind], (v) => {
    const seed = snap?.dataset.seed ?? 1;
    send('configure', { dataset: datasetFor(v as DatasetKind, seed) });
  });

  // hidden layers
  const hiddenId = freshId('nf');
  const hiddenHintId = freshId('nf-hint');
  const hidden = h('input', {
    class: 'text',
    attrs: { type: 'text', id: hiddenId, inputmode: 'numeric', autocomplete: 'off', spellcheck: 'false', 'aria-describedby': hiddenHintId },
  });
  const hiddenError = h('p', { class: 'field-error', attrs: { id: freshId('nf-error'), role: 'alert', hidden: true } });
  controls.push(hidden);
  const commitHidden = () => {
    const layers = parseHidden(hidden.value);
    if (!layers) {
      hidden.setAttribute('aria-invalid', 'true');
      hiddenError.textContent = t('net.hiddenInvalid');
      hiddenError.hidden = false;
      hidden.setAttribute('aria-describedby', `${hiddenError.id} ${hiddenHintId}`);
      return;
    }
    hidden.removeAttribute('aria-invalid');
    hiddenError.hidden = true;
    hidden.setAttribute('aria-describedby', hiddenHintId);
    hidden.value = layers.join(', ');
    if (snap && layers.join(',') === snap.layers.slice(1, -1).join(',')) return;
    send('configure', { hidden: layers });
  };
  hidden.addEventListener('change', commitHidden);
  hidden.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter') commitHidden();
  });

  // "Activation" sets every layer; "Output activation" then gives the output layer a different one if wanted.
  const activation = select('net.activation', ACTIVATIONS, (o) => ACTIVATION_LABEL[o as ActivationName], (v) =>
    send('configure', { activation: v as ActivationName, outputActivation: v as ActivationName }),
  );
  const outputActivation = select('net.outputActivation', ACTIVATIONS, (o) => ACTIVATION_LABEL[o as ActivationName], (v) =>
    send('configure', { outputActivation: v as ActivationName }),
  );

  const ruleHint = h('p', { class: 'hint' });
  const rule = select('net.rule', ['exact', 'article'], (o) => (o === 'exact' ? 'rule.exact' : 'rule.article'), (v) => {
    showRuleHint(v);
    send('configure', { rule: v === 'article' ? 'article' : 'exact' });
  });
  rule.field.append(ruleHint);
  const showRuleHint = (v: string) => {
    ruleHint.textContent = t(v === 'article' ? 'rule.articleHint' : 'rule.exactHint');
  };

  const biasId = freshId('nf');
  const bias = h('input', { class: 'checkbox', attrs: { type: 'checkbox', id: biasId } });
  bias.addEventListener('change', () => send('configure', { bias: bias.checked }));
  controls.push(bias);

  const numberField = (label: MessageKey, invalid: MessageKey, min: number, max: number, onValue: (n: number) => void) => {
    const id = freshId('nf');
    const input = h('input', { class: 'number', attrs: { type: 'number', id, min, max, step: 1, inputmode: 'numeric' } });
    const error = h('p', { class: 'field-error', attrs: { id: `${id}-error`, role: 'alert', hidden: true } });
    const commit = () => {
      const n = Number(input.value);
      if (input.value.trim() === '' || !Number.isInteger(n) || n < min || n > max) {
        input.setAttribute('aria-invalid', 'true');
        input.setAttribute('aria-describedby', error.id);
        error.textContent = t(invalid);
        error.hidden = false;
        return;
      }
      input.removeAttribute('aria-invalid');
      input.removeAttribute('aria-describedby');
      error.hidden = true;
      onValue(n);
    };
    input.addEventListener('change', commit);
    input.addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter') commit();
    });
    controls.push(input);
    return { input, error, label: h('label', { t: label, attrs: { for: id } }), relabel: () => error.hidden || (error.textContent = t(invalid)) };
  };

  const batch = numberField('net.batch', 'net.batchInvalid', 1, LIMITS.maxBatch, (n) => {
    if (n !== snap?.batch) send('configure', { batch: n });
  });
  const seed = numberField('net.seed', 'net.seedInvalid', 0, 0xffffffff, (n) => {
    if (n !== snap?.seed) send('configure', { seed: n });
  });
  const newSeed = h(
    'button',
    {
      class: 'btn btn-icon',
      attrs: { type: 'button' },
      tAttrs: { 'aria-label': 'net.newSeed', title: 'net.newSeed' },
      on: {
        click: () => {
          const n = crypto.getRandomValues(new Uint32Array(1))[0];
          seed.input.value = String(n);
          send('configure', { seed: n });
        },
      },
    },
    icon('dice'),
  );
  controls.push(newSeed);

  const el = h(
    'section',
    { class: 'panel-section network', attrs: { 'aria-labelledby': 'network-heading' } },
    h('h2', { class: 'section-title', t: 'net.heading', attrs: { id: 'network-heading' } }),
    dataset.field,
    h(
      'div',
      { class: 'field' },
      h('label', { t: 'net.hidden', attrs: { for: hiddenId } }),
      hidden,
      h('p', { class: 'hint', t: 'net.hiddenHint', attrs: { id: hiddenHintId } }),
      hiddenError,
    ),
    h('div', { class: 'field-pair' }, activation.field, outputActivation.field),
    rule.field,
    h('div', { class: 'field field-check' }, bias, h('label', { t: 'net.bias', attrs: { for: biasId } })),
    h(
      'div',
      { class: 'field-pair' },
      h('div', { class: 'field' }, batch.label, batch.input, batch.error),
      h('div', { class: 'field' }, seed.label, h('div', { class: 'input-with-button' }, seed.input, newSeed), seed.error),
    ),
  );
  showRuleHint('exact');

  const idle = (e: Element) => document.activeElement !== e && e.getAttribute('aria-invalid') !== 'true';

  return {
    el,
    update(s) {
      snap = s;
      if (idle(dataset.el)) dataset.el.value = s.dataset.kind;
      if (idle(hidden)) hidden.value = s.layers.slice(1, -1).join(', ');
      const L = s.layers.length;
      if (idle(activation.el)) activation.el.value = s.activations[L > 2 ? 1 : L - 1] ?? 'sigmoid';
      if (idle(outputActivation.el)) outputActivation.el.value = s.activations[L - 1] ?? 'sigmoid';
      if (idle(rule.el)) {
        rule.el.value = s.rule;
        showRuleHint(s.rule);
      }
      if (document.activeElement !== bias) bias.checked = s.bias;
      if (idle(batch.input)) batch.input.value = String(s.batch);
      if (idle(seed.input)) seed.input.value = String(s.seed);
    },
    setEnabled(on) {
      for (const c of controls) c.disabled = !on;
    },
    relabel() {
      showRuleHint(rule.el.value);
      if (!hiddenError.hidden) hiddenError.textContent = t('net.hiddenInvalid');
      batch.relabel();
      seed.relabel();
    },
  };
}

/**
 * "Make a challenge", at the bottom of the sandbox's panel: the network and
 * settings on screen, with a target error and a step budget the player
 * sets, become a custom challenge with its own code (core's customCode),
 * which "Play code" opens on any host. The starting weights are the seed's.
 */
import { customCode, customLevel } from '../../core/levels/index.js';
import type { SandboxSnapshot } from '../../core/protocol.js';
import { t } from '../i18n.js';
import { freshId, h } from './dom.js';

export function createCustomChallenge(): { el: HTMLElement; update(s: SandboxSnapshot): void } {
  let snap: SandboxSnapshot | null = null;
  const field = (label: 'custom.target' | 'custom.budget', input: HTMLElement, id: string) =>
    h('label', { class: 'mini-field', attrs: { for: id } }, h('span', { t: label }), input);
  const targetId = freshId('custom-target');
  const target = h('input', { class: 'number', attrs: { id: targetId, type: 'number', min: 0.0001, max: 10, step: 'any', value: '0.05' } });
  const budgetId = freshId('custom-budget');
  const budget = h('input', { class: 'number', attrs: { id: budgetId, type: 'number', min: 1, max: 1_000_000, step: 1, value: '5000' } });
  const onId = freshId('custom-on');
  const on = h('select', { class: 'select', attrs: { id: onId } }, h('option', { t: 'lv.setTrain', attrs: { value: 'train' } }), h('option', { t: 'lv.setTest', attrs: { value: 'test' } }));
  const fixId = freshId('custom-fix');
  const fix = h('input', { class: 'checkbox', attrs: { type: 'checkbox', id: fixId } });
  const error = h('p', { class: 'field-error', attrs: { role: 'alert' } });
  const codeId = freshId('custom-code');
  const code = h('input', { class: 'text code-input', attrs: { id: codeId, type: 'text', readonly: true } });
  const made = h('div', { class: 'share-box', attrs: { hidden: true } }, h('label', { t: 'ch.codeLabel', attrs: { for: codeId } }), code, h('p', { class: 'hint', t: 'lv.shareHint' }));
  const make = h('button', { class: 'btn', attrs: { type: 'button' }, t: 'custom.make', on: { click: () => build() } });

  function build(): void {
    error.textContent = '';
    if (!snap) return;
    const err = Number(target.value);
    const steps = Number(budget.value);
    if (!(err >= 0.0001 && err <= 10) || !Number.isInteger(steps) || steps < 1 || steps > 1_000_000) {
      error.textContent = t('custom.bad');
      return;
    }
    if (on.value === 'test' && snap.dataset.testShare === 0) {
      error.textContent = t('custom.badTest');
      return;
    }
    const acts = snap.activations;
    const challenge = {
      network: {
        hidden: snap.layers.slice(1, -1),
        activation: acts[1],
        outputActivation: acts[acts.length - 1],
        bias: snap.bias,
        rule: snap.rule,
        batch: snap.batch,
      },
      dataset: snap.dataset,
      seed: snap.seed,
      eta: Number(snap.eta.toPrecision(2)),
      etaFixed: fix.checked,
      target: { error: Number(err.toPrecision(2)), on: on.value as 'train' | 'test' },
      budget: steps,
    };
    try {
      customLevel(challenge);
    } catch {
      error.textContent = t('custom.bad');
      return;
    }
    code.value = customCode(challenge);
    made.hidden = false;
    code.focus();
    code.select();
  }

  const el = h(
    'section',
    { class: 'panel-section custom-challenge', attrs: { 'aria-labelledby': 'custom-heading' } },
    h('h2', { class: 'section-title', t: 'custom.heading', attrs: { id: 'custom-heading' } }),
    h('p', { class: 'hint', t: 'custom.hint' }),
    h('div', { class: 'custom-row' }, field('custom.target', target, targetId), field('custom.budget', budget, budgetId)),
    h('div', { class: 'field' }, h('label', { t: 'custom.on', attrs: { for: onId } }), on),
    h('label', { class: 'check-field', attrs: { for: fixId } }, fix, h('span', { t: 'custom.fixEta' })),
    make,
    error,
    made,
  );
  return {
    el,
    update(s) {
      snap = s;
    },
  };
}

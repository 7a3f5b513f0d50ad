/**
 * Toasts: short messages in a corner that the player can dismiss (and that
 * leave by themselves after a while), e.g. when the host refused an intent.
 */
import { t } from '../i18n.js';
import { h } from './dom.js';
import { icon } from './widgets.js';

export interface Toasts {
  readonly el: HTMLElement;
  show(text: string): void;
  relabel(): void;
  clear(): void;
}

const STAY_MS = 8000;
const MAX_SHOWN = 3;

export function createToasts(): Toasts {
  const el = h('div', { class: 'toasts', attrs: { 'aria-live': 'polite', 'aria-relevant': 'additions' } });
  const timers = new Map<HTMLElement, ReturnType<typeof setTimeout>>();

  const remove = (toast: HTMLElement) => {
    const timer = timers.get(toast);
    if (timer) clearTimeout(timer);
    timers.delete(toast);
    toast.remove();
  };

  return {
    el,
    show(text) {
      // The same message twice in a row (a slider sending many refused values) shows once.
      const last = el.lastElementChild as HTMLElement | null;
      if (last && last.dataset.text === text) {
        remove(last);
      }
      const close = h('button', { class: 'toast-close', attrs: { type: 'button', 'aria-label': t('toast.dismiss') } }, icon('close'));
      const toast = h('div', { class: 'toast' }, icon('alert'), h('p', { class: 'toast-text', text }), close);
      toast.dataset.text = text;
      close.addEventListener('click', () => remove(toast));
      el.append(toast);
      timers.set(toast, setTimeout(() => remove(toast), STAY_MS));
      while (el.children.length > MAX_SHOWN) remove(el.firstElementChild as HTMLElement);
    },
    relabel() {
      for (const b of el.querySelectorAll('.toast-close')) b.setAttribute('aria-label', t('toast.dismiss'));
    },
    clear() {
      for (const toast of [...el.children]) remove(toast as HTMLElement);
    },
  };
}

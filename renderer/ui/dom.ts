/**
 * A small helper for building DOM trees in code, and the glue that keeps
 * static labels in the current language: an element made with `t: key`
 * (or `tAttrs: { attr: key }`) is re-labelled by localize() when the
 * language changes.
 */
import { type MessageKey, t } from '../i18n.js';

type Child = Node | string | null | undefined | false;

export interface Props {
  class?: string;
  /** Literal text content. */
  text?: string;
  /** Text content from the dictionary, kept in the current language. */
  t?: MessageKey;
  /** Attributes from the dictionary, kept in the current language. */
  tAttrs?: Record<string, MessageKey>;
  attrs?: Record<string, string | number | boolean | undefined>;
  on?: { [E in keyof HTMLElementEventMap]?: (ev: HTMLElementEventMap[E]) => void };
}

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (props.class) el.className = props.class;
  if (props.attrs) {
    for (const [name, value] of Object.entries(props.attrs)) {
      if (value === undefined || value === false) continue;
      el.setAttribute(name, value === true ? '' : String(value));
    }
  }
  if (props.text !== undefined) el.textContent = props.text;
  if (props.t) {
    el.dataset.i18n = props.t;
    el.textContent = t(props.t);
  }
  if (props.tAttrs) {
    el.dataset.i18nAttrs = Object.entries(props.tAttrs)
      .map(([a, k]) => `${a}=${k}`)
      .join(';');
    for (const [a, k] of Object.entries(props.tAttrs)) el.setAttribute(a, t(k));
  }
  if (props.on) {
    for (const [type, fn] of Object.entries(props.on)) el.addEventListener(type, fn as EventListener);
  }
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c);
  }
  return el;
}

/** Re-labels every element under root that was made with `t` or `tAttrs`. */
export function localize(root: ParentNode): void {
  for (const el of root.querySelectorAll<HTMLElement>('[data-i18n]')) {
    el.textContent = t(el.dataset.i18n as MessageKey);
  }
  for (const el of root.querySelectorAll<HTMLElement>('[data-i18n-attrs]')) {
    for (const pair of (el.dataset.i18nAttrs ?? '').split(';')) {
      const [attr, key] = pair.split('=');
      if (attr && key) el.setAttribute(attr, t(key as MessageKey));
    }
  }
}

let uid = 0;
/** A fresh id for label/for and aria-describedby pairs. */
export function freshId(prefix: string): string {
  uid += 1;
  return `${prefix}-${uid}`;
}

/** Whether a key press aimed at this element belongs to the element (typing, sliders, lists). */
export function isEditable(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  return target instanceof HTMLInputElement || target instanceof HTMLSelectElement || target instanceof HTMLTextAreaElement;
}

/**
 * Calls fn at most once per `ms`, always with the latest arguments; the last
 * call of a burst is never lost.
 */
export function throttle<A extends unknown[]>(fn: (...args: A) => void, ms: number): ((...args: A) => void) & { flush(): void; cancel(): void } {
  let last = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let pending: A | null = null;
  const run = () => {
    timer = null;
    if (!pending) return;
    const args = pending;
    pending = null;
    last = performance.now();
    fn(...args);
  };
  const wrapped = (...args: A) => {
    pending = args;
    const wait = ms - (performance.now() - last);
    if (wait <= 0) {
      if (timer) clearTimeout(timer);
      run();
    } else if (!timer) {
      timer = setTimeout(run, wait);
    }
  };
  wrapped.flush = () => {
    if (timer) clearTimeout(timer);
    run();
  };
  wrapped.cancel = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    pending = null;
  };
  return wrapped;
}

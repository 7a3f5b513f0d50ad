/**
 * Small pieces both screens use: the language switch, the reduced-motion
 * switch, and the icons drawn on buttons (inline SVG, hidden from screen
 * readers; every button also has its text).
 */
import { LANGUAGES, LANGUAGE_NAMES, type Language, language, onLanguageChange, setLanguage } from '../i18n.js';
import { h } from './dom.js';
import { saveSetting, type Prefs } from './settings.js';

/** Two buttons, English and 日本語; the pressed one is the current language. */
export function languageSwitch(): { el: HTMLElement; dispose(): void } {
  const buttons = new Map<Language, HTMLButtonElement>();
  const group = h('div', { class: 'segmented', attrs: { role: 'group' }, tAttrs: { 'aria-label': 'settings.language' } });
  for (const lang of LANGUAGES) {
    const b = h('button', {
      class: 'segmented-option',
      text: LANGUAGE_NAMES[lang],
      attrs: { type: 'button', lang, 'aria-pressed': String(lang === language()) },
      on: {
        click: () => {
          saveSetting('language', lang);
          setLanguage(lang);
        },
      },
    });
    buttons.set(lang, b);
    group.append(b);
  }
  const dispose = onLanguageChange((lang) => {
    for (const [l, b] of buttons) b.setAttribute('aria-pressed', String(l === lang));
  });
  return { el: group, dispose };
}

/** A labelled switch for reduced motion, kept in step with the setting. */
export function reducedMotionSwitch(prefs: Prefs, withHint: boolean): { el: HTMLElement; dispose(): void } {
  const input = h('input', {
    class: 'switch-input',
    attrs: { type: 'checkbox', role: 'switch' },
    on: { change: () => prefs.setReducedMotion(input.checked) },
  });
  input.checked = prefs.reducedMotion;
  const label = h(
    'label',
    { class: 'switch' },
    input,
    h('span', { class: 'switch-track', attrs: { 'aria-hidden': 'true' } }, h('span', { class: 'switch-thumb' })),
    h('span', { class: 'switch-text' }, h('span', { t: 'settings.reducedMotion' }), withHint ? h('small', { class: 'hint', t: 'settings.reducedMotionHint' }) : null),
  );
  const dispose = prefs.onReducedMotion((on) => {
    input.checked = on;
  });
  return { el: label, dispose };
}

const SVG_NS = 'http://www.w3.org/2000/svg';

const ICON_PATHS = {
  play: 'M6 4.5v11l9-5.5z',
  pause: 'M5.5 4.5h3v11h-3zM11.5 4.5h3v11h-3z',
  step: 'M4.5 4.5v11l7.5-5.5zM13 4.5h2.5v11H13z',
  reset: 'M15.2 11.5A5.5 5.5 0 1 1 13.9 6M14.5 2.8v3.6h-3.6',
  back: 'M12.5 4.5 7 10l5.5 5.5',
  close: 'M5.5 5.5l9 9M14.5 5.5l-9 9',
  dice: 'M4 4h12v12H4zM7.5 7.5h.01M12.5 12.5h.01M12.5 7.5h.01M7.5 12.5h.01M10 10h.01',
  alert: 'M10 3 18 17H2zM10 8v4M10 14.5h.01',
  nextPhase: 'M4 6.5h12L10 14z',
  prevPhase: 'M4 13.5h12L10 6z',
} as const;

export type IconName = keyof typeof ICON_PATHS;

/** A 20×20 icon. Outline icons (back, close, dice, alert) are stroked, the others filled. */
export function icon(name: IconName): SVGSVGElement {
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('viewBox', '0 0 20 20');
  svg.setAttribute('width', '18');
  svg.setAttribute('height', '18');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  svg.classList.add('icon');
  const path = document.createElementNS(SVG_NS, 'path');
  path.setAttribute('d', ICON_PATHS[name]);
  const stroked = name !== 'play' && name !== 'pause' && name !== 'step' && name !== 'nextPhase' && name !== 'prevPhase';
  if (stroked) {
    path.setAttribute('fill', 'none');
    path.setAttribute('stroke', 'currentColor');
    path.setAttribute('stroke-width', name === 'dice' || name === 'alert' ? '1.8' : '2');
    path.setAttribute('stroke-linecap', 'round');
    path.setAttribute('stroke-linejoin', 'round');
  } else {
    path.setAttribute('fill', 'currentColor');
  }
  svg.append(path);
  return svg;
}

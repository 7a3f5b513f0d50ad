/** The top three on steps of a podium: second, first, third, left to right. */
import type { TopRow } from '../../core/race/index.js';
import { h } from './dom.js';
import { formatCount, formatError } from './format.js';

export function podium(rows: readonly TopRow[]): HTMLElement {
  const top = rows.filter((r) => r.place <= 3).slice(0, 3);
  const order = [top[1], top[0], top[2]];
  return h(
    'section',
    { class: 'race-podium', tAttrs: { 'aria-label': 'race.podium' } },
    h('h2', { class: 'race-podium-title', t: 'race.podium' }),
    h(
      'ol',
      { class: 'race-podium-steps' },
      ...order.map((r, k) =>
        r
          ? h(
              'li',
              { class: `race-podium-step race-podium-${['second', 'first', 'third'][k]}`, attrs: { value: r.place } },
              h('span', { class: 'race-podium-name', text: r.nickname }),
              h('span', { class: 'race-podium-score', text: r.reached ? `✓ ${formatCount(r.steps)}` : formatError(r.error) }),
              h('span', { class: 'race-podium-place', text: String(r.place) }),
            )
          : null,
      ),
    ),
  );
}

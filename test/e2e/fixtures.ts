/**
 * The end-to-end tests' `test`, with two things added to every test that
 * uses it. The page must log no Content-Security-Policy violation: the
 * host sends a strict policy with every page (no eval, no inline script,
 * no outside hosts), and the game must work entirely within it. And every
 * test starts from the same settings on the host: the host keeps the
 * language, reduced motion and slow-motion pace for every browser that has
 * not chosen its own, so a test that switched to Japanese would otherwise
 * open the next test's fresh browser in Japanese.
 */
import { test as base, expect } from '@playwright/test';

/** Chromium's console words for a blocked load, eval or inline script or style. */
const CSP_VIOLATION = /Content Security Policy|Content-Security-Policy|unsafe-eval|unsafe-inline/i;

/** What a player who never changed a setting gets (settings.ts, the system's choice under the tests' locale). */
const FRESH_SETTINGS = { language: 'en', reducedMotion: false, stepSeconds: 4 };

export const test = base.extend<{ cspGuard: void; freshSettings: void }>({
  freshSettings: [
    async ({ request }, use) => {
      const answer = await request.post('/api/settings', { data: FRESH_SETTINGS });
      expect(answer.ok(), 'the host took the fresh settings').toBe(true);
      await use();
    },
    { auto: true },
  ],
  cspGuard: [
    async ({ page }, use) => {
      const violations: string[] = [];
      page.on('console', (msg) => {
        if (CSP_VIOLATION.test(msg.text())) violations.push(msg.text());
      });
      await use();
      expect(violations, 'the page broke its Content-Security-Policy').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

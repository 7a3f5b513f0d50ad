/**
 * The end-to-end tests' `test`, with one check added to every test that
 * uses it: the page must log no Content-Security-Policy violation. The
 * host sends a strict policy with every page (no eval, no inline script,
 * no outside hosts), and the game must work entirely within it.
 */
import { test as base, expect } from '@playwright/test';

/** Chromium's console words for a blocked load, eval or inline script or style. */
const CSP_VIOLATION = /Content Security Policy|Content-Security-Policy|unsafe-eval|unsafe-inline/i;

export const test = base.extend<{ cspGuard: void }>({
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

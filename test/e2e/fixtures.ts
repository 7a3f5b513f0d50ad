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
import { type APIRequestContext, test as base, expect } from '@playwright/test';

/** Chromium's console words for a blocked load, eval or inline script or style. */
const CSP_VIOLATION = /Content Security Policy|Content-Security-Policy|unsafe-eval|unsafe-inline/i;

/** What a player who never changed a setting gets (settings.ts, the system's choice under the tests' locale). */
const FRESH_SETTINGS = { language: 'en', reducedMotion: false, stepSeconds: 4 };

/**
 * Sets settings on the host as a page would. A kept-alive connection the
 * host closes after 5 s idle can be reset just as a request leaves on it;
 * such a request never reached the host, so it is sent again once.
 */
export async function postSettings(request: APIRequestContext, data: Record<string, unknown>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      const answer = await request.post('/api/settings', { data });
      expect(answer.ok(), 'the host took the settings').toBe(true);
      return;
    } catch (err) {
      if (attempt >= 2 || !/ECONNRESET|socket hang up/.test((err as Error).message)) throw err;
    }
  }
}

export const test = base.extend<{ cspGuard: void; freshSettings: void }>({
  freshSettings: [
    async ({ request }, use) => {
      await postSettings(request, FRESH_SETTINGS);
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

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './test/e2e/chromium.js';

/** The port the end-to-end tests run the real host on (`npm run serve`). */
export const E2E_PORT = Number(process.env.E2E_PORT ?? 47_311);

/** A fresh data folder for the host's progress and settings, so that no run sees another's. */
const E2E_DATA_DIR = process.env.E2E_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'bpa-e2e-'));
process.env.E2E_DATA_DIR = E2E_DATA_DIR;

// End-to-end tests: the real host (the `serve` command) and the real
// renderer in Debian's Chromium, driven by Playwright. No browser is
// downloaded: the system's chromium is used.
export default defineConfig({
  testDir: 'test/e2e',
  outputDir: 'test-results',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list'], ['./test/e2e/skip-reasons.ts']],
  use: {
    baseURL: `http://127.0.0.1:${E2E_PORT}`,
    viewport: { width: 1280, height: 720 },
    locale: 'en-US',
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: CHROMIUM_PATH,
      args: CHROMIUM_ARGS,
    },
  },
  webServer: {
    command: `node node_modules/tsx/dist/cli.mjs app/cli/serve.ts --port ${E2E_PORT} --data-dir ${JSON.stringify(E2E_DATA_DIR)}`,
    url: `http://127.0.0.1:${E2E_PORT}/`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'pipe',
    stderr: 'pipe',
  },
});

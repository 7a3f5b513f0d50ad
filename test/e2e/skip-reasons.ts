/**
 * A small Playwright reporter that prints, after the run, every skipped test
 * with the reason it was skipped (the list reporter shows only a dash).
 */
import type { Reporter, TestCase, TestResult } from '@playwright/test/reporter';

export default class SkipReasons implements Reporter {
  private skipped: string[] = [];

  onTestEnd(test: TestCase, result: TestResult): void {
    if (result.status !== 'skipped') return;
    const reason = test.annotations.find((a) => a.type === 'skip')?.description ?? 'no reason given';
    this.skipped.push(`skipped: ${test.titlePath().filter(Boolean).slice(1).join(' › ')} — ${reason}`);
  }

  onEnd(): void {
    for (const line of this.skipped) console.log(line);
  }

  printsToStdio(): boolean {
    return true;
  }
}

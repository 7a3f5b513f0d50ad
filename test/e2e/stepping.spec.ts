/**
 * Phase-by-phase stepping, and everything on screen telling the moment in
 * the picture: the real host and the real renderer in Chromium, driven by
 * role and accessible name.
 */
import { type Locator, type Page } from '@playwright/test';
import { expect, test } from './fixtures.js';

const shots = 'test-results/screens';

async function openSandbox(page: Page): Promise<void> {
  await page.goto('/');
  await page.getByRole('button', { name: 'Sandbox' }).click();
  await expect(page.getByRole('button', { name: 'Step' })).toBeEnabled();
  await expect(page.getByRole('status', { name: 'Error' })).toContainText(/\d/);
  await expect(page.locator('canvas').first()).toBeVisible();
}

const caption = (page: Page): Locator => page.getByRole('region', { name: 'Caption' });
const currentBeat = (page: Page): Locator => page.getByRole('navigation', { name: 'Beats of the step' }).locator('[aria-current="step"]');

async function errorText(page: Page): Promise<string> {
  return (await page.locator('.error-status').textContent()) ?? '';
}

async function stepCount(page: Page): Promise<string> {
  return (await page.locator('.step-count').textContent()) ?? '';
}

test.beforeEach(async ({ page }) => {
  // Several machines' worth of work share these cores: beat-by-beat walks get room, not deadlines.
  test.setTimeout(180_000);
  page.on('pageerror', (err) => {
    throw new Error(`the page threw: ${err.message}`);
  });
});

test('"Next phase" holds each beat until pressed again, and "Previous phase" goes back', async ({ page }) => {
  await openSandbox(page);
  await expect(caption(page)).toContainText('Press Step');
  await expect(page.getByRole('button', { name: 'Previous phase' })).toBeDisabled();
  const next = page.getByRole('button', { name: 'Next phase' });
  await next.click();
  // With no step under way, Next phase starts one and holds on its first beat.
  await expect(caption(page)).toContainText(/Forward pass\s*y1 = f\(/);
  await expect(currentBeat(page)).toHaveAttribute('aria-label', /^1 of \d+, Forward pass/);
  const first = await caption(page).textContent();
  // Held: the caption stays as long as the reader needs (far longer than a step would take to play).
  await page.waitForTimeout(5000);
  await expect(caption(page)).toHaveText(first!);
  await expect(currentBeat(page)).toHaveAttribute('aria-label', /^1 of /);

  await next.click();
  await expect(currentBeat(page)).toHaveAttribute('aria-label', /^2 of /);
  await next.click();
  await expect(currentBeat(page)).toHaveAttribute('aria-label', /^3 of /);
  await expect(caption(page)).toContainText('y2 = f(');
  const third = await caption(page).textContent();
  await page.screenshot({ path: `${shots}/held-beat-en.png` });

  await page.getByRole('button', { name: 'Previous phase' }).click();
  await expect(currentBeat(page)).toHaveAttribute('aria-label', /^2 of /);
  await expect(caption(page)).toHaveText(first!);
  // The keys do the same: ↓ or N forward, ↑ or P back.
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('ArrowDown');
  await expect(caption(page)).toHaveText(third!);
  await page.keyboard.press('p');
  await expect(currentBeat(page)).toHaveAttribute('aria-label', /^2 of /);
  await page.keyboard.press('n');
  await expect(currentBeat(page)).toHaveAttribute('aria-label', /^3 of /);

  // The timeline: any beat, by a click.
  await page.getByRole('button', { name: /, Output error:/ }).click();
  await expect(caption(page)).toContainText(/Output error\s*δ = z − y = /);

  // Step, while held inside a step, plays the rest of it (and no other step).
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  await expect(caption(page)).toContainText('Last step', { timeout: 15_000 });
  expect(await stepCount(page)).toBe('Step 1');
});

test('the weight table, the Error and the step count change at the update beat, not before', async ({ page }) => {
  await openSandbox(page);
  const w46 = page.getByRole('spinbutton', { name: 'w46', exact: true });
  const w14 = page.getByRole('spinbutton', { name: 'w14', exact: true });
  const weightsBefore = [await w46.inputValue(), await w14.inputValue()];
  const errorBefore = await errorText(page);
  expect(await stepCount(page)).toBe('Step 0');
  await page.getByRole('button', { name: 'Next phase' }).click();
  await expect(currentBeat(page)).toHaveAttribute('aria-label', /^1 of /);
  const total = Number((await currentBeat(page).getAttribute('aria-label'))!.match(/of (\d+)/)![1]);
  // The host took the step at once; the screen waits for the picture.
  const screen = () =>
    page.evaluate(() => {
      const value = (name: string) => (document.getElementById(document.evaluate(`//label[text()="${name}"]`, document, null, 9).singleNodeValue!.parentElement!.querySelector('input')!.id) as HTMLInputElement).value;
      return {
        beat: document.querySelector('.beats [aria-current="step"]')?.getAttribute('aria-label') ?? '',
        weights: [value('w46'), value('w14')],
        error: document.querySelector('.error-status')?.textContent ?? '',
        count: document.querySelector('.step-count')?.textContent ?? '',
      };
    });
  for (let k = 1; k < total; k++) {
    const now = await screen();
    if (now.beat.includes('Weight update')) break;
    expect(now).toEqual({ beat: now.beat, weights: weightsBefore, error: errorBefore, count: 'Step 0' });
    await page.keyboard.press('n');
    await expect(currentBeat(page)).toHaveAttribute('aria-label', new RegExp(`^${k + 1} of `));
  }
  // The first update beat (the weights out of the inputs): the step is done, its error shows.
  await expect(caption(page)).toContainText('Weight update');
  await expect(page.locator('.step-count')).toHaveText('Step 1');
  await expect(page.getByRole('status', { name: 'Error' })).not.toHaveText(errorBefore);
  // The weights change block by block, as the picture flashes them: w14's block next, w46's last.
  expect([await w46.inputValue(), await w14.inputValue()]).toEqual(weightsBefore);
  await page.keyboard.press('n');
  await expect(w14).not.toHaveValue(weightsBefore[1]);
  expect(await w46.inputValue()).toBe(weightsBefore[0]);
  await page.keyboard.press('n');
  await expect(w46).not.toHaveValue(weightsBefore[0]);
});

test('five quick → presses show five steps, in order, and the count always matches the picture', async ({ page }) => {
  await openSandbox(page);
  const pace = page.getByRole('slider', { name: 'Slow motion' });
  await pace.fill('2');
  await expect(pace).toHaveAttribute('aria-valuetext', '2 s per step');
  // Every step the picture shows, and every count the panel shows, as they happen.
  await page.evaluate(() => {
    const w = window as unknown as { seen: { counts: string[]; steps: string[] } };
    const count = document.querySelector('.step-count')!;
    w.seen = { counts: [count.textContent ?? ''], steps: [] };
    new MutationObserver(() => {
      const text = count.textContent ?? '';
      if (w.seen.counts[w.seen.counts.length - 1] !== text) w.seen.counts.push(text);
    }).observe(count, { childList: true, characterData: true, subtree: true });
    const region = document.querySelector('[aria-label="Caption"]')!;
    new MutationObserver(() => {
      const step = (region.textContent ?? '').match(/^Step (\d+) · /)?.[1];
      if (step && w.seen.steps[w.seen.steps.length - 1] !== step) w.seen.steps.push(step);
    }).observe(region, { childList: true, characterData: true, subtree: true });
  });
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  for (let k = 0; k < 5; k++) await page.keyboard.press('ArrowRight');
  await expect(caption(page)).toContainText('Last step', { timeout: 30_000 });
  const seen = await page.evaluate(() => (window as unknown as { seen: { counts: string[]; steps: string[] } }).seen);
  // The caption explained steps 1 to 5, in order, none skipped; the count followed the picture.
  expect(seen.steps).toEqual(['1', '2', '3', '4', '5']);
  expect(seen.counts).toEqual(['Step 0', 'Step 1', 'Step 2', 'Step 3', 'Step 4', 'Step 5']);
  await expect(page.locator('.step-count')).toHaveText('Step 5');
});

test('after fast play and Pause, or a new dataset, the caption never shows an earlier network', async ({ page }) => {
  await openSandbox(page);
  await page.getByRole('slider', { name: 'Slow motion' }).fill('2');
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  await expect(caption(page)).toContainText('Last step', { timeout: 15_000 });
  const old = (await caption(page).locator('code').textContent()) ?? '';
  expect(old).toMatch(/^δ = z − y = /);

  const speed = page.getByRole('slider', { name: 'Speed' });
  await speed.fill((await speed.getAttribute('max')) ?? '19');
  await page.getByRole('button', { name: 'Play' }).click();
  await expect(caption(page)).toContainText('Training at');
  await expect.poll(async () => Number((await stepCount(page)).replace(/\D/g, '')), { timeout: 20_000 }).toBeGreaterThan(200);
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByRole('button', { name: 'Play' })).toBeEnabled();
  await expect(caption(page)).toContainText('Press Step');
  await expect(caption(page)).not.toContainText(old);

  // A step of this network, then a new dataset: the caption goes back to the hint.
  await speed.fill('4');
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  await expect(caption(page)).toContainText('Last step', { timeout: 15_000 });
  await page.getByRole('combobox', { name: 'Dataset' }).selectOption('circles');
  await expect(caption(page)).toContainText('Press Step');
});

test('the slow-motion pace is remembered', async ({ page }) => {
  await openSandbox(page);
  const pace = page.getByRole('slider', { name: 'Slow motion' });
  expect(Number(await pace.getAttribute('min'))).toBeLessThanOrEqual(2);
  expect(Number(await pace.getAttribute('max'))).toBeGreaterThanOrEqual(30);
  await pace.fill('17');
  await page.reload();
  await page.getByRole('button', { name: 'Sandbox' }).click();
  await expect(page.getByRole('slider', { name: 'Slow motion' })).toHaveAttribute('aria-valuetext', '17 s per step');
});

test('the η slider moves η by a step one notices: ×1.25 per arrow, ×10 per page', async ({ page }) => {
  await openSandbox(page);
  const eta = page.getByRole('slider', { name: 'Learning rate (η)' });
  const value = async () => Number(((await eta.getAttribute('aria-valuetext')) ?? '').replace(/^η = /, ''));
  expect(await value()).toBe(0.5);
  await eta.focus();
  await page.keyboard.press('ArrowRight');
  const up = await value();
  expect(up / 0.5).toBeGreaterThan(1.2);
  expect(up / 0.5).toBeLessThan(1.3);
  await page.keyboard.press('PageDown');
  expect(await value()).toBeCloseTo(up / 10, 5);
  // The host takes it: the schedule's η follows.
  await page.keyboard.press('PageUp');
  await page.keyboard.press('ArrowLeft');
  await expect.poll(value).toBe(0.5);
});

test('Japanese renders with the shipped font: two different kanji are two different glyphs', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: '日本語' }).click();
  await page.getByRole('button', { name: 'サンドボックス' }).click();
  await expect(page.getByRole('button', { name: 'ステップ', exact: true })).toBeEnabled();
  // Where the first two characters of "日本語" sit on screen.
  const boxes = await page.locator('button[lang="ja"]').evaluate((el) => {
    const text = el.firstChild as Text;
    const out: { x: number; y: number; width: number; height: number }[] = [];
    for (let k = 0; k < 2; k++) {
      const r = document.createRange();
      r.setStart(text, k);
      r.setEnd(text, k + 1);
      const b = r.getBoundingClientRect();
      out.push({ x: b.x, y: b.y, width: b.width, height: b.height });
    }
    return out;
  });
  const [sun, book] = await Promise.all(boxes.map((clip) => page.screenshot({ clip })));
  // With no font for them, both would be the same empty box.
  expect(sun.equals(book)).toBe(false);
  const fonts = await page.evaluate(() => [...document.fonts].filter((f) => f.family.includes('Noto Sans JP') && f.status === 'loaded').length);
  expect(fonts).toBeGreaterThan(0);
  await page.getByRole('button', { name: '次の段階' }).click();
  await expect(page.getByRole('region', { name: '数式の説明' })).toContainText('順伝播');
  await page.screenshot({ path: `${shots}/held-beat-ja.png` });
});

test('a divergence in slow motion: the banner at the step the numbers overflowed, readable captions, whole weight values', async ({ page }) => {
  await openSandbox(page);
  await page.getByRole('combobox', { name: 'Activation', exact: true }).selectOption('linear');
  await page.getByRole('combobox', { name: 'Dataset' }).selectOption('regression');
  await expect(page.locator('.step-count')).toHaveText('Step 0');
  const eta = page.getByRole('slider', { name: 'Learning rate (η)' });
  await eta.fill((await eta.getAttribute('max')) ?? '1');
  await expect(eta).toHaveAttribute('aria-valuetext', 'η = 10');
  await page.getByRole('slider', { name: 'Slow motion' }).fill('2');
  // Every caption the strip shows on the way.
  await page.evaluate(() => {
    const w = window as unknown as { captions: string[]; dashNoBanner: number };
    w.captions = [];
    w.dashNoBanner = 0;
    const region = document.querySelector('[aria-label="Caption"]')!;
    new MutationObserver(() => w.captions.push(region.textContent ?? '')).observe(region, { childList: true, characterData: true, subtree: true });
    // An Error of "—" with no banner to say why would be a state no player can read.
    const error = document.querySelector('.error-status')!;
    const banner = document.querySelector('.banner') as HTMLElement;
    new MutationObserver(() => {
      if ((error.textContent ?? '').includes('—') && banner.hidden) w.dashNoBanner++;
    }).observe(error, { childList: true, characterData: true, subtree: true });
  });
  // Four steps a second, each one shown.
  const speed = page.getByRole('slider', { name: 'Speed' });
  await speed.fill('7');
  await expect(speed).toHaveAttribute('aria-valuetext', '4 steps/s');
  await page.getByRole('button', { name: 'Play' }).click();
  const banner = page.getByRole('alert').filter({ hasText: /diverged/i });
  await expect(banner).toBeVisible({ timeout: 90_000 });
  await expect(page.getByRole('button', { name: 'Pause' })).toBeDisabled();
  // The banner's step is the step the panel shows: the one whose numbers stopped being finite.
  const count = ((await page.locator('.step-count').textContent()) ?? '').replace(/\D/g, '');
  await expect(banner).toContainText(`diverged at step ${Number(count).toLocaleString('en-US')}`);
  expect(await page.evaluate(() => (window as unknown as { dashNoBanner: number }).dashNoBanner)).toBe(0);
  const captions = await page.evaluate(() => (window as unknown as { captions: string[] }).captions);
  expect(captions.length).toBeGreaterThan(10);
  for (const text of captions) expect(text).not.toMatch(/—|∞|NaN/);
  // Every weight whole: a number the field reads back, however large, and nothing cut off.
  const fields = await page.getByRole('spinbutton', { name: /^w/ }).evaluateAll((inputs) =>
    (inputs as HTMLInputElement[]).map((i) => ({ value: i.value, fits: i.scrollWidth <= i.clientWidth + 1 })),
  );
  expect(fields.length).toBeGreaterThan(0);
  for (const f of fields) {
    expect(Number.isFinite(Number(f.value))).toBe(true);
    expect(f.fits).toBe(true);
  }
  expect(fields.some((f) => /^-?\d\.\d\de\+\d+$/.test(f.value))).toBe(true);
  await page.screenshot({ path: `${shots}/diverged-slow-en.png` });
});

test('a weight field’s error is beside it and is its accessible description', async ({ page }) => {
  await openSandbox(page);
  const w14 = page.getByRole('spinbutton', { name: 'w14', exact: true });
  await w14.fill('99');
  await w14.press('Enter');
  await expect(w14).toHaveAttribute('aria-invalid', 'true');
  await expect(w14).toHaveAccessibleDescription('A weight must be a number from −10 to 10.');
  // Right under the field, not at the top of the section.
  const field = (await w14.boundingBox())!;
  const message = (await page.getByRole('alert').filter({ hasText: 'A weight must be' }).boundingBox())!;
  expect(message.y).toBeGreaterThanOrEqual(field.y + field.height - 1);
  expect(message.y).toBeLessThan(field.y + field.height + 30);
  // The other fields say nothing of it.
  await expect(page.getByRole('spinbutton', { name: 'w15', exact: true })).toHaveAccessibleDescription('');
  await w14.fill('1.5');
  await w14.press('Enter');
  await expect(w14).not.toHaveAttribute('aria-invalid', 'true');
  await expect(w14).toHaveAccessibleDescription('');
  // The network's fields do the same.
  const hidden = page.getByRole('textbox', { name: 'Hidden layers' });
  await hidden.fill('3, 99');
  await hidden.press('Enter');
  await expect(hidden).toHaveAccessibleDescription(/Write up to 6 whole numbers from 1 to 16/);
});

test('with reduced motion a step is still frames that change per beat, at the same pace', async ({ page }) => {
  // The page's clock is ours: the step moves only when the test moves time on.
  await page.clock.install({ time: new Date('2026-01-05T09:00:00Z') });
  const socket = page.waitForEvent('websocket');
  await openSandbox(page);
  const motion = page.getByRole('switch', { name: /Reduced motion/ });
  await motion.focus();
  await page.keyboard.press('Space');
  await expect(motion).toBeChecked();
  await page.getByRole('slider', { name: 'Slow motion' }).fill('30');
  await page.clock.pauseAt(new Date('2026-01-05T10:00:00Z'));
  const traced = (await socket).waitForEvent('framereceived', { predicate: (frame) => Buffer.from(frame.payload).includes('weightsBefore') });
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  await traced;
  await page.waitForTimeout(500);
  const canvas = page.locator('.scene-host canvas');
  // 0.3 s apart within the first beat (about 1.5 s of a 30 s step): the same still frame.
  await page.clock.runFor(300);
  await expect(currentBeat(page)).toHaveAttribute('aria-label', /^1 of /);
  const a = await canvas.screenshot();
  await page.clock.runFor(300);
  const b = await canvas.screenshot();
  await expect(currentBeat(page)).toHaveAttribute('aria-label', /^1 of /);
  expect(a.equals(b)).toBe(true);
  // The next beats come at the pace's speed, not sooner: 3 s in, a few beats on, the step far from done.
  await page.clock.runFor(2400);
  const label = (await currentBeat(page).getAttribute('aria-label')) ?? '';
  const beat = Number(label.match(/^(\d+) of/)?.[1]);
  expect(beat).toBeGreaterThan(1);
  expect(beat).toBeLessThan(6);
  expect(a.equals(await canvas.screenshot())).toBe(false);
});

/**
 * The sandbox end to end: the real host (`serve`), the real renderer in
 * Chromium, driven by role and accessible name as a keyboard or
 * screen-reader user would. Screenshots are kept in test-results/.
 */
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures.js';
import { computeLayout } from '../../renderer/scene/layout.js';

const shots = 'test-results/screens';

/** The number the "Error" status shows (the training set's error). */
async function errorValue(page: Page): Promise<number> {
  const text = (await page.getByRole('status', { name: 'Error' }).textContent()) ?? '';
  const match = text.match(/-?\d+(?:\.\d+)?(?:e-?\d+)?/i);
  if (!match) throw new Error(`the Error status shows no number: "${text}"`);
  return Number(match[0]);
}

async function numberIn(input: Locator): Promise<number> {
  return Number(await input.inputValue());
}

async function openSandbox(page: Page): Promise<void> {
  await page.goto('/');
  await page.getByRole('button', { name: 'Sandbox' }).click();
  await expect(page.getByRole('button', { name: 'Step' })).toBeEnabled();
  await expect(page.getByRole('status', { name: 'Error' })).toContainText(/\d/);
  await expect(page.locator('canvas').first()).toBeVisible();
}

test.beforeEach(async ({ page }) => {
  page.on('pageerror', (err) => {
    throw new Error(`the page threw: ${err.message}`);
  });
});

test('the menu opens the sandbox on the article network', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Backprop Arena' })).toBeVisible();
  await page.screenshot({ path: `${shots}/menu-en.png` });
  await page.getByRole('button', { name: 'Sandbox' }).click();
  // The article's weights, named in its notation.
  for (const name of ['w(x1)1', 'w(x2)3', 'w14', 'w35', 'w46', 'w56']) {
    await expect(page.getByRole('spinbutton', { name, exact: true })).toBeVisible();
  }
  await expect(page.getByRole('spinbutton', { name: 'w47', exact: true })).toHaveCount(0);
  await expect(page.getByRole('status', { name: 'Error' })).toContainText(/\d/);
  // The picture fills its panel, however late the page settled its layout.
  const panel = (await page.locator('.scene-host').boundingBox())!;
  await expect
    .poll(async () => {
      const canvas = (await page.locator('.scene-host canvas').boundingBox())!;
      return [Math.round(canvas.width), Math.round(canvas.height)];
    })
    .toEqual([Math.round(panel.width), Math.round(panel.height)]);
  await page.screenshot({ path: `${shots}/sandbox-en.png` });
});

test('Step animates one step phase by phase and changes the weights', async ({ page }) => {
  await openSandbox(page);
  const w46 = page.getByRole('spinbutton', { name: 'w46', exact: true });
  const before = await numberIn(w46);
  await page.getByRole('button', { name: 'Step' }).click();
  // The caption follows the phases with the formulas of the moment.
  await expect(page.getByText(/y\d? = f/).first()).toBeVisible();
  await page.screenshot({ path: `${shots}/step-forward.png` });
  await expect(page.getByText(/δ\d? = /).first()).toBeVisible({ timeout: 10_000 });
  await page.screenshot({ path: `${shots}/step-backward.png` });
  await expect.poll(() => numberIn(w46), { timeout: 10_000 }).not.toBe(before);
});

test('a weight typed into its spinbutton is what the network then holds', async ({ page }) => {
  await openSandbox(page);
  const w14 = page.getByRole('spinbutton', { name: 'w14', exact: true });
  const errorBefore = await errorValue(page);
  await w14.fill('2.5');
  await w14.press('Enter');
  await w14.blur();
  // The host's answer comes back: the value stays, and the error changes with it.
  await expect.poll(() => errorValue(page)).not.toBe(errorBefore);
  await expect(w14).toHaveValue(/^2\.5/);
  // Out of range is refused with a message that says so; the weight stays.
  await w14.fill('9999');
  await w14.press('Enter');
  await w14.blur();
  await expect(page.getByText(/between|range|at most|−10|-10/i).first()).toBeVisible();
  await expect(w14).toHaveValue(/^2\.5/);
});

test('dragging a weight edge in the picture changes that weight, as its spinbutton does', async ({ page }) => {
  await openSandbox(page);
  const w46 = page.getByRole('spinbutton', { name: 'w46', exact: true });
  const before = await numberIn(w46);
  const canvas = page.locator('canvas').first();
  // Where the scene draws w46 (from neuron 4 into neuron 6: flat weight 12) at the canvas's
  // current size. The page may still be settling its layout, so aim again until hovering there
  // shows w46's tooltip: that is what a player sees before grabbing an edge.
  let x = 0;
  let y = 0;
  await expect
    .poll(async () => {
      const box = (await canvas.boundingBox())!;
      const edge = computeLayout([2, 3, 2, 1], box.width, box.height).edges[12];
      expect([edge.l, edge.j, edge.i]).toEqual([2, 0, 0]);
      x = box.x + edge.x0 + (edge.x1 - edge.x0) * 0.3;
      y = box.y + edge.y0 + (edge.y1 - edge.y0) * 0.3;
      await page.mouse.move(x - 3, y + 3);
      await page.mouse.move(x, y);
      return (await page.getByRole('tooltip').textContent()) ?? '';
    })
    .toMatch(/^w46 = /);
  await page.mouse.down();
  for (let k = 1; k <= 10; k++) await page.mouse.move(x, y - 5 * k);
  await page.mouse.up();
  // 50 px up raises the weight by about 0.5; the host's value comes back into the spinbutton.
  await expect.poll(() => numberIn(w46)).toBeGreaterThan(before + 0.4);
  expect(await numberIn(w46)).toBeLessThan(before + 0.6);
  await page.screenshot({ path: `${shots}/dragged.png` });
});

test('η and its schedule can be set', async ({ page }) => {
  await openSandbox(page);
  const eta = page.getByRole('slider', { name: 'Learning rate (η)' });
  await eta.focus();
  const before = await eta.getAttribute('aria-valuetext');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect.poll(() => eta.getAttribute('aria-valuetext')).not.toBe(before);
  const schedule = page.getByRole('combobox', { name: 'η schedule' });
  await schedule.selectOption('decay');
  await expect(schedule).toHaveValue('decay');
  await schedule.selectOption('warmup');
  await expect(schedule).toHaveValue('warmup');
});

test('Play trains until Pause, and the error falls on XOR', async ({ page }) => {
  await openSandbox(page);
  const start = await errorValue(page);
  const speed = page.getByRole('slider', { name: 'Speed' });
  await speed.fill(await speed.getAttribute('max') ?? '100');
  await page.getByRole('button', { name: 'Play' }).click();
  await expect(page.getByRole('button', { name: 'Pause' })).toBeEnabled();
  await expect.poll(() => errorValue(page), { timeout: 30_000 }).toBeLessThan(start / 4);
  await page.screenshot({ path: `${shots}/trained.png` });
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByRole('button', { name: 'Play' })).toBeEnabled();
  const paused = await errorValue(page);
  await page.waitForTimeout(500);
  expect(await errorValue(page)).toBe(paused);
});

test('the keyboard plays, steps and resets', async ({ page }) => {
  await openSandbox(page);
  const w46 = page.getByRole('spinbutton', { name: 'w46', exact: true });
  const initial = await numberIn(w46);
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('ArrowRight');
  await expect.poll(() => numberIn(w46), { timeout: 10_000 }).not.toBe(initial);
  await page.keyboard.press('r');
  await expect.poll(() => numberIn(w46)).toBe(initial);
  await page.keyboard.press('Space');
  await expect(page.getByRole('button', { name: 'Pause' })).toBeEnabled();
  await page.keyboard.press('Space');
  await expect(page.getByRole('button', { name: 'Play' })).toBeEnabled();
});

test('a diverging network gets a banner that says what to do, and Reset recovers', async ({ page }) => {
  await openSandbox(page);
  // A linear network with a huge η blows up within a few steps.
  await page.getByRole('combobox', { name: /activation/i }).first().selectOption('linear');
  await page.getByRole('combobox', { name: /dataset/i }).selectOption('regression');
  const eta = page.getByRole('slider', { name: 'Learning rate (η)' });
  await eta.fill(await eta.getAttribute('max') ?? '100');
  const speed = page.getByRole('slider', { name: 'Speed' });
  await speed.fill(await speed.getAttribute('max') ?? '100');
  await page.getByRole('button', { name: 'Play' }).click();
  const banner = page.getByRole('alert').filter({ hasText: /diverged/i });
  await expect(banner).toBeVisible({ timeout: 20_000 });
  await expect(banner).toContainText(/η/);
  await expect(page.getByText('NaN')).toHaveCount(0);
  await page.screenshot({ path: `${shots}/diverged.png` });
  await eta.fill(await eta.getAttribute('min') ?? '0');
  await page.getByRole('button', { name: 'Reset' }).click();
  await expect(banner).toHaveCount(0);
  await page.getByRole('button', { name: 'Step' }).click();
  await expect(page.getByRole('status', { name: 'Error' })).toContainText(/\d/);
});

test('the game speaks Japanese', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: /日本語/ }).click();
  await expect(page.locator('body')).toContainText(/サンドボックス|砂場/);
  await page.screenshot({ path: `${shots}/menu-ja.png` });
  await page.getByRole('button', { name: /サンドボックス|砂場/ }).click();
  await expect(page.locator('canvas').first()).toBeVisible();
  await page.waitForTimeout(500);
  await page.screenshot({ path: `${shots}/sandbox-ja.png` });
});

test('reduced motion can be switched on in the sandbox, is remembered, and Step still shows every phase', async ({ page }) => {
  await openSandbox(page);
  const motion = page.getByRole('switch', { name: /Reduced motion/ });
  // By keyboard: Space on the switch flips it (and does not start training).
  await motion.focus();
  await page.keyboard.press('Space');
  await expect(motion).toBeChecked();
  await expect(page.getByRole('button', { name: 'Play' })).toBeEnabled();
  const w46 = page.getByRole('spinbutton', { name: 'w46', exact: true });
  const before = await numberIn(w46);
  await page.getByRole('button', { name: 'Step' }).click();
  await expect(page.getByText(/y\d? = f/).first()).toBeVisible();
  await expect.poll(() => numberIn(w46), { timeout: 10_000 }).not.toBe(before);
  await page.reload();
  await page.getByRole('button', { name: 'Sandbox' }).click();
  await expect(page.getByRole('switch', { name: /Reduced motion/ })).toBeChecked();
});

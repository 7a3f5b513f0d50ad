/**
 * Lessons end to end: the real host (`serve`, with a fresh data folder)
 * and the real renderer in Chromium, driven by role and accessible name.
 * Lesson 1 is finished by working its check out from the numbers on the
 * page; lesson 3's check is answered wrong (the hint names the missing
 * f), then right; the language changes to Japanese in the middle of a
 * lesson, which stays on the same page. The answers are worked out here
 * from the numbers shown, by the article's formulas.
 *
 * Lessons 7–9: the stepping pages walk a step beat by beat (the buttons
 * and the keys ↓/N, ↑/P); lesson 8's two pictures step together and its
 * table marks every hidden δ as different; lesson 9's check trains live
 * on the sandbox screen until the host says the target is reached. The
 * lessons before them are finished through the host's lesson room, with
 * answers worked out here.
 */
import { type Page } from '@playwright/test';
import { Client } from 'colyseus.js';
import { E2E_PORT } from '../../playwright.config.js';
import type { LessonId, LessonView, NumberPrompt } from '../../core/lessons/index.js';
import { expect, postSettings, test } from './fixtures.js';
import { compareBlocks, countColour } from './pixels.js';

const shots = 'test-results/screens';

test.describe.configure({ mode: 'serial' });

test.beforeEach(async ({ page }) => {
  page.on('pageerror', (err) => {
    throw new Error(`the page threw: ${err.message}`);
  });
});

const f = (e: number) => 1 / (1 + Math.exp(-e));

async function openList(page: Page): Promise<void> {
  await page.goto('/');
  await page.getByRole('button', { name: 'Lessons' }).click();
  await expect(page.getByRole('list', { name: 'Lessons' })).toBeVisible();
}

/** The check's given numbers, as shown: name → value. */
async function givens(page: Page): Promise<Record<string, number>> {
  const given = page.getByRole('definition').first();
  await expect(given).toBeVisible();
  const names = await page.getByRole('term').allTextContents();
  const values = await page.getByRole('definition').allTextContents();
  return Object.fromEntries(names.map((n, k) => [n.trim(), Number(values[k].trim().replace('−', '-'))]));
}

async function toCheck(page: Page, pages: number): Promise<void> {
  for (let k = 0; k < pages; k++) await page.getByRole('button', { name: 'Next', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Check' })).toBeVisible();
}

async function answer(page: Page, value: number): Promise<void> {
  const field = page.getByRole('textbox', { name: 'Your answer' });
  await field.fill(value.toFixed(4));
  await field.press('Enter');
}

test('finish lesson 1: read the pages, work out y1, and the next lesson opens', async ({ page }) => {
  await openList(page);
  const list = page.getByRole('list', { name: 'Lessons' });
  await expect(list.getByRole('listitem')).toHaveCount(9);
  await expect(list.getByRole('button', { name: /Lesson 2/ })).toHaveAttribute('aria-disabled', 'true');
  await list.getByRole('button', { name: /Lesson 1: The neuron/ }).click();
  await expect(page.getByRole('heading', { name: 'The neuron: Σ and f(e)' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Caption' })).toContainText('e1 = w(x1)1·x1 + w(x2)1·x2');
  // The Next button is reachable and works from the keyboard alone.
  await page.getByRole('button', { name: 'Next', exact: true }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByText('Page 2 of 4')).toBeVisible();
  await toCheck(page, 2);
  await expect(page.getByRole('button', { name: 'Next', exact: true })).toBeDisabled();

  const g = await givens(page);
  const y1 = f(g['w(x1)1'] * g.x1 + g['w(x2)1'] * g.x2);
  await answer(page, y1);
  const verdict = page.getByRole('status').filter({ hasText: 'Right' });
  await expect(verdict).toContainText(`y1 = ${y1.toFixed(3).replace(/0+$/, '')}`);
  await expect(page.getByRole('button', { name: 'Next', exact: true })).toBeEnabled();
  await page.getByRole('button', { name: 'Next', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Training data' })).toBeVisible();

  await page.getByRole('button', { name: 'Back to the list of lessons' }).click();
  await expect(list.getByRole('button', { name: /Lesson 1: .*Done/ })).toBeVisible();
  await expect(list.getByRole('button', { name: /Lesson 2/ })).not.toHaveAttribute('aria-disabled', 'true');
  // Progress is the host's: it is still there after a reload.
  await page.reload();
  await page.getByRole('button', { name: 'Lessons' }).click();
  await expect(list.getByRole('button', { name: /Lesson 1: .*Done/ })).toBeVisible();
});

test('lesson 3: a wrong answer gets a hint pointing at f, then the right one passes', async ({ page }) => {
  await openList(page);
  const list = page.getByRole('list', { name: 'Lessons' });
  await list.getByRole('button', { name: /Lesson 2: Training data/ }).click();
  await toCheck(page, 2);
  const d = await givens(page);
  await answer(page, d.x1 !== d.x2 ? 1 : 0);
  await expect(page.getByRole('status').filter({ hasText: 'Right' })).toBeVisible();
  await page.getByRole('button', { name: 'Next', exact: true }).click();

  await expect(page.getByRole('heading', { name: 'The forward pass' })).toBeVisible();
  await toCheck(page, 3);
  const g = await givens(page);
  const e4 = g.w14 * g.y1 + g.w24 * g.y2 + g.w34 * g.y3;
  // The usual slip: stopping at the Σ half.
  await answer(page, e4);
  const wrong = page.getByRole('status').filter({ hasText: 'Not yet' });
  await expect(wrong).toContainText('That is e4');
  await expect(wrong).toContainText('y4 = f(e4)');
  await expect(page.getByRole('button', { name: 'Next', exact: true })).toBeDisabled();
  await page.screenshot({ path: `${shots}/lesson-3-hint-en.png` });

  await answer(page, f(e4));
  await expect(page.getByRole('status').filter({ hasText: 'Right' })).toContainText('y4 =');
  await expect(page.getByRole('button', { name: 'Next', exact: true })).toBeEnabled();
});

test('switch to Japanese in the middle of a lesson: same page, every word changes', async ({ page }) => {
  await openList(page);
  await page.getByRole('list', { name: 'Lessons' }).getByRole('button', { name: /Lesson 1/ }).click();
  await page.getByRole('button', { name: 'Next', exact: true }).click();
  await expect(page.getByText('Page 2 of 4')).toBeVisible();
  await page.getByRole('button', { name: '日本語' }).click();
  await expect(page.getByRole('heading', { name: 'ニューロン：Σ と f(e)' })).toBeVisible();
  await expect(page.getByText('2 / 4 ページ')).toBeVisible();
  await expect(page.getByRole('button', { name: '次へ', exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: '戻る', exact: true })).toBeVisible();
  await expect(page.getByRole('region', { name: 'キャプション' })).toContainText('y1 = f(e1)');
  await expect(page.getByText('シグモイド').first()).toBeVisible();
  await page.screenshot({ path: `${shots}/lesson-1-ja.png` });
  await page.getByRole('button', { name: '次へ', exact: true }).click();
  await expect(page.getByText('3 / 4 ページ')).toBeVisible();
});

/** The answer to a number check, from its given numbers, by the article's formulas. */
function solve(p: NumberPrompt): number {
  const g = Object.fromEntries(p.given.map((v) => [v.name, v.value]));
  switch (p.lesson) {
    case 'neuron':
      return f(g['w(x1)1'] * g.x1 + g['w(x2)1'] * g.x2);
    case 'data':
      return g.x1 !== g.x2 ? 1 : 0;
    case 'forward':
      return f(g.w14 * g.y1 + g.w24 * g.y2 + g.w34 * g.y3);
    case 'error':
      return g.z - g.y;
    case 'backward':
      return g.w14 * (g.w46 * g['δ']) + g.w15 * (g.w56 * g['δ']);
    case 'update':
      return g.w46 + g['η'] * g['δ'] * g.y6 * (1 - g.y6) * g.y4;
    default:
      throw new Error(`no number check in ${p.lesson}`);
  }
}

/** Finishes every lesson up to and including `last` through the host's lesson room, as a player would. */
async function finishThrough(last: LessonId): Promise<void> {
  const room = await new Client(`ws://127.0.0.1:${E2E_PORT}`).create('lesson');
  const views: LessonView[] = [];
  room.onMessage('lesson', (v: LessonView) => views.push(v));
  for (const type of ['verdict', 'progress', 'refused', 'slope', 'trace', 'compare']) room.onMessage(type, () => undefined);
  const nextView = async (): Promise<LessonView> => {
    const before = views.length;
    await expect.poll(() => views.length, { timeout: 30_000 }).toBeGreaterThan(before);
    return views[views.length - 1];
  };
  const order: LessonId[] = ['neuron', 'data', 'forward', 'error', 'backward', 'update', 'eta', 'rules', 'xor'];
  for (const id of order.slice(0, order.indexOf(last) + 1)) {
    room.send('open', { lesson: id });
    const view = await nextView();
    if (view.passed) continue;
    if (view.check.kind === 'number') room.send('answer', { value: solve(view.check) });
    else if (id === 'eta') room.send('trial', { schedule: { kind: 'constant', eta: 3 } });
    else if (id === 'rules') room.send('choose', { answers: { which: 'exact', why: 'derivative' } });
    expect((await nextView()).passed, `lesson ${id} passed`).toBe(true);
  }
  await room.leave();
}

async function openLessonNo(page: Page, n: number): Promise<void> {
  await openList(page);
  await page.getByRole('list', { name: 'Lessons' }).getByRole('button', { name: new RegExp(`Lesson ${n}:`) }).click();
}

/**
 * Lesson 8 on the beat of δ3: both pictures draw every δ on its badge (not the ring of a picture
 * too small for numbers), and the panel shows everything without scrolling.
 */
async function expectRoomForDeltas(page: Page): Promise<void> {
  for (const panel of [page.locator('.lesson-panel'), page.locator('.lesson-content')]) {
    const [scroll, client] = await panel.evaluate((el) => [el.scrollHeight, el.clientHeight]);
    expect(scroll, 'the panel holds the page without scrolling').toBeLessThanOrEqual(client + 1);
  }
  const scenes = page.locator('.lesson-view .network-scene');
  await expect(scenes).toHaveCount(2);
  for (const k of [0, 1]) {
    // The badges are filled with the backward pass's ink (#9c4a7c), about 60 × 20 px each: the five
    // hidden ones are lit (they differ between the rules), the output's is dimmed with the rest.
    const ink = await countColour(page, await scenes.nth(k).screenshot(), [0x9c, 0x4a, 0x7c]);
    expect(ink, `picture ${k + 1} draws the δ badges`).toBeGreaterThan(3000);
  }
}

async function setLanguage(page: Page, language: 'en' | 'ja'): Promise<void> {
  await page.getByRole('button', { name: language === 'ja' ? '日本語' : 'English' }).click();
}

test('a window resized in the middle of a lesson keeps the lesson\'s picture, its δ and its lit parts', async ({ page }) => {
  await finishThrough('error');
  await openLessonNo(page, 5);
  await expect(page.getByRole('heading', { name: 'Sending errors back' })).toBeVisible();
  const scene = page.locator('.lesson-view').first().locator('.network-scene');
  const canvasWidth = () => scene.locator('canvas').first().evaluate((c) => Math.round(c.getBoundingClientRect().width));
  // The first page lights δ, δ4 and δ5 and the weights between them, on badges the picture draws.
  const highlight = scene.locator('canvas.scene-highlight');
  await expect(highlight).toHaveAttribute('data-parts', /"delta"/);
  const lit = await highlight.getAttribute('data-parts');
  // The picture once it has stopped changing (the host's view and the scene's first frames may still arrive).
  let before = await scene.screenshot();
  await expect
    .poll(async () => {
      const now = await scene.screenshot({ path: `${shots}/lesson-5-before-resize.png` });
      const { differing } = await compareBlocks(page, before, now);
      before = now;
      return differing.length;
    }, { timeout: 15_000 })
    .toBe(0);
  const wide = await canvasWidth();
  await page.setViewportSize({ width: 1100, height: 660 });
  await expect.poll(canvasWidth, { timeout: 15_000 }).toBeLessThan(wide);
  await page.setViewportSize({ width: 1280, height: 720 });
  await expect.poll(canvasWidth, { timeout: 15_000 }).toBe(wide);
  await expect(highlight).toHaveAttribute('data-parts', lit!);
  // Drawn again at the same size, it is the same picture: the δ badges and the lit parts are all back.
  await expect
    .poll(async () => (await compareBlocks(page, before, await scene.screenshot({ path: `${shots}/lesson-5-after-resize.png` }))).differing.length, { timeout: 15_000 })
    .toBe(0);
});

test('lesson 7: a step walked beat by beat with the keys, at the η the player sets, with reduced motion on', async ({ page, request }) => {
  await finishThrough('update');
  // Read without animation: every beat is a still picture with its caption.
  await postSettings(request, { reducedMotion: true });
  await openLessonNo(page, 7);
  await page.getByRole('button', { name: 'Next', exact: true }).click();
  await page.getByRole('button', { name: 'Next', exact: true }).click();
  await expect(page.getByText('Page 3 of 4')).toBeVisible();
  const eta = page.getByRole('spinbutton', { name: 'η of the step' });
  await eta.fill('0.5');
  await eta.press('Enter');
  await eta.blur();
  const caption = page.getByRole('region', { name: 'Caption' });
  const beats = page.getByRole('navigation', { name: 'Beats of the step' });
  // ↓ (or N) asks the host for a step and holds it on its first beat; each press goes one beat on.
  await page.locator('body').press('ArrowDown');
  await expect(beats.getByRole('button').first()).toHaveAttribute('aria-current', 'step');
  await expect(caption).toContainText('Forward pass');
  await page.locator('body').press('n');
  await expect(beats.getByRole('button').nth(1)).toHaveAttribute('aria-current', 'step');
  await page.locator('body').press('ArrowUp');
  await expect(beats.getByRole('button').first()).toHaveAttribute('aria-current', 'step');
  // The last beats are the weight updates, worked out with the η set above.
  await beats.getByRole('button').last().click();
  await expect(caption).toContainText('Weight update');
  await expect(caption).toContainText('0.5');
  await page.screenshot({ path: `${shots}/lesson-7-step-en.png` });
  await setLanguage(page, 'ja');
  await expect(page.getByRole('button', { name: '次の段階' })).toBeVisible();
  await page.screenshot({ path: `${shots}/lesson-7-step-ja.png` });
});

test('lesson 8: the article\'s rule and the exact gradient step together, and the hidden δ are marked as different', async ({ page }) => {
  await finishThrough('eta');
  await openLessonNo(page, 8);
  await expect(page.getByText('The article’s rule: δ4 = w46·δ')).toBeVisible();
  await expect(page.getByText('The exact gradient: δ4 = w46·df6(e)/de·δ')).toBeVisible();
  await page.getByRole('button', { name: 'Next', exact: true }).click();
  await expect(page.getByText('Page 2 of 4')).toBeVisible();
  await expect(page.getByText('Both pictures hold the same weights now.')).toBeVisible();
  const caption = page.getByRole('region', { name: 'Caption' });
  const beats = page.getByRole('navigation', { name: 'Beats of the step' });
  const next = page.getByRole('button', { name: 'Next phase' });
  await next.click();
  await expect(beats.getByRole('button').first()).toHaveAttribute('aria-current', 'step');
  // Walk on to the first beat of the backward pass: both captions show it, each by its own rule.
  const backward = beats.getByRole('button', { name: /Backward pass/ }).first();
  await expect(backward).toBeVisible();
  const index = await beats.getByRole('button').evaluateAll((bs) => bs.findIndex((b) => /Backward pass/.test(b.getAttribute('aria-label') ?? '')));
  for (let k = 1; k <= index; k++) {
    await next.click();
    await expect(beats.getByRole('button').nth(k)).toHaveAttribute('aria-current', 'step');
  }
  await expect(caption).toContainText('Backward pass');
  await expect(caption).toContainText('δ4 = w46·δ');
  await expect(caption).toContainText("δ4 = w46·f6'(e)·δ");
  // The table tells no more than the pictures: the output's δ (the same under both rules) is in,
  // the hidden δ are not yet — they fill in as the backward pass reaches each neuron.
  const table = page.getByRole('table', { name: 'δ of each neuron in the step shown' });
  await expect(table.getByRole('row')).toHaveCount(7);
  await expect(table.getByRole('row', { name: /^δ / })).toContainText('same');
  for (const n of [1, 2, 3, 4, 5]) await expect(table.getByRole('row', { name: new RegExp(`^δ${n} `) })).toContainText('not yet');
  await page.screenshot({ path: `${shots}/lesson-8-pair-backward-en.png` });
  await beats.getByRole('button', { name: /δ4/ }).click();
  await expect(table.getByRole('row', { name: /^δ4 / })).toContainText('differs');
  await expect(table.getByRole('row', { name: /^δ1 / })).toContainText('not yet');
  await beats.getByRole('button', { name: /δ3/ }).click();
  for (const n of [1, 2, 3, 4, 5]) await expect(table.getByRole('row', { name: new RegExp(`^δ${n} `) })).toContainText('differs');
  await expect(table.getByRole('row', { name: /^δ / })).toContainText('same');
  await page.screenshot({ path: `${shots}/lesson-8-pair-en.png` });
  await expectRoomForDeltas(page);
  // The step played to its end: each picture now has weights of its own; Reset puts both back.
  await page.getByRole('button', { name: 'Watch one step' }).click();
  await expect(page.getByText(/Steps taken: 1\. Each picture now has weights of its own/)).toBeVisible({ timeout: 30_000 });
  await page.getByRole('button', { name: 'Reset both pictures' }).click();
  await expect(page.getByText('Both pictures hold the same weights now.')).toBeVisible();
  await setLanguage(page, 'ja');
  await page.getByRole('button', { name: '次の段階' }).click();
  await expect(page.getByRole('navigation', { name: 'ステップの段階' }).getByRole('button').first()).toHaveAttribute('aria-current', 'step');
  await expect(page.getByRole('table', { name: '表示中のステップでの各ニューロンの δ' })).toBeVisible();
  await page.getByRole('navigation', { name: 'ステップの段階' }).getByRole('button', { name: /δ3/ }).click();
  await page.screenshot({ path: `${shots}/lesson-8-pair-ja.png` });
  await expectRoomForDeltas(page);

  // The finite-difference check: nudge w14 and compare.
  await page.getByRole('button', { name: '次へ', exact: true }).click();
  await setLanguage(page, 'en');
  await page.getByRole('combobox', { name: 'Weight to nudge' }).selectOption({ label: 'w14' });
  await page.getByRole('button', { name: 'Nudge it' }).click();
  await expect(page.getByText(/Measured slope/)).toBeVisible();
  await expect(page.getByText(/^w14: E\(w − h\)/)).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Weight to nudge' })).toHaveValue('1');
  await page.screenshot({ path: `${shots}/lesson-8-nudge-en.png` });
});

test('lesson 9: walk a step, then train live on the scene until the host says the target is reached', async ({ page }) => {
  await finishThrough('rules');
  await openLessonNo(page, 9);
  await page.getByRole('button', { name: 'Next phase' }).click();
  await expect(page.getByRole('navigation', { name: 'Beats of the step' }).getByRole('button').first()).toHaveAttribute('aria-current', 'step');
  await page.screenshot({ path: `${shots}/lesson-9-step-en.png` });
  await page.getByRole('button', { name: 'Next', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Check' })).toBeVisible();
  await page.screenshot({ path: `${shots}/lesson-9-check-en.png` });
  await page.getByRole('button', { name: 'Open the training' }).click();

  const goal = page.getByRole('region', { name: 'Lesson goal' });
  await expect(goal).toContainText('≤ 0.01');
  // The top bar leads back to the lesson, and offers no File menu: this network is the lesson's.
  await expect(page.getByRole('banner').getByRole('button', { name: 'Back to the lesson' })).toBeVisible();
  await expect(page.getByRole('banner').getByRole('button', { name: /^File/ })).toHaveCount(0);
  await expect(page.getByRole('combobox', { name: 'Rule' })).toHaveValue('exact');
  // η from 0.3 up to about 1.4, by the slider's keys.
  const eta = page.getByRole('slider', { name: 'Learning rate (η)' });
  await eta.focus();
  for (let k = 0; k < 7; k++) await eta.press('ArrowRight');
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await expect(goal.getByRole('status')).toContainText('Target reached', { timeout: 50_000 });
  await page.screenshot({ path: `${shots}/lesson-9-live-en.png` });
  await goal.getByRole('button', { name: 'Back to the lesson' }).click();
  await expect(page.getByText('You have finished every lesson')).toBeVisible();
  await setLanguage(page, 'ja');
  await page.getByRole('button', { name: '学習を開く' }).click();
  await expect(page.getByRole('region', { name: 'レッスンの目標' })).toBeVisible();
  await page.screenshot({ path: `${shots}/lesson-9-live-ja.png` });
});

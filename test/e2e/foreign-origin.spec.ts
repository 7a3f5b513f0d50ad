/**
 * A web page of another origin, open in the player's browser, must not be
 * able to drive the host: it can neither open a room through matchmaking
 * nor open a WebSocket to it. The page here is served by a second server
 * on another loopback port, as any site could be.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from './fixtures.js';
import { E2E_PORT } from '../../playwright.config.js';

let foreign: Server;
let foreignUrl: string;

test.beforeAll(async () => {
  foreign = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end('<!doctype html><title>Some other site</title><p>Nothing to see here.</p>');
  });
  await new Promise<void>((done) => foreign.listen(0, '127.0.0.1', done));
  foreignUrl = `http://localhost:${(foreign.address() as AddressInfo).port}/`;
});

test.afterAll(async () => {
  await new Promise((done) => foreign.close(done));
});

test('a page of another origin can neither open a room nor a WebSocket on the host', async ({ page }) => {
  await page.goto(foreignUrl);
  const outcome = await page.evaluate(async (port) => {
    const host = `127.0.0.1:${port}`;
    // A simple request (text/plain): sent with no preflight, as any page may.
    let matchmaking: string;
    try {
      const res = await fetch(`http://${host}/matchmake/create/sandbox`, { method: 'POST', body: '{}', headers: { 'Content-Type': 'text/plain' }, credentials: 'include' });
      matchmaking = `answered ${res.status}: ${await res.text()}`;
    } catch {
      matchmaking = 'blocked';
    }
    const socket = await new Promise<string>((done) => {
      const ws = new WebSocket(`ws://${host}/any/room?sessionId=x`);
      ws.onopen = () => {
        done('opened');
        ws.close();
      };
      ws.onclose = () => done('refused');
    });
    return { matchmaking, socket };
  }, E2E_PORT);
  expect(outcome).toEqual({ matchmaking: 'blocked', socket: 'refused' });
});

test('the game’s own page still opens its room', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Sandbox' }).click();
  await expect(page.getByRole('button', { name: 'Step' })).toBeEnabled();
  await page.getByRole('button', { name: 'Step' }).click();
  await expect(page.getByRole('status', { name: 'Error' })).toContainText(/\d/);
});

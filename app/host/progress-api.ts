/**
 * Progress over HTTP, for the renderer: GET /api/progress gives the stored
 * progress (won levels and settings); POST /api/settings with a JSON body
 * changes settings. Wins are never posted: only the challenge room records
 * them. A POST must be application/json, which a page of another site
 * cannot send here without the browser asking first (and being refused).
 * They belong to the player at the host computer: a browser elsewhere on
 * the LAN (a student joining a race) is refused and keeps its own.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isLoopbackAddress } from './loopback.js';
import { type ProgressStore, settingsSchema } from './progress-store.js';

const MAX_BODY = 2048;

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

/** Handles /api/… requests; returns false for anything else. */
export function progressApi(store: ProgressStore | null): (req: IncomingMessage, res: ServerResponse) => boolean {
  return (req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (!path.startsWith('/api/')) return false;
    if (!isLoopbackAddress(req.socket.remoteAddress)) {
      json(res, 403, { error: 'progress and settings are kept for the player at the host computer only; this browser keeps its own' });
      return true;
    }
    if (!store) {
      json(res, 503, { error: 'this host keeps no progress' });
      return true;
    }
    if (path === '/api/progress' && req.method === 'GET') {
      json(res, 200, store.progress);
      return true;
    }
    if (path === '/api/settings' && req.method === 'POST') {
      if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
        json(res, 415, { error: 'send the settings as application/json' });
        return true;
      }
      let size = 0;
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => {
        size += c.length;
        if (size > MAX_BODY) {
          json(res, 413, { error: 'settings are at most 2 KB' });
          req.destroy();
          return;
        }
        chunks.push(c);
      });
      req.on('end', () => {
        if (res.headersSent) return;
        let body: unknown;
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        } catch {
          json(res, 400, { error: 'the settings are not valid JSON' });
          return;
        }
        const checked = settingsSchema.safeParse(body);
        if (!checked.success) {
          json(res, 400, { error: `settings: ${checked.error.issues[0].path.join('.')}: ${checked.error.issues[0].message}` });
          return;
        }
        void store.setSettings(checked.data).then(() => json(res, 200, store.progress.settings));
      });
      return true;
    }
    json(res, 404, { error: 'no such address; the host answers /api/progress, /api/settings and /api/races' });
    return true;
  };
}

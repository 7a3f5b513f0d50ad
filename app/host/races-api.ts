/**
 * Past races over HTTP, for the teacher's screen (race-archive.ts keeps them):
 *
 *   GET    /api/races      every kept race's line, newest first
 *   GET    /api/races/ID   one race with its rows, and its results as CSV
 *   DELETE /api/races/ID   deletes it
 *
 * The results hold students' nicknames: like progress (progress-api.ts),
 * they are for the player at the host computer only, and a browser
 * elsewhere on the LAN is refused with 403. (server.ts has already
 * refused pages of other sites.)
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { RACE_ID_PATTERN, type RaceAnswer, type RaceListAnswer, resultsCsv } from '../../core/race/index.js';
import { isLoopbackAddress } from './loopback.js';
import type { RaceArchive } from './race-archive.js';

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers });
  res.end(JSON.stringify(body));
}

/** Handles /api/races and /api/races/…; returns false for anything else. */
export function racesApi(archive: RaceArchive | null): (req: IncomingMessage, res: ServerResponse) => boolean {
  return (req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== '/api/races' && !path.startsWith('/api/races/')) return false;
    if (!isLoopbackAddress(req.socket.remoteAddress)) {
      json(res, 403, { error: 'past races are kept for the teacher at the host computer only' });
      return true;
    }
    if (!archive) {
      json(res, 503, { error: 'this host keeps no past races (it was started without a data folder)' });
      return true;
    }
    if (path === '/api/races' || path === '/api/races/') {
      if (req.method !== 'GET') {
        json(res, 405, { error: 'the list of past races can only be read (GET); delete one race at /api/races/ID' }, { allow: 'GET' });
        return true;
      }
      json(res, 200, { races: archive.list(), max: archive.max } satisfies RaceListAnswer);
      return true;
    }
    let id = path.slice('/api/races/'.length);
    try {
      id = decodeURIComponent(id);
    } catch {
      // A malformed escape is simply not an id.
    }
    if (!RACE_ID_PATTERN.test(id)) {
      json(res, 400, { error: `"${id.slice(0, 40)}" is not a race id; ids look like 20261130-205148-a3f9, as GET /api/races lists them` });
      return true;
    }
    const gone = () => json(res, 404, { error: `there is no past race ${id}; it may have been deleted, or dropped as the oldest` });
    const failed = (err: Error) => json(res, 500, { error: `the race could not be read or deleted on the host computer (${err.message}); try again` });
    if (req.method === 'GET') {
      archive.get(id).then((race) => {
        if (!race) return gone();
        json(res, 200, { race, csv: resultsCsv(race.rows) } satisfies RaceAnswer);
      }, failed);
      return true;
    }
    if (req.method === 'DELETE') {
      archive.remove(id).then((removed) => (removed ? json(res, 200, { deleted: id }) : gone()), failed);
      return true;
    }
    json(res, 405, { error: 'a past race can be read (GET) or deleted (DELETE)' }, { allow: 'GET, DELETE' });
    return true;
  };
}

/**
 * The host: one HTTP server that serves the renderer and carries the
 * game's rooms (Colyseus over WebSocket) on the same port. The headless
 * `serve` command and the Electron main process both start it this way.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, matchMaker } from '@colyseus/core';
import { WebSocketTransport } from '@colyseus/ws-transport';
import { type LessonProgressStore, diskLessonProgress, memoryLessonProgress } from './lesson-progress.js';
import { lessonRoomWith } from './lesson-room.js';
import { challengeRoomWith } from './challenge-room.js';
import { progressApi } from './progress-api.js';
import { openProgressStore, resolveDataDir } from './progress-store.js';
import { SandboxRoom } from './sandbox-room.js';
import { staticHandler } from './static-files.js';

export interface HostOptions {
  /** 0 picks a free port. */
  port: number;
  /** 127.0.0.1 (this machine only, the default) or 0.0.0.0 (the LAN too). */
  host?: string;
  /** The built renderer to serve; none serves only the rooms. */
  staticDir?: string;
  /** Where lesson progress is kept; by default beside the challenges' progress (lesson-progress.ts). */
  lessonProgress?: LessonProgressStore;
  /**
   * Where progress and settings are kept (progress-store.ts): a folder, or
   * null to keep none. Left out: --data-dir's default, the environment
   * variable or the platform's data folder.
   */
  dataDir?: string | null;
}

export interface RunningHost {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

export async function startHost(options: HostOptions): Promise<RunningHost> {
  const host = options.host ?? '127.0.0.1';
  const http = createServer();
  const store = options.dataDir === null ? null : openProgressStore(resolveDataDir(options.dataDir));
  const api = progressApi(store);
  const files = options.staticDir ? staticHandler(options.staticDir) : null;
  http.on('request', (req, res) => {
    if (api(req, res)) return;
    if (files) files(req, res);
    else res.writeHead(404).end();
  });
  const gameServer = new Server({
    transport: new WebSocketTransport({ server: http }),
    greet: false,
    gracefullyShutdown: false,
  });
  gameServer.define('sandbox', SandboxRoom);
  gameServer.define('lesson', lessonRoomWith(options.lessonProgress ?? (store ? diskLessonProgress(store) : memoryLessonProgress())));
  gameServer.define('challenge', challengeRoomWith(store));
  await gameServer.listen(options.port, host);
  const port = (http.address() as AddressInfo).port;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    async close() {
      await gameServer.gracefullyShutdown(false);
      await new Promise<void>((done) => http.close(() => done()));
    },
  };
}

export { matchMaker };

/**
 * The host: one HTTP server that serves the renderer and carries the
 * game's rooms (Colyseus over WebSocket) on the same port. The headless
 * `serve` command and the Electron main process both start it this way.
 *
 * Everything that reaches it passes the front door (front-door.ts: names,
 * origins, matchmaking limits, connections per address); play is paid for
 * from a work budget shared by the host's rooms (work-budget.ts).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import { Server, matchMaker } from '@colyseus/core';
import { Encoder } from '@colyseus/schema';
import { WebSocketTransport } from '@colyseus/ws-transport';
import { DEFAULT_HOST_LIMITS, FrontDoor, type HostLimits } from './front-door.js';
import { createHostLog } from './log.js';
import { type LanDoor, createLanGate } from './lan-gate.js';
import { type RaceRoomConfig, raceRoomType } from './race-room.js';
import { RACE_LIMITS } from '../../core/race/index.js';
import { type LessonProgressStore, diskLessonProgress, memoryLessonProgress } from './lesson-progress.js';
import { lessonRoomWith } from './lesson-room.js';
import { lessonTrainRoomWith } from './lesson-train-room.js';
import { challengeRoomWith } from './challenge-room.js';
import { progressApi } from './progress-api.js';
import { openProgressStore, resolveDataDir } from './progress-store.js';
import { openRaceArchive } from './race-archive.js';
import { racesApi } from './races-api.js';
import { SandboxRoom } from './sandbox-room.js';
import { staticHandler } from './static-files.js';
import { DEFAULT_WORK_LIMITS, WorkBudget, type WorkBudgetLimits } from './work-budget.js';

// The largest network's state (six hidden layers of 16, its e and y, the
// chart) encodes to about 19 KB; the encoder's buffer holds it with room to spare.
Encoder.BUFFER_SIZE = 64 * 1024;

export interface HostOptions {
  /** 0 picks a free port. */
  port: number;
  /** 127.0.0.1 (this machine only, the default) or 0.0.0.0 (the LAN too). */
  host?: string;
  /** The built renderer to serve; none serves only the rooms. */
  staticDir?: string;
  /** Names the host answers to besides the loopback names (and the address it listens on). */
  allowedNames?: string[];
  limits?: Partial<HostLimits>;
  work?: Partial<WorkBudgetLimits>;
  timeouts?: Partial<typeof HTTP_TIMEOUTS>;
  /** Where the host's log lines go (default: stderr). */
  log?: (line: string) => void;
  /** Timings of races (tests shorten them). */
  race?: Partial<Omit<RaceRoomConfig, 'lan'>>;
  /** Where lesson progress is kept; by default beside the challenges' progress (lesson-progress.ts). */
  lessonProgress?: LessonProgressStore;
  /**
   * Where progress and settings are kept (progress-store.ts): a folder, or
   * null to keep none. Left out: --data-dir's default, the environment
   * variable or the platform's data folder.
   */
  dataDir?: string | null;
  /** How many finished races the data folder keeps (race-archive.ts; default 100). */
  keptRaces?: number;
}

export interface RunningHost {
  readonly url: string;
  readonly port: number;
  /** Lets pages and players reach the host by `name` too (its LAN address while a race is hosted). */
  allowName(name: string): void;
  disallowName(name: string): void;
  /** The names the host answers to now. */
  readonly allowedNames: readonly string[];
  /**
   * Tells every player, closes the rooms, then destroys whatever
   * connection is still open: done within `withinMs` whatever clients do.
   */
  close(withinMs?: number): Promise<void>;
  /** Opens to the LAN while a race is hosted, and closes when none is. */
  readonly lan: LanDoor;
}

/** Timeouts that free a connection whatever its client does. */
export const HTTP_TIMEOUTS: { headersMs: number; requestMs: number; keepAliveMs: number } = {
  /** The request line and headers must arrive within this. */
  headersMs: 10_000,
  /** The whole request (a matchmaking body) within this. */
  requestMs: 20_000,
  /** An idle kept-alive connection is closed after this. */
  keepAliveMs: 5_000,
};

/**
 * Connections the host keeps open at once, all addresses together: room
 * for the largest race's players and as many others besides. (Each is a
 * file descriptor: the process's limit, `ulimit -n`, must allow as many.)
 */
export const MAX_CONNECTIONS = 1024 + RACE_LIMITS.maxPlayers;

function wildcard(host: string): boolean {
  return host === '0.0.0.0' || host === '::' || host === '';
}

/** Every address of this machine's network interfaces: the names a LAN player may use when the host listens on all of them. */
function interfaceAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .map((i) => i?.address)
    .filter((a): a is string => typeof a === 'string');
}

/**
 * The LAN door, with the front door told: while it is open, pages and
 * players may reach the host by its LAN addresses (names and Origins);
 * when it closes they may not any more (unless the host listens on every
 * address anyway, and so answers to them all along).
 */
function answeringLan(gate: LanDoor, door: FrontDoor, alreadyOpen: boolean): LanDoor {
  const names = (urls: readonly string[]) => urls.map((u) => new URL(u).hostname);
  let opened: string[] = [];
  return {
    get isOpen() {
      return gate.isOpen;
    },
    async open() {
      const urls = await gate.open();
      opened = names(urls);
      for (const n of opened) door.allowName(n);
      return urls;
    },
    async close() {
      await gate.close();
      if (!gate.isOpen && !alreadyOpen) {
        for (const n of opened) door.disallowName(n);
        opened = [];
      }
    },
  };
}

export async function startHost(options: HostOptions): Promise<RunningHost> {
  const host = options.host ?? '127.0.0.1';
  const write = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const log = createHostLog(write);
  const door = new FrontDoor({ ...DEFAULT_HOST_LIMITS, ...options.limits }, (line) => log.info(line));
  if (!wildcard(host)) door.allowName(host);
  else for (const a of interfaceAddresses()) door.allowName(a);
  for (const n of options.allowedNames ?? []) door.allowName(n);

  const timeouts = { ...HTTP_TIMEOUTS, ...options.timeouts };
  const http = createServer({
    headersTimeout: timeouts.headersMs,
    requestTimeout: timeouts.requestMs,
    keepAliveTimeout: timeouts.keepAliveMs,
    connectionsCheckingInterval: 1_000,
  });
  http.maxConnections = MAX_CONNECTIONS;
  http.on('connection', (socket) => door.onConnection(socket));
  // A malformed or too slow request is answered and closed; nothing to log.
  http.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    const status = err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? '408 Request Timeout' : '400 Bad Request';
    if (socket.writable) socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    socket.destroy();
  });

  const dataDir = options.dataDir === null ? null : resolveDataDir(options.dataDir);
  const store = dataDir === null ? null : openProgressStore(dataDir);
  const api = progressApi(store);
  // Finished races, kept beside the progress for the teacher's Past races.
  const archive = dataDir === null ? null : openRaceArchive(dataDir, { max: options.keptRaces, log: write });
  const pastRaces = racesApi(archive);
  const gameServer = new Server({
    transport: new WebSocketTransport({
      server: http,
      maxPayload: 4 * 1024,
      verifyClient: (info, answer) => {
        if (!door.hostAllowed(info.req)) answer(false, 421, 'this host does not answer to that name');
        else if (!door.originAllowed(info.req)) answer(false, 403, 'only the game’s own pages may connect');
        else answer(true);
      },
    }),
    greet: false,
    gracefullyShutdown: false,
    logger: log,
  });
  // The framework answers matchmaking itself (any origin, no body limit): the front door does instead.
  http.removeAllListeners('request');
  const serveStatic = options.staticDir ? staticHandler(options.staticDir) : null;
  http.on('request', (req, res) =>
    door.handle(req, res, (rq, rs) => {
      if ((rq.url ?? '').startsWith('/api/')) {
        // Progress and settings are the game's own pages' business too.
        if (!door.originAllowed(rq)) {
          rs.writeHead(403, { 'content-type': 'text/plain; charset=utf-8' }).end('only the game’s own pages may read or change progress');
          return;
        }
        if (pastRaces(rq, rs) || api(rq, rs)) return;
      }
      if (serveStatic) serveStatic(rq, rs);
      else rs.writeHead(404).end();
    }),
  );

  // Every room of this host draws on one work budget and is told when the host closes.
  const budget = new WorkBudget({ ...DEFAULT_WORK_LIMITS, ...options.work });
  const rooms = new Set<SandboxRoom>();
  const hosted = <T extends new (...args: any[]) => SandboxRoom>(Base: T) =>
    class extends Base {
      protected override budget = budget;
      override onCreate(...args: any[]): void {
        rooms.add(this);
        // A challenge room takes join options; the sandbox none.
        Reflect.apply(super.onCreate, this, args);
      }
      override onDispose(): void {
        rooms.delete(this);
        super.onDispose();
      }
    };
  gameServer.define('sandbox', hosted(SandboxRoom));
  gameServer.define('challenge', hosted(challengeRoomWith(store)));
  const lessonStore = options.lessonProgress ?? (store ? diskLessonProgress(store) : memoryLessonProgress());
  gameServer.define('lesson', lessonRoomWith(lessonStore));
  gameServer.define('lesson-train', hosted(lessonTrainRoomWith(lessonStore)));
  await gameServer.listen(options.port, host);
  const port = (http.address() as AddressInfo).port;
  door.port = port;
  let closed: Promise<void> | null = null;
  const loopbackOnly = host === '127.0.0.1' || host === 'localhost' || host === '::1';
  const lan = answeringLan(createLanGate(http, port, !loopbackOnly), door, !loopbackOnly);
  gameServer.define('race', raceRoomType({ ...options.race, lan, door, budget, archive: archive ?? undefined }));
  return {
    lan,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    allowName: (name) => door.allowName(name),
    disallowName: (name) => door.disallowName(name),
    get allowedNames() {
      return door.allowedNames;
    },
    close(withinMs = 3000) {
      closed ??= (async () => {
        door.closing = true;
        for (const room of rooms) room.announceClosing();
        http.close();
        http.closeIdleConnections();
        const deadline = new Promise<void>((done) => setTimeout(done, withinMs).unref());
        await Promise.race([gameServer.gracefullyShutdown(false).catch(() => {}), deadline]);
        // Whatever is still open (half-closed sockets, clients that never answer) goes now.
        http.closeAllConnections();
        door.destroyAll();
      })();
      return closed;
    },
  };
}

export { matchMaker };

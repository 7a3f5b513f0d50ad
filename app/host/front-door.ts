/**
 * The host's front door: every HTTP request and WebSocket upgrade passes
 * here before it reaches the game.
 *
 * - Names. The host answers only to its own names (loopback names, and
 *   whatever the host adds, such as its LAN address while a race is
 *   hosted). A page on another site whose name was made to point at this
 *   machine (DNS rebinding) sends its own name in Host, and is refused.
 * - Origins. A browser names the page behind each WebSocket and POST in
 *   Origin. Only the host's own pages (one of its names, its port) may
 *   open a room or a socket; other
 *   pages are refused, and no CORS header invites them. Programs that are
 *   not browsers send no Origin; they are let in (they are not a web page
 *   in a player's browser, and the limits below still hold them).
 * - Matchmaking (POST /matchmake/<method>/<room>) is answered here rather
 *   than by the framework: a small body (413 beyond), 405 for any other
 *   method, and limits on rooms per host, rooms per address and room
 *   creations a second per address, each refused in words.
 * - Connections: at most so many open per address; the rest are answered
 *   429 and closed. A race is the exception that a class needs: its
 *   players may all come from one address (a school router, loopback for a
 *   bench), so a connection that took a race seat stops counting against
 *   its address and counts against the race's seats instead (`seat`), which
 *   the race caps (RACE_LIMITS.maxPlayers) and the teacher watches. Page
 *   loads, matchmaking requests and sockets not (yet) seated still meet
 *   the limit per address, so a flood from one machine is still held.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { matchMaker } from '@colyseus/core';
import { RateLimiter } from './rate-limit.js';
import { isLoopbackAddress } from './loopback.js';

export interface HostLimits {
  /** Rooms open on the host at once. */
  maxRooms: number;
  /** Rooms opened from one address and still open (a vanished player's room counts until it closes). */
  maxRoomsPerAddress: number;
  /** New rooms a second from one address, on average … */
  roomCreationRate: number;
  /** … in bursts of up to this many. */
  roomCreationBurst: number;
  /** Open connections (HTTP and WebSocket) from one address. */
  maxConnectionsPerAddress: number;
  /** Bytes of a matchmaking request's body. */
  maxMatchmakeBody: number;
}

export const DEFAULT_HOST_LIMITS: HostLimits = {
  maxRooms: 200,
  maxRoomsPerAddress: 24,
  roomCreationRate: 4,
  roomCreationBurst: 30,
  maxConnectionsPerAddress: 64,
  maxMatchmakeBody: 4 * 1024,
};

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '::1'];
/** Matchmaking methods that open a room. */
const CREATING = new Set(['create', 'joinOrCreate']);

/** The host name of a Host header or an origin's authority, without port or IPv6 brackets, lower case. */
export function hostName(authority: string): string | null {
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]\s/@]+))(?::(\d{1,5}))?$/.exec(authority.trim());
  if (!m) return null;
  return (m[1] ?? m[2]).toLowerCase();
}

export class FrontDoor {
  private readonly names = new Set<string>(LOOPBACK_NAMES);
  private readonly creations = new Map<string, RateLimiter>();
  private readonly roomsBy = new Map<string, Set<string>>();
  private readonly connections = new Map<string, number>();
  /** Connections that hold a race seat: no longer counted against their address. */
  private readonly seated = new WeakSet<Socket>();
  readonly sockets = new Set<Socket>();
  closing = false;
  /** The port the host listens on: its pages' origins carry it (0 until it listens). */
  port = 0;

  constructor(
    readonly limits: HostLimits,
    private readonly log: (line: string) => void,
  ) {}

  /** Lets the host answer to `name` too (a LAN address, a machine name). */
  allowName(name: string): void {
    const n = hostName(name) ?? name.toLowerCase();
    this.names.add(n);
  }

  /** Stops answering to `name` (loopback names stay). */
  disallowName(name: string): void {
    const n = hostName(name) ?? name.toLowerCase();
    if (!LOOPBACK_NAMES.includes(n)) this.names.delete(n);
  }

  get allowedNames(): string[] {
    return [...this.names];
  }

  /** True if the Host header names this host. */
  hostAllowed(req: IncomingMessage): boolean {
    const name = req.headers.host ? hostName(req.headers.host) : null;
    return name !== null && this.names.has(name);
  }

  /** True if the request comes from no browser page (no Origin) or from one of the host's own pages. */
  originAllowed(req: IncomingMessage): boolean {
    const origin = req.headers.origin;
    if (origin === undefined) return true;
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      return false;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
    // Same name and same port: a page on another port of this machine is another site.
    const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
    const name = hostName(url.host);
    return name !== null && this.names.has(name) && port === this.port;
  }

  /** Counts a new connection; refuses it (429, closed) when its address has too many open. */
  onConnection(socket: Socket): void {
    const address = socket.remoteAddress ?? '?';
    const open = (this.connections.get(address) ?? 0) + 1;
    this.connections.set(address, open);
    this.sockets.add(socket);
    socket.once('close', () => {
      this.sockets.delete(socket);
      if (!this.seated.has(socket)) this.uncount(address);
    });
    if (this.closing || open > this.limits.maxConnectionsPerAddress) {
      const body = this.closing
        ? 'the host is shutting down\n'
        : `too many connections from your address (at most ${this.limits.maxConnectionsPerAddress}); close some and try again\n`;
      const status = this.closing ? '503 Service Unavailable' : '429 Too Many Requests';
      socket.end(`HTTP/1.1 ${status}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
      socket.destroySoon?.();
      setTimeout(() => socket.destroy(), 1000).unref();
      if (!this.closing) this.log(`refused a connection from ${address}: ${open - 1} already open`);
    }
  }

  private uncount(address: string): void {
    const n = (this.connections.get(address) ?? 1) - 1;
    if (n <= 0) this.connections.delete(address);
    else this.connections.set(address, n);
  }

  /**
   * A connection took a race seat: from now on the race's seats bound it,
   * not its address's connections (a class behind one router fits).
   */
  seat(socket: Socket): void {
    if (!this.sockets.has(socket) || this.seated.has(socket)) return;
    this.seated.add(socket);
    this.uncount(socket.remoteAddress ?? '?');
  }

  /** Answers a request, or hands it to `next` (the static files) once it passed the checks. */
  handle(req: IncomingMessage, res: ServerResponse, next: (req: IncomingMessage, res: ServerResponse) => void): void {
    if (!this.hostAllowed(req)) {
      refuse(res, 421, 'this host does not answer to that name; open it by its own address');
      return;
    }
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/matchmake' || path.startsWith('/matchmake/')) {
      this.matchmake(req, res, path);
      return;
    }
    next(req, res);
  }

  private matchmake(req: IncomingMessage, res: ServerResponse, path: string): void {
    if (!this.originAllowed(req)) {
      refuse(res, 403, 'only the game’s own pages may open rooms on this host');
      return;
    }
    if (req.method === 'OPTIONS') {
      // The game's pages are on this host: they need no CORS, and nobody else gets any.
      res.writeHead(204, { Allow: 'POST, OPTIONS' }).end();
      return;
    }
    if (req.method !== 'POST') {
      refuse(res, 405, 'matchmaking takes POST only', { Allow: 'POST, OPTIONS' });
      return;
    }
    if (this.closing || matchMaker.state === matchMaker.MatchMakerState.SHUTTING_DOWN) {
      refuse(res, 503, 'the host is shutting down');
      return;
    }
    const parts = path.split('/').filter(Boolean);
    const method = parts[1] ?? '';
    const roomName = parts[2] ?? '';
    if (parts.length > 3 || !matchMaker.controller.exposedMethods.includes(method) || !/^[A-Za-z0-9_-]*$/.test(roomName)) {
      refuse(res, 404, `no matchmaking method "${method.slice(0, 40)}"`);
      return;
    }
    const max = this.limits.maxMatchmakeBody;
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > max) {
      tooLarge(req, res, max);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > max) {
        done = true;
        tooLarge(req, res, max);
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (done) return;
      done = true;
      let options: unknown;
      try {
        options = size === 0 ? {} : JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        refuse(res, 400, 'the request body is not JSON');
        return;
      }
      if (typeof options !== 'object' || options === null || Array.isArray(options)) {
        refuse(res, 400, 'the request body must be a JSON object');
        return;
      }
      void this.invoke(req, res, method, roomName, options as Record<string, unknown>);
    });
    req.on('error', () => {
      done = true;
    });
  }

  private async invoke(req: IncomingMessage, res: ServerResponse, method: string, roomName: string, options: Record<string, unknown>): Promise<void> {
    const address = req.socket.remoteAddress ?? '?';
    if (!isLoopbackAddress(address) && typeOfRoom(method, roomName) !== 'race') {
      refuse(res, 403, 'from another computer only the race hosted here can be joined; to play alone, open Backprop Arena on your own computer');
      return;
    }
    if (CREATING.has(method)) {
      const refusal = this.creationRefusal(address);
      if (refusal) {
        refuse(res, refusal.status, refusal.reason);
        this.log(`refused a room to ${address}: ${refusal.reason}`);
        return;
      }
    }
    try {
      const response = await matchMaker.controller.invokeMethod(method, roomName, options, {
        headers: req.headers as never,
        ip: address,
        req,
      } as never);
      const roomId = (response as { room?: { roomId?: string } })?.room?.roomId;
      if (roomId && CREATING.has(method)) {
        let mine = this.roomsBy.get(address);
        if (!mine) this.roomsBy.set(address, (mine = new Set()));
        mine.add(roomId);
      }
      if (!res.headersSent) res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(response));
    } catch (e) {
      // The framework's refusals (no such room, seat taken, …) travel as { code, error }, as its client expects.
      const err = e as { code?: number; message?: string };
      if (!res.headersSent) res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ code: err.code, error: err.message }));
    }
  }

  /** Why a new room from `address` is refused now, if it is. */
  private creationRefusal(address: string): { status: number; reason: string } | null {
    const l = this.limits;
    this.forgetClosedRooms();
    if (this.openRooms() >= l.maxRooms) return { status: 503, reason: `the host is full (${l.maxRooms} rooms); try again when someone has left` };
    if ((this.roomsBy.get(address)?.size ?? 0) >= l.maxRoomsPerAddress) {
      return { status: 429, reason: `too many rooms open from your address (at most ${l.maxRoomsPerAddress}); close some first` };
    }
    let limiter = this.creations.get(address);
    if (!limiter) this.creations.set(address, (limiter = new RateLimiter(l.roomCreationRate, l.roomCreationBurst)));
    if (!limiter.take()) return { status: 429, reason: `rooms are being opened too fast from your address (at most ${l.roomCreationRate} a second); wait a moment` };
    return null;
  }

  private openRooms(): number {
    let n = 0;
    for (const ids of this.roomsBy.values()) n += ids.size;
    return n;
  }

  private forgetClosedRooms(): void {
    for (const [address, ids] of this.roomsBy) {
      for (const id of ids) if (!matchMaker.getLocalRoomById(id)) ids.delete(id);
      if (ids.size === 0) this.roomsBy.delete(address);
    }
  }

  /** Destroys every connection still open (the last step of closing the host). */
  destroyAll(): void {
    for (const s of this.sockets) s.destroy();
  }
}

/** The kind of room a matchmaking call is for: named by type, or (joinById, reconnect) by a room's id. */
function typeOfRoom(method: string, roomNameOrId: string): string | undefined {
  if (method === 'joinById' || method === 'reconnect') return matchMaker.getLocalRoomById(roomNameOrId)?.roomName;
  return roomNameOrId;
}

function refuse(res: ServerResponse, status: number, reason: string, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  const body = JSON.stringify({ code: status, error: reason });
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), ...headers }).end(body);
}

/** 413, then the connection is closed rather than the rest of the body read. */
function tooLarge(req: IncomingMessage, res: ServerResponse, max: number): void {
  refuse(res, 413, `the request body is larger than ${max} bytes`, { Connection: 'close' });
  res.once('finish', () => req.socket.destroy());
  req.pause();
}

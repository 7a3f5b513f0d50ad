/**
 * The host's door to the local network. Normally the host listens on
 * 127.0.0.1 only; while at least one race is hosted, it also listens on
 * each of this computer's LAN addresses (IPv4, same port when free) and
 * hands those connections to the same HTTP server. When the last race
 * ends, the door closes again (connections already open stay open).
 */
import type { Server as HttpServer } from 'node:http';
import { type AddressInfo, type Server, createServer } from 'node:net';
import { networkInterfaces } from 'node:os';
import type { LanGate } from './race-room.js';

/** This computer's IPv4 addresses on its networks (not loopback). */
export function lanAddresses(): string[] {
  const found: string[] = [];
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) found.push(a.address);
  }
  return found;
}

export interface LanDoor extends LanGate {
  /** Whether the host listens beyond loopback right now (because of races). */
  readonly isOpen: boolean;
}

/**
 * `alreadyOpen`: the host listens on every address anyway (serve --host
 * 0.0.0.0); the gate then only tells the addresses.
 */
export function createLanGate(http: HttpServer, port: number, alreadyOpen: boolean): LanDoor {
  let users = 0;
  let listeners: Server[] = [];
  let urls: string[] = [];
  let busy: Promise<void> = Promise.resolve();

  const listen = (address: string): Promise<Server | null> =>
    new Promise((done) => {
      const server = createServer((socket) => http.emit('connection', socket));
      const tryPort = (p: number) => {
        server.once('error', () => (p === port ? tryPort(0) : done(null)));
        server.listen(p, address, () => done(server));
      };
      tryPort(port);
    });

  async function openNow(): Promise<void> {
    const addresses = lanAddresses();
    if (alreadyOpen) {
      urls = addresses.map((a) => `http://${a}:${port}`);
      return;
    }
    const opened: Server[] = [];
    const found: string[] = [];
    for (const a of addresses) {
      const server = await listen(a);
      if (!server) continue;
      opened.push(server);
      found.push(`http://${a}:${(server.address() as AddressInfo).port}`);
    }
    listeners = opened;
    urls = found;
  }

  async function closeNow(): Promise<void> {
    const closing = listeners;
    listeners = [];
    urls = [];
    await Promise.all(closing.map((s) => new Promise<void>((done) => s.close(() => done()))));
  }

  return {
    get isOpen() {
      return listeners.length > 0;
    },
    open() {
      users += 1;
      const first = users === 1;
      busy = busy.then(() => (first ? openNow() : undefined));
      return busy.then(() => [...urls]);
    },
    close() {
      users = Math.max(0, users - 1);
      const last = users === 0;
      busy = busy.then(() => (last ? closeNow() : undefined));
      return busy;
    },
  };
}

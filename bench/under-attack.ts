/**
 * `npm run bench`'s "host under attack": a host in a process of its own,
 * heavy players in another (the heaviest network at full speed, editing
 * weights at the message rate limit), and here a player on the article's
 * network whose Step round trip is measured. Then the hostile requests of
 * a review: a huge matchmaking body, a flood of room creations, and
 * SIGTERM after connections that never finish.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { request } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import { Client } from 'colyseus.js';
import { heavyPlayersProcess, percentile, stepRoundTrips } from './attack.js';

export interface AttackFigures {
  roundTrips: { heavyPlayers: number; p50: number; p99: number; hostLoad: number }[];
  hugeBody: { status: number; ms: number; rssBeforeMb: number; rssAfterMb: number };
  creationFlood: { asked: number; created: number; refused: number; seconds: number };
  sigtermMs: number;
}

interface BenchHost {
  child: ChildProcess;
  port: number;
  /** Mean event-loop utilisation and the last RSS over the lines since the last call. */
  sample(): { elu: number; rssMb: number };
  exited: Promise<void>;
}

async function benchHost(): Promise<BenchHost> {
  const tsx = join(process.cwd(), 'node_modules', 'tsx', 'dist', 'cli.mjs');
  const child = spawn(process.execPath, [tsx, join(process.cwd(), 'bench', 'attack-host.ts')], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<void>((done) => child.on('exit', () => done()));
  let lines: { elu: number; rssMb: number }[] = [];
  let last = { elu: 0, rssMb: 0 };
  let buffer = '';
  const port = await new Promise<number>((done) => {
    child.stdout!.on('data', (d) => {
      buffer += d;
      let nl;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        const m = /^port (\d+)$/.exec(line);
        if (m) done(Number(m[1]));
        else if (line.startsWith('{')) {
          last = JSON.parse(line);
          lines.push(last);
        }
      }
    });
  });
  return {
    child,
    port,
    exited,
    sample() {
      const elu = lines.length ? lines.reduce((a, l) => a + l.elu, 0) / lines.length : last.elu;
      lines = [];
      return { elu, rssMb: last.rssMb };
    },
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function post(port: number, body: Buffer): Promise<number> {
  return new Promise((done) => {
    const req = request({ host: '127.0.0.1', port, method: 'POST', path: '/matchmake/create/sandbox', headers: { 'Content-Type': 'text/plain', 'Content-Length': body.length } }, (res) => {
      res.resume();
      done(res.statusCode ?? 0);
    });
    req.on('error', () => done(-1));
    req.end(body);
  });
}

export async function benchUnderAttack(): Promise<AttackFigures> {
  const host = await benchHost();
  const endpoint = `ws://127.0.0.1:${host.port}`;
  const roundTrips: AttackFigures['roundTrips'] = [];
  try {
    for (const heavyPlayers of [0, 1, 4, 8]) {
      const heavy = heavyPlayers ? await heavyPlayersProcess(endpoint, heavyPlayers) : null;
      await sleep(2000);
      host.sample();
      const times = await stepRoundTrips(endpoint, 150);
      const hostLoad = host.sample().elu;
      await heavy?.stop();
      roundTrips.push({ heavyPlayers, p50: percentile(times, 50), p99: percentile(times, 99), hostLoad });
      await sleep(1000);
    }

    // 300 MB to matchmaking, as a text/plain POST any page could send.
    await sleep(1500);
    const rssBeforeMb = host.sample().rssMb;
    const t0 = performance.now();
    const status = await post(host.port, Buffer.alloc(300 * 2 ** 20, 'a'));
    const ms = performance.now() - t0;
    await sleep(1500);
    const hugeBody = { status, ms, rssBeforeMb, rssAfterMb: host.sample().rssMb };

    // Room creations as fast as one client can ask, four at a time, each room left at once.
    let created = 0;
    let refused = 0;
    const asked = 200;
    let next = 0;
    const floodStart = performance.now();
    await Promise.all(
      [0, 1, 2, 3].map(async () => {
        while (next++ < asked) {
          try {
            const room = await new Client(endpoint).create('sandbox');
            created++;
            await room.leave();
          } catch {
            refused++;
          }
        }
      }),
    );
    const floodSeconds = (performance.now() - floodStart) / 1000;

    // Connections that never finish their request, then SIGTERM.
    for (let k = 0; k < 40; k++) {
      const s = connect({ host: '127.0.0.1', port: host.port, allowHalfOpen: true });
      s.on('error', () => {});
      s.write(`POST /matchmake/create/sandbox HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 4000\r\n\r\nxx`);
      if (k % 2) s.end();
      s.pause();
    }
    await sleep(500);
    const t1 = performance.now();
    host.child.kill('SIGTERM');
    await host.exited;
    return { roundTrips, hugeBody, creationFlood: { asked, created, refused, seconds: floodSeconds }, sigtermMs: performance.now() - t1 };
  } finally {
    if (host.child.exitCode === null) host.child.kill('SIGKILL');
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await benchUnderAttack(), null, 2));
  process.exit(0);
}

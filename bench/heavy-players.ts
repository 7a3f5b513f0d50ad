/**
 * `tsx bench/heavy-players.ts ENDPOINT N`: N players asking a host for the
 * most work it allows (bench/attack.ts's heavyPlayer), in a process of
 * their own so that decoding their state does not slow whoever measures.
 * Prints "ready" once all play; leaves and exits when stdin closes.
 */
import { heavyPlayer } from './attack.js';

const [endpoint, count = '4'] = process.argv.slice(2);
const players = await Promise.all(Array.from({ length: Number(count) }, () => heavyPlayer(endpoint)));
process.stdout.write('ready\n');
const stop = async () => {
  await Promise.all(players.map((p) => p.stop()));
  process.exit(0);
};
process.stdin.on('end', stop);
process.stdin.on('close', stop);
process.stdin.resume();
process.on('SIGTERM', stop);

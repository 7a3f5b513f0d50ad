/**
 * SIGINT (Ctrl+C) and SIGTERM stop a running host within a few seconds,
 * whatever its clients do: players are told, rooms closed, and remaining
 * connections destroyed (server.ts's close). A second signal, or a close
 * that somehow outlasts the deadline, exits at once.
 */
import type { RunningHost } from '../host/server.js';

/** The host closes within this; the process exits at the latest a second later. */
export const STOP_WITHIN_MS = 3000;

export function stopOnSignals(host: RunningHost, command: string): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1);
    stopping = true;
    process.stderr.write(`${command}: ${signal}: closing the rooms and stopping\n`);
    setTimeout(() => process.exit(1), STOP_WITHIN_MS + 1000).unref();
    void host.close(STOP_WITHIN_MS).finally(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

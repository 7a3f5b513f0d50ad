/**
 * The host's log: one line per event, and never a flood. A hostile client
 * can cause many events (refused connections, unreadable frames); each is
 * written as a single line without its stack, at most `burst` lines per
 * `windowMs`, and the lines dropped are counted in one line when the
 * window ends.
 */
export type LogLine = (line: string) => void;

export interface HostLog {
  debug(...args: unknown[]): void;
  info(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
  trace(...args: unknown[]): void;
}

/** The first line of what was logged: an Error's message, never its stack. */
function oneLine(args: unknown[]): string {
  return args
    .map((a) => (a instanceof Error ? a.message : typeof a === 'string' ? a : JSON.stringify(a) ?? String(a)))
    .join(' ')
    .split('\n')[0]
    .slice(0, 300);
}

export function createHostLog(write: LogLine, burst = 20, windowMs = 10_000, now: () => number = Date.now): HostLog {
  let windowStart = -Infinity;
  let written = 0;
  let dropped = 0;
  const emit = (level: string, args: unknown[]) => {
    const t = now();
    if (t - windowStart >= windowMs) {
      if (dropped > 0) write(`host: ${dropped} more log lines in the last ${Math.round(windowMs / 1000)} s were left out`);
      windowStart = t;
      written = 0;
      dropped = 0;
    }
    if (written >= burst) {
      dropped++;
      return;
    }
    written++;
    write(`host ${level}: ${oneLine(args)}`);
  };
  return {
    debug: () => {},
    trace: () => {},
    info: (...a) => emit('info', a),
    warn: (...a) => emit('warning', a),
    error: (...a) => emit('error', a),
  };
}

/**
 * Waiting on a condition in host tests: `until(what, get)` polls `get`
 * every 20 ms until it gives a value (not undefined, null or false) and
 * returns it, or fails after the time limit, naming what it waited for.
 */
export type Until = <T>(what: string, get: () => T | undefined | null | false, ms?: number) => Promise<T>;

/** An `until` whose time limit is `defaultMs` unless a call gives its own. */
export function untilWithin(defaultMs: number): Until {
  return async (what, get, ms = defaultMs) => {
    const start = Date.now();
    for (;;) {
      const v = get();
      if (v !== undefined && v !== null && v !== false) return v;
      if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
}

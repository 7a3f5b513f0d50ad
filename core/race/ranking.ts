/**
 * The race's ranking, computed by the host alone.
 *
 *   1. Players who reached the target error come first, by the fewest
 *      steps they used to reach it, then by the earliest time.
 *   2. The others follow, by their current dataset error, lowest first;
 *      a network with no error to show (it diverged) comes last.
 *
 * Players equal on every key share a place, and the next place skips as
 * many as shared it (1, 1, 3: "standard competition" ranking).
 */
export interface Standing {
  /** The player's seat. */
  readonly id: string;
  /** Steps used when the target was reached, or null if not (yet) reached. */
  readonly reachedSteps: number | null;
  /** Milliseconds from the start of the race to reaching the target, or null. */
  readonly reachedMs: number | null;
  /** The current dataset error, or null when there is none (diverged). */
  readonly error: number | null;
}

export interface Ranked<S extends Standing> {
  readonly place: number;
  readonly standing: S;
}

/** Negative when a ranks before b, positive after, 0 when they share a place. */
export function compareStandings(a: Standing, b: Standing): number {
  const ra = a.reachedSteps !== null;
  const rb = b.reachedSteps !== null;
  if (ra !== rb) return ra ? -1 : 1;
  if (ra && rb) {
    if (a.reachedSteps !== b.reachedSteps) return (a.reachedSteps as number) - (b.reachedSteps as number);
    return (a.reachedMs ?? Infinity) - (b.reachedMs ?? Infinity) || 0;
  }
  const ea = a.error ?? Infinity;
  const eb = b.error ?? Infinity;
  if (ea === eb) return 0;
  return ea < eb ? -1 : 1;
}

/** Everyone in order, with places; ties keep the order they came in. */
export function rankStandings<S extends Standing>(standings: readonly S[]): Ranked<S>[] {
  const order = standings.map((s, k) => ({ s, k }));
  order.sort((x, y) => compareStandings(x.s, y.s) || x.k - y.k);
  const ranked: Ranked<S>[] = [];
  for (let k = 0; k < order.length; k++) {
    const tied = k > 0 && compareStandings(order[k - 1].s, order[k].s) === 0;
    ranked.push({ place: tied ? ranked[k - 1].place : k + 1, standing: order[k].s });
  }
  return ranked;
}

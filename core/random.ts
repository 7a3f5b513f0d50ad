/**
 * A seeded pseudo-random generator, so that a seed always gives the same
 * weights and the same datasets, bit for bit.
 *
 * The generator is mulberry32: a 32-bit state advanced by a constant and
 * mixed by multiplications and shifts. Only integer arithmetic (Math.imul)
 * is used, so its stream of uniforms is the same on every JavaScript engine.
 * Gaussian samples also take Math.log, Math.sqrt, Math.sin and Math.cos: the
 * same bits on one engine every time, possibly not across engines.
 */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** A float in [lo, hi). */
  uniform(lo: number, hi: number): number;
  /** A standard normal sample (mean 0, deviation 1), by the Box–Muller transform. */
  gaussian(): number;
  /** An integer in [0, n). */
  int(n: number): number;
}

/** Mixes any finite number (or a string) into a 32-bit unsigned seed. */
export function seedFrom(seed: number | string): number {
  if (typeof seed === 'string') {
    let h = 2166136261;
    for (let i = 0; i < seed.length; i++) {
      h = Math.imul(h ^ seed.charCodeAt(i), 16777619);
    }
    return h >>> 0;
  }
  return Math.trunc(seed) >>> 0;
}

export function createRandom(seed: number | string): Random {
  let state = seedFrom(seed);
  let spare: number | null = null;

  const next = (): number => {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };

  return {
    next,
    uniform: (lo, hi) => lo + (hi - lo) * next(),
    int: (n) => Math.floor(next() * n),
    gaussian: () => {
      if (spare !== null) {
        const s = spare;
        spare = null;
        return s;
      }
      // Box–Muller: two uniforms u, v give two independent normals
      // r·cos(2πv) and r·sin(2πv), with r = √(−2 ln u).
      let u = next();
      while (u === 0) u = next();
      const v = next();
      const r = Math.sqrt(-2 * Math.log(u));
      spare = r * Math.sin(2 * Math.PI * v);
      return r * Math.cos(2 * Math.PI * v);
    },
  };
}

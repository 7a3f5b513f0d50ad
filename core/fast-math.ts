/**
 * exp and tanh for the hot loops (activation.ts). Math.exp and Math.tanh are calls out of
 * the compiled loop into the engine's C library; these are plain arithmetic
 * that the compiler keeps inline, about twice as fast, and within a few
 * units in the last place of the exact values (far inside the 1e-9 the
 * trace command promises).
 *
 * What is deterministic: on one JavaScript engine, the same input always
 * gives the same bits, and so a seed always gives the same training run.
 * Across engines, the same bits are not promised: the tables below are
 * filled by Math.pow, and inputs outside (−708, 709) go to Math.exp, whose
 * last bit the language leaves to each engine (the datasets' Gaussian noise
 * in random.ts likewise uses Math.log, Math.sin and Math.cos). The
 * arithmetic itself (+, −, ·, /) is exact IEEE 754 everywhere.
 *
 * exp(x) = 2^m · 2^(j/256) · exp(r), where x = (256m + j)·ln2/256 + r and
 * |r| ≤ ln2/512; exp(r) is its Taylor polynomial to r⁴ (the next term is
 * below 4e-17 of it), and the two powers of two come from tables.
 */
const EXP_FRACTION = new Float64Array(256);
for (let j = 0; j < 256; j++) EXP_FRACTION[j] = Math.pow(2, j / 256);
const EXP_SCALE = new Float64Array(2046);
for (let m = -1022; m <= 1023; m++) EXP_SCALE[m + 1022] = Math.pow(2, m);
const STEPS_PER_LN2 = 256 / Math.LN2;
// ln2/256 in two parts: the first has few enough bits that k·LN2_256_HI is exact.
const LN2_256_HI = 6.93147180369123816490e-1 / 256;
const LN2_256_LO = 1.90821492927058770002e-10 / 256;
// 1.5·2^52: adding and then subtracting it rounds a double to a whole number.
const ROUND = 6755399441055744;

export function exp(x: number): number {
  // Outside (−708, 709) the result is subnormal, infinite or NaN: leave it to Math.exp.
  if (!(x > -708 && x < 709)) return Math.exp(x);
  const kf = x * STEPS_PER_LN2 + ROUND - ROUND;
  const k = kf | 0;
  const r = x - kf * LN2_256_HI - kf * LN2_256_LO;
  const p = 1 + r * (1 + r * (1 / 2 + r * (1 / 6 + r * (1 / 24))));
  return EXP_SCALE[(k >> 8) + 1022] * (EXP_FRACTION[k & 255] * p);
}

/**
 * tanh(x) = (1 − t) / (1 + t) with t = exp(−2|x|), and the sign of x. Near 0,
 * where 1 − t would lose digits, its series x − x³/3 + 2x⁵/15 − 17x⁷/315 +
 * 62x⁹/2835 instead (for |x| < 0.02 the next term is below 1e-19 of tanh).
 */
export function tanh(x: number): number {
  const ax = x < 0 ? -x : x;
  if (ax < 0.02) {
    const x2 = x * x;
    return x * (1 - x2 * (1 / 3 - x2 * (2 / 15 - x2 * (17 / 315 - x2 * (62 / 2835)))));
  }
  const t = exp(-2 * ax);
  const v = (1 - t) / (1 + t);
  return x < 0 ? -v : v;
}

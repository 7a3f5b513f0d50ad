/**
 * Numbers as the scene and its captions print them: two decimals and the
 * Unicode minus sign (−), never "−0.00". Pure; no DOM.
 */

const MINUS = '\u2212';

function nonFinite(v: number): string {
  if (v !== v) return '—';
  return v > 0 ? '∞' : `${MINUS}∞`;
}

/** Two decimals: 0.53, −0.31, 12.40; huge values (after a divergence) short: 2.1e55. */
export function fmt(v: number): string {
  if (!Number.isFinite(v)) return nonFinite(v);
  if (Math.abs(v) >= 1e5) {
    const e = v.toExponential(1).replace('e+', 'e');
    return e.startsWith('-') ? MINUS + e.slice(1) : e;
  }
  const s = v.toFixed(2);
  if (s === '-0.00') return '0.00';
  return s.startsWith('-') ? MINUS + s.slice(1) : s;
}

/** Like fmt, with an explicit sign for non-zero values: +0.03, −0.12. */
export function fmtSigned(v: number): string {
  const s = fmtSmall(v);
  if (s.startsWith(MINUS) || !Number.isFinite(v) || /^0(\.0+)?$/.test(s)) return s;
  return '+' + s;
}

/**
 * Data as given (inputs x, targets z): whole numbers without decimals
 * ("1", "0"), anything else with two.
 */
export function fmtData(v: number): string {
  if (Number.isInteger(v) && Math.abs(v) < 1e6) return v < 0 ? MINUS + String(-v) : String(v);
  return fmt(v);
}

/**
 * Two decimals, except that a small non-zero value keeps two significant
 * digits rather than printing as 0.00 (η = 0.005, Δw = 0.0031).
 */
export function fmtSmall(v: number): string {
  if (!Number.isFinite(v)) return nonFinite(v);
  const a = Math.abs(v);
  if (a === 0 || a >= 0.01) return fmt(v);
  const digits = Math.min(8, 1 - Math.floor(Math.log10(a)));
  const s = v.toFixed(digits);
  return s.startsWith('-') ? MINUS + s.slice(1) : s;
}

/**
 * A change, short and signed, for the update flash: +0.03, −0.005
 * (three decimals below 0.01), 0 when it is exactly zero.
 */
export function fmtDelta(v: number): string {
  if (!Number.isFinite(v)) return nonFinite(v);
  if (v === 0) return '0';
  const a = Math.abs(v);
  let s: string;
  if (a >= 0.01) s = a.toFixed(2);
  else if (a >= 0.001) s = a.toFixed(3);
  else s = a.toExponential(0).replace('e-', 'e−');
  return (v < 0 ? MINUS : '+') + s;
}

/** A short form for tight spots inside a neuron: 0.53, −12.3, 1.2e3. */
export function fmtCompact(v: number): string {
  if (!Number.isFinite(v)) return nonFinite(v);
  const a = Math.abs(v);
  if (a < 10) return fmt(v);
  if (a < 1000) {
    const s = v.toFixed(1);
    return s.startsWith('-') ? MINUS + s.slice(1) : s;
  }
  const s = v.toExponential(1).replace('e+', 'e');
  return s.startsWith('-') ? MINUS + s.slice(1) : s;
}

/**
 * Numbers as the player reads them. Nothing here ever prints NaN or
 * Infinity: a value that is missing or not finite shows as "—".
 */

export const NONE = '—';

function finite(v: number | null | undefined): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

/** Error values: 4 decimals, or scientific when very small or large. */
export function formatError(v: number | null | undefined): string {
  if (!finite(v)) return NONE;
  if (v !== 0 && (Math.abs(v) < 1e-4 || Math.abs(v) >= 1e5)) return v.toExponential(2);
  return v.toFixed(4);
}

/** η and schedule parameters: 3 significant digits, no trailing zeros. */
export function formatEta(v: number | null | undefined): string {
  if (!finite(v)) return NONE;
  if (v !== 0 && (Math.abs(v) < 1e-4 || Math.abs(v) >= 1e6)) return v.toExponential(2);
  return String(Number(v.toPrecision(3)));
}

/**
 * A weight as a spinbutton shows it: up to 4 decimals; a weight that has
 * grown huge (a network on its way to diverging) whole, in short exponent
 * form with three significant digits, −1.66e+215, which a number field
 * still reads and which fits the field.
 */
export function formatWeight(v: number | null | undefined): string {
  if (!finite(v)) return '';
  if (Math.abs(v) >= 1e5) return v.toExponential(2);
  const s = String(Number(v.toFixed(4)));
  return s === '-0' ? '0' : s;
}

/** One formatter for every count: toLocaleString would build a new one each call (slow in a table of 2,000 rows). */
const COUNT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** Whole numbers with thousands separators: 20,000. */
export function formatCount(v: number | null | undefined): string {
  if (!finite(v)) return NONE;
  return COUNT.format(Math.round(v));
}

/** Steps per second, either as a count or, below 1, as seconds per step. */
export function speedParts(stepsPerSecond: number): { kind: 'slow'; seconds: string } | { kind: 'one' } | { kind: 'fast'; n: string } {
  if (stepsPerSecond < 0.999) {
    const s = 1 / stepsPerSecond;
    return { kind: 'slow', seconds: String(Number(s.toPrecision(2))) };
  }
  if (stepsPerSecond < 1.001) return { kind: 'one' };
  const n = stepsPerSecond < 10 ? String(Number(stepsPerSecond.toPrecision(2))) : formatCount(stepsPerSecond);
  return { kind: 'fast', n };
}

/**
 * The race's results as CSV (RFC 4180: comma separated, CRLF lines,
 * fields with a comma, quote or line break quoted, quotes doubled), one
 * row per player in ranking order. A nickname that begins like a
 * spreadsheet formula (= + - @) is prefixed with ' so that opening the
 * file runs nothing.
 */
import type { Schedule } from '../schedule.js';

export interface ResultRow {
  readonly place: number;
  readonly nickname: string;
  readonly reached: boolean;
  readonly steps: number;
  /** The final dataset error, or null when the network diverged. */
  readonly error: number | null;
  /** Seconds from the start to reaching the target (if reached), else to the end. */
  readonly seconds: number;
  /** η of the schedule the player ended with (its main η). */
  readonly eta: number;
  readonly schedule: Schedule;
}

export const RESULTS_HEADER = ['place', 'nickname', 'reached', 'steps', 'final error', 'time (s)', 'η', 'schedule'];

function field(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The schedule in words a spreadsheet reader can follow: "decay 2→0.125, half-life 500". */
export function describeSchedule(s: Schedule): string {
  switch (s.kind) {
    case 'constant':
      return `constant ${s.eta}`;
    case 'decay':
      return `decay ${s.start}→${s.end}, half-life ${s.halfLife}`;
    case 'warmup':
      return `warmup ${s.start}→${s.peak}→${s.end}, rise ${s.rise}, hold ${s.hold}, settle ${s.settle}`;
  }
}

export function resultsCsv(rows: readonly ResultRow[]): string {
  const lines = [RESULTS_HEADER.map(field).join(',')];
  for (const r of rows) {
    lines.push(
      [
        String(r.place),
        r.nickname,
        r.reached ? 'yes' : 'no',
        String(r.steps),
        r.error === null ? 'diverged' : String(r.error),
        r.seconds.toFixed(1),
        String(r.eta),
        describeSchedule(r.schedule),
      ]
        .map(field)
        .join(','),
    );
  }
  return lines.join('\r\n') + '\r\n';
}

/**
 * Hands a CSV text to the browser as a file download (in the desktop app,
 * Electron asks where to save it). A byte-order mark goes first so that
 * spreadsheets read the nicknames as UTF-8.
 */
import { h } from './dom.js';

export function downloadCsv(csv: string, fileName: string): void {
  const blob = new Blob(['\ufeff', csv], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const a = h('a', { attrs: { href: url, download: fileName } });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

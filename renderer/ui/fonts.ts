/**
 * The Japanese font the game ships (Noto Sans JP, declared in
 * styles/stepping.css) is loaded before the first screen is drawn. A face
 * that arrives after text was laid out is not always put in by Chromium
 * where a fallback was already chosen (the language switch's "日本語" kept
 * its empty boxes), so we wait for it — briefly: it is a local file, and a
 * screen without it still works.
 */
const FACES = ['400 16px "Noto Sans JP"', '700 16px "Noto Sans JP"'];
const PATIENCE_MS = 2000;

export function loadFonts(): Promise<void> {
  if (typeof document === 'undefined' || !document.fonts) return Promise.resolve();
  const loads = Promise.all(FACES.map((face) => document.fonts.load(face, '日本語'))).then(
    () => undefined,
    () => undefined,
  );
  return Promise.race([loads, new Promise<void>((done) => setTimeout(done, PATIENCE_MS))]);
}

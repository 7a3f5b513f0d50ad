/**
 * Colours and type of the network scene. The palette is Okabe–Ito's, which
 * stays distinct under the common colour-vision deficiencies; no meaning
 * rests on colour alone (negative weights are also dashed, forward signals
 * are round and travel right, error pulses are diamonds and travel left).
 */

export const COLORS = {
  background: 0xf7f5f0,
  grid: 0xd9d4c9,
  ink: 0x1d2330,
  muted: 0x687080,
  faint: 0xb9b4aa,
  paper: 0xffffff,
  /** w > 0: Okabe–Ito blue. */
  positive: 0x0072b2,
  /** w < 0: Okabe–Ito vermillion (and dashed). */
  negative: 0xd55e00,
  /** Forward signals: Okabe–Ito bluish green, round dots travelling right. */
  forward: 0x009e73,
  /** Error δ: Okabe–Ito reddish purple, diamonds travelling left. */
  backward: 0xcc79a7,
  /** Darker shade of the error colour, for text on light ground. */
  backwardInk: 0x9c4a7c,
  /** Darker shade of the forward colour, for text on light ground. */
  forwardInk: 0x00785a,
  /** Weight updates: Okabe–Ito orange. */
  update: 0xe69f00,
  updateInk: 0x9a6a00,
} as const;

export const FONT_SANS = "Inter, 'Segoe UI', system-ui, -apple-system, 'Helvetica Neue', 'Noto Sans', 'DejaVu Sans', Arial, sans-serif";
export const FONT_MATH = "'Cambria Math', 'STIX Two Math', 'Latin Modern Math', 'DejaVu Serif', Georgia, serif";

/** Name of the bitmap font the scene installs for numbers (they change every frame). */
export const BITMAP = {
  valueBold: 'scene-value-bold',
  nameItalic: 'scene-name-italic',
} as const;

/** Characters the bitmap fonts hold: numbers, signs and the notation's letters. */
export const BITMAP_CHARS =
  '0123456789.,+−-–=×·()[]\'’ ∞eyzxwδΔΣbfNa/:↕…' + 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** 0xRRGGBB mixed with another colour: t = 0 gives a, 1 gives b. */
export function mix(a: number, b: number, t: number): number {
  const u = Math.max(0, Math.min(1, t));
  const ar = (a >> 16) & 255;
  const ag = (a >> 8) & 255;
  const ab = a & 255;
  const br = (b >> 16) & 255;
  const bg = (b >> 8) & 255;
  const bb = b & 255;
  const r = Math.round(ar + (br - ar) * u);
  const g = Math.round(ag + (bg - ag) * u);
  const bl = Math.round(ab + (bb - ab) * u);
  return (r << 16) | (g << 8) | bl;
}

export function cssColor(c: number): string {
  return '#' + c.toString(16).padStart(6, '0');
}

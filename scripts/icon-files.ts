/**
 * The icon containers each platform wants, written from PNG images:
 *
 *   ICO (Windows)  a 6-byte header, a 16-byte entry per image, then the
 *                  images; each entry may hold a whole PNG (Windows Vista on).
 *                  Width and height are one byte each, 0 meaning 256.
 *   ICNS (macOS)   "icns" and the file length, then per image a 4-letter
 *                  type, its length (header included) and a whole PNG;
 *                  the type names the pixel size (and whether it is @2x).
 *
 * Integers are little-endian in ICO and big-endian in ICNS.
 */

/** The pixel size in a PNG's header (IHDR: width at byte 16, height at 20). */
export function pngSize(png: Uint8Array): { width: number; height: number } {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (png.length < 24 || signature.some((b, k) => png[k] !== b)) throw new Error('not a PNG image');
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

export function icoFrom(pngs: readonly Uint8Array[]): Uint8Array {
  const headerSize = 6 + 16 * pngs.length;
  const total = headerSize + pngs.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  view.setUint16(0, 0, true); // reserved
  view.setUint16(2, 1, true); // 1: icon
  view.setUint16(4, pngs.length, true);
  let offset = headerSize;
  pngs.forEach((png, k) => {
    const { width, height } = pngSize(png);
    if (width > 256 || height > 256) throw new Error(`an ICO image is at most 256 pixels, got ${width}`);
    const entry = 6 + 16 * k;
    out[entry] = width === 256 ? 0 : width;
    out[entry + 1] = height === 256 ? 0 : height;
    out[entry + 2] = 0; // no palette
    out[entry + 3] = 0;
    view.setUint16(entry + 4, 1, true); // colour planes
    view.setUint16(entry + 6, 32, true); // bits per pixel
    view.setUint32(entry + 8, png.length, true);
    view.setUint32(entry + 12, offset, true);
    out.set(png, offset);
    offset += png.length;
  });
  return out;
}

/** ICNS types that hold a PNG, by pixel size: plain and @2x (the @2x of 16 is 32 pixels, and so on). */
export const ICNS_TYPES: readonly { type: string; pixels: number }[] = [
  { type: 'icp4', pixels: 16 },
  { type: 'icp5', pixels: 32 },
  { type: 'ic11', pixels: 32 },
  { type: 'icp6', pixels: 64 },
  { type: 'ic12', pixels: 64 },
  { type: 'ic07', pixels: 128 },
  { type: 'ic08', pixels: 256 },
  { type: 'ic13', pixels: 256 },
  { type: 'ic09', pixels: 512 },
  { type: 'ic14', pixels: 512 },
  { type: 'ic10', pixels: 1024 },
];

export function icnsFrom(pngBySize: ReadonlyMap<number, Uint8Array>): Uint8Array {
  const entries = ICNS_TYPES.map(({ type, pixels }) => {
    const png = pngBySize.get(pixels);
    if (!png) throw new Error(`ICNS needs a ${pixels}-pixel image`);
    return { type, png };
  });
  const total = 8 + entries.reduce((n, e) => n + 8 + e.png.length, 0);
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  const ascii = (at: number, text: string) => {
    for (let k = 0; k < 4; k++) out[at + k] = text.charCodeAt(k);
  };
  ascii(0, 'icns');
  view.setUint32(4, total);
  let at = 8;
  for (const { type, png } of entries) {
    ascii(at, type);
    view.setUint32(at + 4, 8 + png.length);
    out.set(png, at + 8);
    at += 8 + png.length;
  }
  return out;
}

/** The images in an ICO file: their sizes (256 read back from 0). */
export function readIco(ico: Uint8Array): { width: number; height: number; png: Uint8Array }[] {
  const view = new DataView(ico.buffer, ico.byteOffset, ico.byteLength);
  if (view.getUint16(0, true) !== 0 || view.getUint16(2, true) !== 1) throw new Error('not an ICO file');
  const count = view.getUint16(4, true);
  return Array.from({ length: count }, (_, k) => {
    const entry = 6 + 16 * k;
    const size = view.getUint32(entry + 8, true);
    const offset = view.getUint32(entry + 12, true);
    return { width: ico[entry] || 256, height: ico[entry + 1] || 256, png: ico.subarray(offset, offset + size) };
  });
}

/** The images in an ICNS file, by type. */
export function readIcns(icns: Uint8Array): { type: string; png: Uint8Array }[] {
  const view = new DataView(icns.buffer, icns.byteOffset, icns.byteLength);
  const text = (at: number) => String.fromCharCode(...icns.subarray(at, at + 4));
  if (text(0) !== 'icns' || view.getUint32(4) !== icns.length) throw new Error('not an ICNS file');
  const out: { type: string; png: Uint8Array }[] = [];
  for (let at = 8; at < icns.length; ) {
    const length = view.getUint32(at + 4);
    if (length < 8 || at + length > icns.length) throw new Error('an ICNS entry runs past the end');
    out.push({ type: text(at), png: icns.subarray(at + 8, at + length) });
    at += length;
  }
  return out;
}

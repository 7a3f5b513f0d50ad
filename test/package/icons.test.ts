/**
 * The installers' icons, made by `npm run icons` from build/icon.svg: made
 * again since the drawing last changed, every size each platform needs, and
 * the ICO and ICNS containers readable, each image the size it claims.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ICNS_TYPES, icnsFrom, icoFrom, pngSize, readIcns, readIco } from '../../scripts/icon-files.js';

const build = join(process.cwd(), 'build');
const read = (path: string) => new Uint8Array(readFileSync(join(build, path)));

describe('icons', () => {
  it('were made from the current drawing', () => {
    const hash = createHash('sha256').update(readFileSync(join(build, 'icon.svg'), 'utf8')).digest('hex');
    expect(readFileSync(join(build, 'icons', 'source.sha256'), 'utf8').trim(), 'build/icon.svg changed: run npm run icons').toBe(hash);
  });

  it('has the Linux sizes, each PNG as large as its name says', () => {
    for (const size of [16, 24, 32, 48, 64, 128, 256, 512]) {
      expect(pngSize(read(`icons/${size}x${size}.png`))).toEqual({ width: size, height: size });
    }
    expect(pngSize(read('icon.png'))).toEqual({ width: 1024, height: 1024 });
  });

  it('has a Windows ICO from 16 to 256 pixels', () => {
    const images = readIco(read('icon.ico'));
    expect(images.map((i) => i.width)).toEqual([16, 24, 32, 48, 64, 128, 256]);
    for (const image of images) expect(pngSize(image.png)).toEqual({ width: image.width, height: image.height });
  });

  it('has a macOS ICNS with every type from 16 to 1024 pixels', () => {
    const images = readIcns(read('icon.icns'));
    expect(images.map((i) => i.type)).toEqual(ICNS_TYPES.map((t) => t.type));
    images.forEach((image, k) => expect(pngSize(image.png).width, image.type).toBe(ICNS_TYPES[k].pixels));
  });

  it('writes containers that read back as written', () => {
    const png = (size: number) => {
      const bytes = new Uint8Array(40);
      bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
      new DataView(bytes.buffer).setUint32(16, size);
      new DataView(bytes.buffer).setUint32(20, size);
      bytes[39] = size & 0xff;
      return bytes;
    };
    const ico = readIco(icoFrom([png(16), png(256)]));
    expect(ico.map((i) => [i.width, i.png[39]])).toEqual([[16, 16], [256, 0]]);
    const all = new Map(ICNS_TYPES.map((t) => [t.pixels, png(t.pixels)]));
    expect(readIcns(icnsFrom(all)).map((i) => pngSize(i.png).width)).toEqual(ICNS_TYPES.map((t) => t.pixels));
    expect(() => icoFrom([png(512)])).toThrow(/at most 256/);
  });
});

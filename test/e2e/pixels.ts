/**
 * Comparing two screenshots of the same picture, in the page (no image
 * library needed): the pictures are cut into square blocks, and a block
 * differs when its pixels differ on average by more than `threshold`
 * levels (0 … 255, over R, G and B). Antialiasing that differs between
 * two ways of drawing moves a block's average a little; a missing line, a
 * different number or a misplaced shape moves it a lot. And counting the
 * pixels of one colour in a screenshot (is a kind of mark drawn at all).
 */
import type { Page } from '@playwright/test';

export interface BlockDifference {
  /** Blocks compared. */
  blocks: number;
  /** Top-left corners (CSS px of the screenshot) of the blocks that differ. */
  differing: { x: number; y: number; mean: number }[];
}

export async function compareBlocks(page: Page, a: Buffer, b: Buffer, block = 12, threshold = 30): Promise<BlockDifference> {
  const urls = [a, b].map((png) => `data:image/png;base64,${png.toString('base64')}`);
  return page.evaluate(
    async ({ urls, block, threshold }) => {
      const read = async (url: string) => {
        const image = new Image();
        image.src = url;
        await image.decode();
        const canvas = document.createElement('canvas');
        canvas.width = image.naturalWidth;
        canvas.height = image.naturalHeight;
        const context = canvas.getContext('2d')!;
        context.drawImage(image, 0, 0);
        return context.getImageData(0, 0, canvas.width, canvas.height);
      };
      const [p, q] = await Promise.all(urls.map(read));
      if (p.width !== q.width || p.height !== q.height) throw new Error(`sizes differ: ${p.width}×${p.height} and ${q.width}×${q.height}`);
      const differing: { x: number; y: number; mean: number }[] = [];
      let blocks = 0;
      for (let by = 0; by + block <= p.height; by += block) {
        for (let bx = 0; bx + block <= p.width; bx += block) {
          blocks++;
          let sum = 0;
          for (let y = by; y < by + block; y++) {
            for (let x = bx; x < bx + block; x++) {
              const i = (y * p.width + x) * 4;
              sum += Math.abs(p.data[i] - q.data[i]) + Math.abs(p.data[i + 1] - q.data[i + 1]) + Math.abs(p.data[i + 2] - q.data[i + 2]);
            }
          }
          const mean = sum / (block * block * 3);
          if (mean > threshold) differing.push({ x: bx, y: by, mean: Math.round(mean) });
        }
      }
      return { blocks, differing };
    },
    { urls, block, threshold },
  );
}

/** How many pixels of a screenshot are within a few levels of one colour. */
export async function countColour(page: Page, png: Buffer, rgb: [number, number, number]): Promise<number> {
  return page.evaluate(
    async ({ url, rgb }) => {
      const image = new Image();
      image.src = url;
      await image.decode();
      const canvas = document.createElement('canvas');
      canvas.width = image.naturalWidth;
      canvas.height = image.naturalHeight;
      const g = canvas.getContext('2d')!;
      g.drawImage(image, 0, 0);
      const d = g.getImageData(0, 0, canvas.width, canvas.height).data;
      let n = 0;
      for (let p = 0; p < d.length; p += 4) if (Math.abs(d[p] - rgb[0]) + Math.abs(d[p + 1] - rgb[1]) + Math.abs(d[p + 2] - rgb[2]) < 24) n++;
      return n;
    },
    { url: `data:image/png;base64,${png.toString('base64')}`, rgb },
  );
}

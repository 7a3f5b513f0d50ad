import { describe, expect, it } from 'vitest';
import { computeLayout, distanceToEdge, segmentHitsRect } from '../../renderer/scene/layout.js';

function overlaps(a: { x: number; y: number; w: number; h: number }, b: { x: number; y: number; w: number; h: number }): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

describe('layout of the article network at the host’s size', () => {
  const lay = computeLayout([2, 3, 2, 1], 800, 560);
  it('has one edge per weight, in the flat weight order', () => {
    expect(lay.edges).toHaveLength(14);
    expect([lay.edges[0].l, lay.edges[0].j, lay.edges[0].i]).toEqual([0, 0, 0]);
    expect([lay.edges[12].l, lay.edges[12].j, lay.edges[12].i]).toEqual([2, 0, 0]);
    expect([lay.edges[13].l, lay.edges[13].j, lay.edges[13].i]).toEqual([2, 0, 1]);
  });
  it('prints values inside every neuron and labels every edge', () => {
    expect(lay.textInside.slice(1)).toEqual([true, true, true]);
    expect(lay.labels).not.toBeNull();
    expect(lay.cards[0]).not.toBeNull();
  });
  it('places labels that overlap neither each other nor any neuron', () => {
    const labels = lay.labels!;
    for (let a = 0; a < labels.length; a++) {
      for (let b = a + 1; b < labels.length; b++) expect(overlaps(labels[a], labels[b]), `labels ${a} and ${b}`).toBe(false);
      for (let l = 1; l < lay.nodes.length; l++) {
        for (const n of lay.nodes[l]) {
          const cx = Math.max(labels[a].x, Math.min(n.x, labels[a].x + labels[a].w));
          const cy = Math.max(labels[a].y, Math.min(n.y, labels[a].y + labels[a].h));
          expect(Math.hypot(cx - n.x, cy - n.y), `label ${a}`).toBeGreaterThanOrEqual(n.r);
        }
      }
    }
  });
  it('sits each label on its own edge', () => {
    lay.edges.forEach((e, k) => {
      const r = lay.labels![k];
      expect(distanceToEdge(e, r.x + r.w / 2, r.y + r.h / 2)).toBeLessThan(0.5);
    });
  });
  it('keeps everything inside the host', () => {
    for (const col of lay.nodes) {
      for (const n of col) {
        expect(n.x - n.r).toBeGreaterThanOrEqual(0);
        expect(n.x + n.r).toBeLessThanOrEqual(800);
        expect(n.y - n.r).toBeGreaterThanOrEqual(0);
        expect(n.y + n.r).toBeLessThanOrEqual(560);
      }
    }
  });
});

describe('layout of big networks', () => {
  for (const sizes of [
    [2, 16, 16, 16, 1],
    [2, 16, 16, 16, 16, 16, 16, 1],
  ]) {
    it(`${sizes.join('-')} fits, with no per-edge labels and thinner edges`, () => {
      const lay = computeLayout(sizes, 800, 560);
      expect(lay.labels).toBeNull();
      expect(lay.edgeMaxWidth).toBeLessThan(3);
      for (let l = 0; l < lay.nodes.length; l++) {
        const col = lay.nodes[l];
        for (let j = 0; j < col.length; j++) {
          const n = col[j];
          expect(n.y - n.r).toBeGreaterThanOrEqual(0);
          expect(n.y + n.r).toBeLessThanOrEqual(560);
          if (j > 0) expect(n.y - col[j - 1].y).toBeGreaterThan(2 * n.r);
        }
      }
      expect(Math.max(...lay.columns)).toBeLessThan(800);
    });
  }
  it('still fits at 1280 × 720 and at a small size', () => {
    for (const [w, h] of [
      [1280, 720],
      [480, 320],
    ]) {
      const lay = computeLayout([2, 16, 16, 16, 1], w, h);
      for (const col of lay.nodes) for (const n of col) expect(n.y + n.r).toBeLessThanOrEqual(h);
    }
  });
});

describe('geometry helpers', () => {
  it('tells whether a segment crosses a rectangle', () => {
    const r = { x: 10, y: 10, w: 10, h: 10 };
    expect(segmentHitsRect(0, 0, 30, 30, r)).toBe(true);
    expect(segmentHitsRect(0, 0, 30, 0, r)).toBe(false);
    expect(segmentHitsRect(15, 15, 16, 16, r)).toBe(true);
  });
});

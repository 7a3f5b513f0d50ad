/**
 * A set of straight strokes along fixed segments: the weight edges and what
 * the animation lays over them. Each stroke's width, colour, opacity,
 * dashing and extent along its segment change freely per frame.
 *
 * Two ways to draw them, one per kind of renderer:
 * - `StrokeMesh` (stroke-mesh.ts), for WebGL: one mesh and a small shader;
 * - `StrokePaths` (stroke-paths.ts), for the 2D canvas: one path per stroke.
 * They draw the same picture; the scene picks the one its renderer runs.
 */
import type { Container } from 'pixi.js';

export interface Segment {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface Strokes {
  /** What to add to the stage. */
  readonly view: Container;
  /**
   * Stroke k: `width` pixels wide, colour 0xRRGGBB at opacity `alpha`,
   * dashed or not, drawn from fraction `from` to fraction `to` of its
   * segment (from > to is fine: the same stretch).
   */
  set(k: number, width: number, color: number, alpha: number, dashed: boolean, from?: number, to?: number): void;
  /** Stroke k draws nothing. */
  hide(k: number): void;
  destroy(): void;
}

/**
 * Makes a stroke set over these segments. `dash`: a dashed stroke's period
 * and dash length in pixels, dashes counted from each segment's start.
 */
export type StrokesFactory = (segments: Segment[], dash: [number, number]) => Strokes;

/** Whether a stroke so thin, faint or short shows nothing (both ways skip it). */
export function drawsNothing(width: number, alpha: number, from: number, to: number): boolean {
  return alpha <= 0.003 || width <= 0 || from === to;
}

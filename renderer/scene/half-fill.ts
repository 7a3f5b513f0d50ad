/**
 * The colour inside one half of a neuron's split circle (Σ on the left, f on
 * the right), filled from the bottom up to a level (0 … 1) as a signal
 * arrives. Two ways to draw it, one per kind of renderer, with one picture:
 * - `SpriteHalf`, for WebGL: a white half-disc texture cropped to the level
 *   and tinted;
 * - `PathHalf`, for the 2D canvas: the same region as a path, filled by the
 *   canvas itself (the 2D renderer caches a tinted copy per texture and
 *   colour, which suits neither a crop nor a colour that changes each frame).
 */
import { Container, Graphics, type Rectangle, Sprite, Texture } from 'pixi.js';
import type { SceneTextures } from './textures.js';

export interface HalfFill {
  readonly view: Container;
  /** Fills up to `level` (0 … 1) in colour 0xRRGGBB. */
  set(level: number, color: number): void;
  destroy(): void;
}

/** A half of radius r whose straight side is at (x, y ± r); side −1 is the left half. */
export type HalfFillFactory = (r: number, side: -1 | 1, x: number, y: number) => HalfFill;

export class SpriteHalf implements HalfFill {
  readonly view: Sprite;
  private readonly texture: Texture;
  private readonly full: Rectangle;
  private level = 1;
  private color = -1;

  constructor(textures: SceneTextures, r: number, side: -1 | 1, x: number, y: number) {
    const base = textures.half(r);
    this.full = base.frame.clone();
    this.texture = new Texture({ source: base.source, frame: this.full.clone(), dynamic: true });
    this.view = new Sprite(this.texture);
    this.view.anchor.set(0, 1);
    this.view.position.set(x, y + r);
    this.view.scale.x = side;
  }

  set(level: number, color: number): void {
    const p = clampLevel(level);
    if (p !== this.level) {
      this.level = p;
      this.view.visible = p > 0.001;
      if (this.view.visible) {
        const f = this.texture.frame;
        f.x = this.full.x;
        f.width = this.full.width;
        f.height = this.full.height * p;
        f.y = this.full.y + this.full.height - f.height;
        this.texture.update();
      }
    }
    if (color !== this.color) {
      this.view.tint = color;
      this.color = color;
    }
  }

  destroy(): void {
    this.view.destroy();
    this.texture.destroy(false);
  }
}

export class PathHalf implements HalfFill {
  readonly view = new Graphics();
  private level = -1;
  private color = -1;

  constructor(
    private readonly r: number,
    private readonly side: -1 | 1,
    private readonly x: number,
    private readonly y: number,
  ) {}

  set(level: number, color: number): void {
    const p = clampLevel(level);
    if (p === this.level && color === this.color) return;
    this.level = p;
    this.color = color;
    const g = this.view.clear();
    if (p <= 0.001) return;
    const { r, side, x, y } = this;
    // The fill's top edge, from the centre (y grows downwards): r at level 0, −r at level 1.
    const top = r - 2 * r * p;
    // Where the top edge meets the circle, as an angle; the arc runs from there to the bottom (π/2).
    const right = Math.asin(Math.max(-1, Math.min(1, top / r)));
    const start = side > 0 ? right : Math.PI - right;
    g.moveTo(x, y + top)
      .arc(x, y, r, start, Math.PI / 2, side < 0)
      .closePath()
      .fill(color);
  }

  destroy(): void {
    this.view.destroy();
  }
}

function clampLevel(level: number): number {
  return Math.max(0, Math.min(1, level));
}

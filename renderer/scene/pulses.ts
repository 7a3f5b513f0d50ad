/**
 * What travels along the edges during a slow-motion step: round signal dots
 * (green, left to right) in the forward pass and arrow-head error pulses
 * (purple, right to left) in the backward pass. A pool of sprites, placed
 * afresh every frame.
 */
import { Container, Sprite } from 'pixi.js';
import type { SceneTextures } from './textures.js';

/** The dot and dart textures are drawn at this size (dot radius, dart half-length) in their own units. */
const DRAWN = 10;

export class PulseLayer {
  readonly root = new Container();
  private dots: Sprite[] = [];
  private darts: Sprite[] = [];
  private dotsUsed = 0;
  private dartsUsed = 0;

  constructor(private readonly textures: SceneTextures) {}

  /** Call before placing this frame's pulses. */
  begin(): void {
    this.dotsUsed = 0;
    this.dartsUsed = 0;
  }

  /** A forward signal at (x, y), `size` its radius in pixels, 0 … 1 opacity. */
  dot(x: number, y: number, size: number, alpha: number): void {
    let s = this.dots[this.dotsUsed];
    if (!s) {
      s = new Sprite(this.textures.dot);
      s.anchor.set(0.5);
      this.dots.push(s);
      this.root.addChild(s);
    }
    this.dotsUsed++;
    s.visible = true;
    s.position.set(x, y);
    s.scale.set(size / DRAWN);
    s.alpha = alpha;
  }

  /** An error pulse at (x, y) heading at `angle`, `size` in pixels. */
  dart(x: number, y: number, angle: number, size: number, alpha: number): void {
    let s = this.darts[this.dartsUsed];
    if (!s) {
      s = new Sprite(this.textures.dart);
      // The texture spans x from −9 to 15 and y from −12 to 12; its point of balance is the origin.
      s.anchor.set(9 / 24, 0.5);
      this.darts.push(s);
      this.root.addChild(s);
    }
    this.dartsUsed++;
    s.visible = true;
    s.position.set(x, y);
    s.rotation = angle;
    s.scale.set(size / DRAWN);
    s.alpha = alpha;
  }

  /** Hides whatever this frame did not use. */
  end(): void {
    for (let k = this.dotsUsed; k < this.dots.length; k++) this.dots[k].visible = false;
    for (let k = this.dartsUsed; k < this.darts.length; k++) this.darts[k].visible = false;
  }

  clear(): void {
    this.begin();
    this.end();
  }

  destroy(): void {
    this.root.destroy({ children: true });
    this.dots = [];
    this.darts = [];
  }
}

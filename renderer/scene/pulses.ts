/**
 * What travels along the edges during a slow-motion step: round signal dots
 * (green, left to right) in the forward pass and arrow-head error pulses
 * (purple, right to left) in the backward pass. Two shared shapes, a pool of
 * cheap instances moved every frame.
 */
import { Container, Graphics, GraphicsContext } from 'pixi.js';
import { COLORS } from './theme.js';

export class PulseLayer {
  readonly root = new Container();
  private dotShape: GraphicsContext;
  private dartShape: GraphicsContext;
  private dots: Graphics[] = [];
  private darts: Graphics[] = [];
  private dotsUsed = 0;
  private dartsUsed = 0;

  constructor() {
    // Drawn at size 10 and scaled to the layout's pulse size.
    this.dotShape = new GraphicsContext()
      .circle(0, 0, 10)
      .fill({ color: COLORS.paper })
      .circle(0, 0, 7.2)
      .fill({ color: COLORS.forward });
    // An arrow-head pointing along +x (rotated to its direction of travel).
    this.dartShape = new GraphicsContext()
      .poly([14, 0, -8, -10.5, -3, 0, -8, 10.5], true)
      .fill({ color: COLORS.paper })
      .poly([10, 0, -5, -7, -1.6, 0, -5, 7], true)
      .fill({ color: COLORS.backward });
  }

  /** Call before placing this frame's pulses. */
  begin(): void {
    this.dotsUsed = 0;
    this.dartsUsed = 0;
  }

  /** A forward signal at (x, y), `size` in pixels (radius), 0 … 1 opacity. */
  dot(x: number, y: number, size: number, alpha: number): void {
    let g = this.dots[this.dotsUsed];
    if (!g) {
      g = new Graphics(this.dotShape);
      this.dots.push(g);
      this.root.addChild(g);
    }
    this.dotsUsed++;
    g.visible = true;
    g.position.set(x, y);
    g.scale.set(size / 10);
    g.alpha = alpha;
  }

  /** An error pulse at (x, y) heading at `angle`, `size` in pixels. */
  dart(x: number, y: number, angle: number, size: number, alpha: number): void {
    let g = this.darts[this.dartsUsed];
    if (!g) {
      g = new Graphics(this.dartShape);
      this.darts.push(g);
      this.root.addChild(g);
    }
    this.dartsUsed++;
    g.visible = true;
    g.position.set(x, y);
    g.rotation = angle;
    g.scale.set(size / 10);
    g.alpha = alpha;
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
    for (const g of this.dots) g.destroy();
    for (const g of this.darts) g.destroy();
    this.dots = [];
    this.darts = [];
    this.dotShape.destroy();
    this.dartShape.destroy();
    this.root.destroy();
  }
}

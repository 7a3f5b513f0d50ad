/**
 * The few small textures the scene draws everything moving with, so that
 * every dynamic mark is a sprite (cheap to move, tint and batch, smooth
 * edges without multisampling):
 *
 *   line   a soft-edged stroke, stretched along an edge
 *   dash   the same, dashed, tiled along a negative weight's edge
 *   half   a half disc of radius r (a neuron's Σ or f half)
 *   ring   a circle outline of radius r (glows around a neuron)
 *   dot    the forward signal (green disc, white rim)
 *   dart   the error pulse (purple arrow-head, white rim), pointing along +x
 *
 * Shapes are rendered once, with antialiasing, at twice the screen's pixel
 * density; made per radius when the layout changes.
 */
import { BufferImageSource, Graphics, Rectangle, type Renderer, Texture } from 'pixi.js';
import { COLORS } from './theme.js';

/** Rows of the line textures, top to bottom: opaque in the middle, fading at the two long edges. */
const PROFILE = [0, 0.35, 0.85, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0.85, 0.35, 0];
/** How much of a line texture's height is (nearly) opaque: sprites are drawn this much taller than the stroke. */
export const LINE_OVERSIZE = PROFILE.length / (PROFILE.length - 2.4);

/** Dash pattern along x (texels): on, then off. */
const DASH_ON = 20;
const DASH_PERIOD = 32;
export const DASH_TEXELS = DASH_PERIOD;

function bufferTexture(width: number, height: number, alpha: (x: number, y: number) => number, repeat: boolean): Texture {
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const a = Math.round(255 * Math.max(0, Math.min(1, alpha(x, y))));
      const o = (y * width + x) * 4;
      data[o] = 255;
      data[o + 1] = 255;
      data[o + 2] = 255;
      data[o + 3] = a;
    }
  }
  const source = new BufferImageSource({
    resource: data,
    width,
    height,
    alphaMode: 'premultiply-alpha-on-upload',
    scaleMode: 'linear',
    addressModeU: repeat ? 'repeat' : 'clamp-to-edge',
    addressModeV: 'clamp-to-edge',
  });
  return new Texture({ source });
}

export class SceneTextures {
  readonly line: Texture;
  readonly dash: Texture;
  readonly dot: Texture;
  readonly dart: Texture;
  private readonly shapes = new Map<string, Texture>();
  private readonly resolution: number;

  constructor(private readonly renderer: Renderer) {
    this.resolution = Math.min(4, Math.max(2, Math.ceil(2 * (renderer.resolution || 1))));
    this.line = bufferTexture(4, PROFILE.length, (_, y) => PROFILE[y], false);
    this.dash = bufferTexture(
      DASH_PERIOD,
      PROFILE.length,
      (x, y) => {
        // Soft ends on each dash as well as soft sides.
        const along = Math.min(1, Math.max(0, Math.min(x + 0.5, DASH_ON - x - 0.5)));
        return (x < DASH_ON ? along : 0) * PROFILE[y];
      },
      true,
    );
    this.dot = this.render(
      new Graphics().circle(0, 0, 10).fill(COLORS.paper).circle(0, 0, 7.2).fill(COLORS.forward),
      new Rectangle(-11, -11, 22, 22),
    );
    this.dart = this.render(
      new Graphics()
        .poly([14, 0, -8, -10.5, -3, 0, -8, 10.5], true)
        .fill(COLORS.paper)
        .poly([10, 0, -5, -7, -1.6, 0, -5, 7], true)
        .fill(COLORS.backward),
      new Rectangle(-9, -12, 24, 24),
    );
  }

  /** A white half disc of radius r: the right half (x from 0 to r), y from −r to r. */
  half(r: number): Texture {
    const key = `half:${r.toFixed(2)}`;
    let t = this.shapes.get(key);
    if (!t) {
      const g = new Graphics().moveTo(0, -r).arc(0, 0, r, -Math.PI / 2, Math.PI / 2).closePath().fill(0xffffff);
      t = this.render(g, new Rectangle(0, -r, r, 2 * r));
      this.shapes.set(key, t);
    }
    return t;
  }

  /** A white disc of radius r, centred on its texture. */
  disc(r: number): Texture {
    const key = `disc:${r.toFixed(2)}`;
    let t = this.shapes.get(key);
    if (!t) {
      const e = r + 1;
      t = this.render(new Graphics().circle(0, 0, r).fill(0xffffff), new Rectangle(-e, -e, 2 * e, 2 * e));
      this.shapes.set(key, t);
    }
    return t;
  }

  /** A white arrow-head pointing along +x, `size` long, its tip at the texture's right edge middle. */
  arrowHead(size: number): Texture {
    const key = `arrow:${size}`;
    let t = this.shapes.get(key);
    if (!t) {
      const h = size * 0.55;
      t = this.render(new Graphics().poly([size, 0, 0, -h, 0, h], true).fill(0xffffff), new Rectangle(0, -h - 1, size + 1, 2 * h + 2));
      this.shapes.set(key, t);
    }
    return t;
  }

  /**
   * A neuron's fixed parts in one texture: its soft shadow, white body,
   * the dividing line between Σ and f, and its outline. The frame starts at
   * (−r − 3, −r − 3) from the centre: place the sprite there.
   */
  neuron(r: number, stroke: number, divider: number): Texture {
    const key = `neuron:${r.toFixed(2)}:${stroke}:${divider}`;
    let t = this.shapes.get(key);
    if (!t) {
      const g = new Graphics()
        .circle(0, r * 0.05 + 1.5, r + 0.5)
        .fill({ color: COLORS.ink, alpha: 0.1 })
        .circle(0, 0, r)
        .fill(COLORS.paper)
        .rect(-divider / 2, -r + 1, divider, 2 * r - 2)
        .fill({ color: COLORS.ink, alpha: 0.5 })
        .circle(0, 0, r)
        .stroke({ color: COLORS.ink, width: stroke });
      const e = r + 3;
      t = this.render(g, new Rectangle(-e, -e, 2 * e, 2 * e + r * 0.05 + 2));
      this.shapes.set(key, t);
    }
    return t;
  }

  /** A white ring of radius r and the given stroke width, centred on its texture. */
  ring(r: number, width: number): Texture {
    const key = `ring:${r.toFixed(2)}:${width.toFixed(2)}`;
    let t = this.shapes.get(key);
    if (!t) {
      const g = new Graphics().circle(0, 0, r).stroke({ color: 0xffffff, width });
      const e = r + width;
      t = this.render(g, new Rectangle(-e, -e, 2 * e, 2 * e));
      this.shapes.set(key, t);
    }
    return t;
  }

  /** A white rounded rectangle, filled (stroke 0) or outlined, its top-left at (0, 0). */
  roundRect(w: number, h: number, radius: number, stroke = 0): Texture {
    const key = `rr:${w.toFixed(1)}:${h.toFixed(1)}:${radius}:${stroke}`;
    let t = this.shapes.get(key);
    if (!t) {
      const g = new Graphics();
      if (stroke > 0) g.roundRect(stroke / 2, stroke / 2, w - stroke, h - stroke, radius).stroke({ color: 0xffffff, width: stroke });
      else g.roundRect(0, 0, w, h, radius).fill(0xffffff);
      t = this.render(g, new Rectangle(0, 0, w, h));
      this.shapes.set(key, t);
    }
    return t;
  }

  private render(g: Graphics, frame: Rectangle): Texture {
    const t = this.renderer.generateTexture({ target: g, frame, resolution: this.resolution, antialias: true });
    g.destroy();
    return t;
  }

  /** Forgets the per-radius shapes (after a new layout). */
  clearShapes(): void {
    for (const t of this.shapes.values()) t.destroy(true);
    this.shapes.clear();
  }

  destroy(): void {
    this.clearShapes();
    this.line.destroy(true);
    this.dash.destroy(true);
    this.dot.destroy(true);
    this.dart.destroy(true);
  }
}

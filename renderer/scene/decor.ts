/**
 * The legend along the bottom, which says in symbols alone what each mark
 * means: solid w > 0, dashed w < 0, round y signals going right, arrow-head
 * δ pulses going left, the update band Δw. (The paper and its dot grid
 * behind the canvas are the scene root's CSS background.)
 */
import { Container, Sprite, Text, TilingSprite } from 'pixi.js';
import type { SceneLayout } from './layout.js';
import { line } from './neurons.js';
import { DASH_TEXELS, LINE_OVERSIZE, type SceneTextures } from './textures.js';
import { COLORS, FONT_MATH, cssColor } from './theme.js';

/** The paper and its faint dot grid, as CSS for the scene's root element. */
export function paperStyle(el: HTMLElement): void {
  el.style.backgroundColor = cssColor(COLORS.background);
  el.style.backgroundImage = `radial-gradient(circle at center, ${cssColor(COLORS.grid)} 0.9px, transparent 1.3px)`;
  el.style.backgroundSize = '24px 24px';
  el.style.backgroundPosition = '0 0';
}

/** Distance between the legend's rows when it stands as a column. */
const ROW = 19;

export class Decor {
  readonly front = new Container();

  constructor(private readonly textures: SceneTextures) {}

  build(layout: SceneLayout): void {
    this.clear();
    const at = layout.legend;
    if (at) this.front.addChild(this.legend(at.x, at.y, at.vertical, layout.edgeMaxWidth));
  }

  /** The legend from (x0, y0): a row, or (vertical) a column of rows ROW apart. */
  private legend(x0: number, y0: number, vertical: boolean, maxWidth: number): Container {
    const tx = this.textures;
    const root = new Container();
    const width = Math.min(4, maxWidth * 0.6);
    let x = x0;
    let y = y0;
    const label = (t: string) => {
      const text = new Text({ text: t, style: { fontFamily: FONT_MATH, fontSize: 13, fontStyle: 'italic', fill: COLORS.muted } });
      text.anchor.set(0, 0.5);
      text.position.set(x, y);
      root.addChild(text);
      if (vertical) {
        x = x0;
        y += ROW;
      } else x += text.width + 22;
    };
    const mark = (s: Sprite | TilingSprite) => root.addChild(s);

    // w > 0: solid
    mark(line(tx.line, x, y, x + 26, y, width, COLORS.positive));
    x += 32;
    label('w > 0');
    // w < 0: dashed
    const h = width * LINE_OVERSIZE;
    const dashed = new TilingSprite({ texture: tx.dash, width: 28, height: h });
    dashed.anchor.set(0, 0.5);
    dashed.position.set(x, y);
    dashed.tint = COLORS.negative;
    dashed.tileScale.set(9.5 / DASH_TEXELS, h / 16);
    mark(dashed);
    x += 34;
    label('w < 0');
    // forward signal: a dot heading right
    mark(line(tx.line, x, y, x + 20, y, 1.5, COLORS.forward, 0.6));
    const dot = new Sprite(tx.dot);
    dot.anchor.set(0.5);
    dot.scale.set(0.55);
    dot.position.set(x + 12, y);
    mark(dot);
    const head = new Sprite(tx.arrowHead(7));
    head.anchor.set(1, 0.5);
    head.position.set(x + 27, y);
    head.tint = COLORS.forward;
    mark(head);
    x += 33;
    label('y');
    // error pulse: an arrow-head heading left
    mark(line(tx.line, x + 2, y, x + 26, y, 1.5, COLORS.backward, 0.6));
    const dart = new Sprite(tx.dart);
    dart.anchor.set(9 / 24, 0.5);
    dart.scale.set(0.62);
    dart.rotation = Math.PI;
    dart.position.set(x + 9, y);
    mark(dart);
    x += 33;
    label('δ');
    // update flash
    mark(line(tx.line, x, y, x + 26, y, 10, COLORS.update, 0.55));
    mark(line(tx.line, x, y, x + 26, y, 2, COLORS.positive));
    x += 32;
    label('Δw');
    return root;
  }

  clear(): void {
    this.front.removeChildren().forEach((c) => c.destroy({ children: true }));
  }

  destroy(): void {
    this.clear();
    this.front.destroy();
  }
}

/**
 * What stays put behind and beside the network: the paper with its faint
 * dot grid, and the legend along the bottom, which says in symbols alone
 * what each mark means (solid w > 0, dashed w < 0, round y signals going
 * right, arrow-head δ pulses going left, the update band Δw).
 */
import { Container, Graphics, Text } from 'pixi.js';
import type { SceneLayout } from './layout.js';
import { COLORS, FONT_MATH } from './theme.js';

export class Decor {
  readonly back = new Container();
  readonly front = new Container();

  build(layout: SceneLayout): void {
    this.clear();
    const { width: W, height: H } = layout;
    const paper = new Graphics().rect(0, 0, W, H).fill(COLORS.background);
    const grid = new Graphics();
    const step = 24;
    for (let y = step / 2; y < H; y += step) {
      for (let x = step / 2; x < W; x += step) grid.rect(x - 0.75, y - 0.75, 1.5, 1.5);
    }
    grid.fill({ color: COLORS.grid, alpha: 0.7 });
    this.back.addChild(paper, grid);

    if (layout.legend) this.front.addChild(legend(layout.legend.x, layout.legend.y, layout.edgeMaxWidth));
  }

  clear(): void {
    this.back.removeChildren().forEach((c) => c.destroy({ children: true }));
    this.front.removeChildren().forEach((c) => c.destroy({ children: true }));
  }

  destroy(): void {
    this.clear();
    this.back.destroy();
    this.front.destroy();
  }
}

function legend(x0: number, y: number, maxWidth: number): Container {
  const root = new Container();
  const marks = new Graphics();
  const width = Math.min(4, maxWidth * 0.6);
  let x = x0;
  const label = (t: string) => {
    const text = new Text({ text: t, style: { fontFamily: FONT_MATH, fontSize: 13, fontStyle: 'italic', fill: COLORS.muted } });
    text.anchor.set(0, 0.5);
    text.position.set(x, y);
    root.addChild(text);
    x += text.width + 22;
  };

  // w > 0: solid
  marks.rect(x, y - width / 2, 26, width).fill(COLORS.positive);
  x += 32;
  label('w > 0');
  // w < 0: dashed
  for (let k = 0; k < 3; k++) marks.rect(x + k * 9.5, y - width / 2, 6, width).fill(COLORS.negative);
  x += 32;
  label('w < 0');
  // forward signal: a dot heading right
  marks.moveTo(x, y).lineTo(x + 20, y).stroke({ color: COLORS.forward, width: 1.5, alpha: 0.6 });
  marks.circle(x + 13, y, 5.5).fill(COLORS.paper).circle(x + 13, y, 4).fill(COLORS.forward);
  marks.poly([x + 25, y, x + 19, y - 3.5, x + 19, y + 3.5], true).fill(COLORS.forward);
  x += 31;
  label('y');
  // error pulse: an arrow-head heading left
  marks.moveTo(x + 2, y).lineTo(x + 24, y).stroke({ color: COLORS.backward, width: 1.5, alpha: 0.6 });
  marks.poly([x + 3, y, x + 14, y - 6, x + 11, y, x + 14, y + 6], true).fill(COLORS.backward);
  x += 31;
  label('δ');
  // update flash
  marks.rect(x, y - 5, 26, 10).fill({ color: COLORS.update, alpha: 0.55 });
  marks.rect(x, y - 1, 26, 2).fill(COLORS.positive);
  x += 32;
  label('Δw');
  root.addChildAt(marks, 0);
  return root;
}

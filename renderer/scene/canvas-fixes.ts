/**
 * A fix to PixiJS 8's 2D-canvas renderer that the scene relies on.
 *
 * Its bitmap-text pipe lays out a text's glyphs only when the stage's draw
 * list is rebuilt, and a text change alone does not rebuild it on the 2D
 * canvas (it does under WebGL). So a BitmapText kept showing its first
 * string: a weight's label stayed at its starting value while the weight
 * moved. Here the pipe lays the glyphs out again whenever the text changed.
 * Install before the renderer is made.
 */
import { type BitmapText, CanvasBitmapTextPipe, CanvasRenderer, type Graphics, extensions } from 'pixi.js';

/** The pipe's own members this fix calls (private in PixiJS's typings). */
interface PipeInternals {
  _getGpuBitmapText(text: BitmapText): Graphics;
  _updateContext(text: BitmapText, proxy: Graphics): void;
}

class BitmapTextPipeThatUpdates extends CanvasBitmapTextPipe {
  override updateRenderable(text: BitmapText): void {
    const changed = text as unknown as { _didTextUpdate: boolean };
    if (changed._didTextUpdate) {
      changed._didTextUpdate = false;
      const self = this as unknown as PipeInternals;
      self._updateContext(text, self._getGpuBitmapText(text));
    }
    super.updateRenderable(text);
  }
}

let installed = false;

export function installCanvasFixes(): void {
  if (installed) return;
  installed = true;
  // The 2D renderer's module registers its default pipes when it loads; make sure it has.
  void CanvasRenderer;
  extensions.remove(CanvasBitmapTextPipe);
  extensions.add(BitmapTextPipeThatUpdates);
}

/**
 * The scene's Pixi application and its canvas: the root element it fills
 * inside the host, the renderer picked for this machine (WebGL, or the 2D
 * canvas where WebGL would run on the CPU), the bitmap fonts, fitting the
 * canvas to the host as the host resizes, and frames. The scene runs no
 * ticker of its own: a frame is asked for when something changed (and,
 * while a step plays, by the beat player for the next one); each frame
 * first runs the one update it was given, then draws the stage. It knows
 * nothing of networks.
 */
import 'pixi.js/unsafe-eval';
import { Application, BitmapFont } from 'pixi.js';
import { installCanvasFixes } from './canvas-fixes.js';
import { paperStyle } from './decor.js';
import { type RendererKind, chooseRenderer, tuneForRenderer } from './gpu.js';
import { BITMAP, BITMAP_CHARS, COLORS, FONT_SANS } from './theme.js';

let fontsInstalled = false;

function installFonts(): void {
  if (fontsInstalled) return;
  const resolution = Math.max(2, Math.ceil(window.devicePixelRatio || 1));
  BitmapFont.install({
    name: BITMAP.valueBold,
    style: { fontFamily: FONT_SANS, fontSize: 14, fontWeight: '700', fill: 0xffffff },
    chars: BITMAP_CHARS,
    resolution,
    padding: 4,
  });
  // The weights' names on their labels: one atlas for all of them, not a texture each.
  BitmapFont.install({
    name: BITMAP.nameItalic,
    style: { fontFamily: FONT_SANS, fontSize: 14, fontStyle: 'italic', fill: 0xffffff },
    chars: BITMAP_CHARS,
    resolution,
    padding: 4,
  });
  fontsInstalled = true;
}

export class SceneApp {
  /** Runs at the start of every frame, before the stage is drawn (the beat player's frame). */
  onFrameStart: () => void = () => {};
  /** The host element changed size (the observer's report). */
  onHostResize: () => void = () => {};
  /** The canvas's size in CSS pixels. */
  size: { w: number; h: number };
  private readonly observer: ResizeObserver;
  private frame = 0;
  private destroyed = false;

  static async create(host: HTMLElement): Promise<SceneApp> {
    const root = document.createElement('div');
    root.className = 'network-scene';
    const s = root.style;
    s.position = 'relative';
    s.width = '100%';
    s.height = '100%';
    s.overflow = 'hidden';
    s.userSelect = 'none';
    s.touchAction = 'none';
    paperStyle(root);
    host.appendChild(root);
    installFonts();
    installCanvasFixes();
    const app = new Application();
    const kind = chooseRenderer();
    const { w, h } = hostSize(host);
    await app.init({
      width: w,
      height: h,
      // No multisampling: everything is a sprite of a small texture drawn once with antialiasing.
      antialias: false,
      resolution: window.devicePixelRatio || 1,
      autoDensity: true,
      autoStart: false,
      sharedTicker: false,
      // The paper is the root element's CSS background: software renderers pay for every pixel drawn.
      backgroundAlpha: 0,
      preference: kind,
      eventFeatures: { move: false, globalMove: false, click: false, wheel: false },
    });
    tuneForRenderer(app);
    // What ran, for tests and bug reports: PixiJS falls back to the 2D canvas if WebGL fails.
    const used: RendererKind = app.renderer.name === 'canvas' ? 'canvas' : 'webgl';
    root.dataset.renderer = used;
    app.canvas.style.display = 'block';
    app.canvas.setAttribute('aria-hidden', 'true');
    root.appendChild(app.canvas);
    return new SceneApp(host, root, app, used, { w, h });
  }

  private constructor(
    private readonly host: HTMLElement,
    /** The element the scene fills the host with: the canvas, and the DOM laid over it. */
    readonly root: HTMLDivElement,
    readonly app: Application,
    /** The renderer that runs. */
    readonly renderer: RendererKind,
    canvasSize: { w: number; h: number },
  ) {
    app.stage.eventMode = 'none';
    // The size the canvas was made at, which may already be stale: the host can get its layout
    // while the renderer starts. The observer's first report then fits the canvas to the host.
    this.size = canvasSize;
    this.observer = new ResizeObserver(() => this.onHostResize());
    this.observer.observe(host);
  }

  get canvas(): HTMLCanvasElement {
    return this.app.canvas;
  }

  /**
   * Fits the canvas to the host element; true when its size changed (or
   * `force`, which resizes even at the same size).
   */
  fit(force: boolean): boolean {
    if (this.destroyed) return false;
    const { w, h } = hostSize(this.host);
    if (w === this.size.w && h === this.size.h && !force) return false;
    this.size = { w, h };
    this.app.renderer.resize(w, h);
    return true;
  }

  /** Asks for one frame (at most one is ever pending). */
  requestFrame(): void {
    if (this.frame || this.destroyed) return;
    this.frame = requestAnimationFrame(this.onFrame);
  }

  /** Draws the stage now, without waiting for a frame. */
  render(): void {
    this.app.render();
  }

  private readonly onFrame = (): void => {
    this.frame = 0;
    if (this.destroyed) return;
    this.onFrameStart();
    this.app.render();
  };

  /** The picture as it is now, as PNG on the scene's paper (for "Export screenshot…" in a browser). */
  capture(): Promise<Blob | null> {
    if (this.destroyed) return Promise.resolve(null);
    const canvas = this.app.renderer.extract.canvas({ target: this.app.stage, frame: this.app.screen, clearColor: COLORS.background }) as HTMLCanvasElement;
    return new Promise((resolve) => canvas.toBlob((blob) => resolve(blob), 'image/png'));
  }

  /** Stops frames and the observer; the views must be gone first (destroy()). */
  stop(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    cancelAnimationFrame(this.frame);
    this.observer.disconnect();
  }

  destroy(): void {
    this.stop();
    this.app.destroy({ removeView: true }, { children: true });
    this.root.remove();
  }
}

function hostSize(host: HTMLElement): { w: number; h: number } {
  const w = Math.round(host.clientWidth);
  const h = Math.round(host.clientHeight);
  return { w: w > 0 ? w : 800, h: h > 0 ? h : 560 };
}

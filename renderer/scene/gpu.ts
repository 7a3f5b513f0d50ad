/**
 * What the scene asks of the graphics hardware, tuned to what it has.
 *
 * Without a usable GPU (a virtual machine, a locked-down school computer,
 * headless Chromium) the browser runs WebGL on the CPU, in SwiftShader or
 * llvmpipe, and then copies every frame back from its GPU process to be
 * composited. There the 2D canvas is the faster way to draw: the browser
 * rasterises it on the CPU anyway, straight into the page, with no shader
 * run per pixel and no copy back. So the scene asks PixiJS for WebGL only
 * when WebGL runs on a GPU, and for its 2D-canvas renderer otherwise.
 *
 * `?renderer=webgl` or `?renderer=canvas` in the page's address overrides
 * the choice (to compare the two, or to test the one not chosen here).
 */
import type { Application } from 'pixi.js';

export type RendererKind = 'webgl' | 'canvas';

/** Textures per sprite batch when WebGL runs on the CPU anyway. */
export const SOFTWARE_BATCH_TEXTURES = 4;

/** The WebGL renderer's name when it runs on the CPU, else null. */
export function softwareRendererName(gl: WebGLRenderingContext | WebGL2RenderingContext): string | null {
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  const name = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER) ?? '');
  // Chromium's SwiftShader, Mesa's llvmpipe, lavapipe and softpipe, Windows' WARP ("Basic Render Driver").
  return /swiftshader|llvmpipe|lavapipe|softpipe|basic render driver|software/i.test(name) ? name : null;
}

let probed: RendererKind | null = null;

/** The renderer the scene should use on this machine (see the file's comment). */
export function chooseRenderer(search: string = globalThis.location?.search ?? ''): RendererKind {
  const asked = new URLSearchParams(search).get('renderer');
  if (asked === 'webgl' || asked === 'canvas') return asked;
  probed ??= probeRenderer();
  return probed;
}

/** Makes a throwaway WebGL context to see where WebGL runs. */
function probeRenderer(): RendererKind {
  const probe = document.createElement('canvas');
  const gl = (probe.getContext('webgl2') ?? probe.getContext('webgl')) as WebGL2RenderingContext | WebGLRenderingContext | null;
  if (!gl) return 'canvas';
  const software = softwareRendererName(gl);
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return software ? 'canvas' : 'webgl';
}

/**
 * For WebGL on the CPU (when asked for by name): every pixel of a sprite
 * batch there pays for the shader's choice among all the batch's textures
 * (up to 16), where a GPU pays only for the one it takes, so batches hold
 * at most four. Call after app.init and before the first render.
 */
export function tuneForRenderer(app: Application): void {
  const renderer = app.renderer as unknown as {
    gl?: WebGLRenderingContext | WebGL2RenderingContext;
    limits?: { maxBatchableTextures: number };
  };
  if (!renderer.gl || !renderer.limits) return;
  if (softwareRendererName(renderer.gl)) {
    renderer.limits.maxBatchableTextures = Math.min(renderer.limits.maxBatchableTextures, SOFTWARE_BATCH_TEXTURES);
  }
}

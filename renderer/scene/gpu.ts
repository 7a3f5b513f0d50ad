/**
 * What the scene asks of the graphics hardware, tuned to what it has.
 *
 * Without a usable GPU (a virtual machine, a locked-down school computer,
 * headless Chromium) the browser runs WebGL on the CPU, in SwiftShader or
 * llvmpipe. There, PixiJS's sprite batches cost far more per pixel than on
 * a GPU: every pixel of a batch runs the shader's choice among all the
 * batch's textures (up to 16), where a GPU pays only for the one it takes.
 * Fewer textures per batch means a few more draw calls but much cheaper
 * pixels, so on a software renderer batches hold at most four.
 */
import type { Application } from 'pixi.js';

/** Textures per sprite batch on a software renderer. */
export const SOFTWARE_BATCH_TEXTURES = 4;

/** The WebGL renderer's name when it runs on the CPU, else null. */
export function softwareRendererName(gl: WebGLRenderingContext | WebGL2RenderingContext): string | null {
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  const name = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER) ?? '');
  return /swiftshader|llvmpipe|lavapipe|software/i.test(name) ? name : null;
}

/**
 * Call after app.init and before the first render (batches read the limit
 * when they are first built). Returns the software renderer's name, if any.
 */
export function tuneForRenderer(app: Application): string | null {
  const renderer = app.renderer as unknown as {
    gl?: WebGLRenderingContext | WebGL2RenderingContext;
    limits?: { maxBatchableTextures: number };
  };
  if (!renderer.gl || !renderer.limits) return null;
  const software = softwareRendererName(renderer.gl);
  if (software) renderer.limits.maxBatchableTextures = Math.min(renderer.limits.maxBatchableTextures, SOFTWARE_BATCH_TEXTURES);
  return software;
}

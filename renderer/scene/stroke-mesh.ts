/**
 * The WebGL way to draw a stroke set (strokes.ts): all strokes in one mesh,
 * drawn by a small shader. Each stroke is a quad along its segment whose
 * pixels work out their own coverage (soft edges without multisampling)
 * and, for dashed strokes, whether they fall on a dash. One draw call for
 * all of a network's edges, and no texture lookups.
 */
import { Geometry, GlProgram, Mesh, Shader, UniformGroup } from 'pixi.js';
import { type Segment, type Strokes, drawsNothing } from './strokes.js';

const VERTEX = `
in vec2 aPosition;
in vec4 aParams;
in vec4 aColor;
out vec4 vParams;
out vec4 vColor;
uniform mat3 uProjectionMatrix;
uniform mat3 uWorldTransformMatrix;
uniform mat3 uTransformMatrix;
uniform vec4 uColor;
void main() {
  mat3 m = uProjectionMatrix * uWorldTransformMatrix * uTransformMatrix;
  gl_Position = vec4((m * vec3(aPosition, 1.0)).xy, 0.0, 1.0);
  vParams = aParams;
  vColor = aColor * uColor;
}
`;

// vParams: x = signed distance across the stroke (px), y = half the stroke's
// width (px), z = distance along the segment (px), w = 1 when dashed.
const FRAGMENT = `
in vec4 vParams;
in vec4 vColor;
out vec4 finalColor;
uniform vec2 uDash;
uniform float uPixel;
void main() {
  float a = clamp((vParams.y - abs(vParams.x)) / uPixel + 0.5, 0.0, 1.0);
  if (vParams.w > 0.5) {
    float p = mod(vParams.z, uDash.x);
    a *= clamp(min(p, uDash.y - p) / uPixel + 0.5, 0.0, 1.0);
  }
  finalColor = vColor * a;
}
`;

/** Room left around a stroke for its soft edge (px). */
const MARGIN = 1.5;

export class StrokeMesh implements Strokes {
  readonly view: Mesh<Geometry, Shader>;
  private readonly segments: Segment[];
  private readonly lengths: Float32Array;
  private readonly position: Float32Array;
  private readonly params: Float32Array;
  private readonly color: Float32Array;
  private readonly geometry: Geometry;
  private readonly uniforms: UniformGroup;
  private dirty = true;

  /** `dash`: period and dash length in pixels; `pixel`: CSS pixels per device pixel. */
  constructor(segments: Segment[], dash: [number, number], pixel: number) {
    const n = segments.length;
    this.segments = segments;
    this.lengths = new Float32Array(n);
    segments.forEach((s, k) => (this.lengths[k] = Math.hypot(s.x1 - s.x0, s.y1 - s.y0)));
    this.position = new Float32Array(n * 8);
    this.params = new Float32Array(n * 16);
    this.color = new Float32Array(n * 16);
    const index = new Uint32Array(n * 6);
    for (let k = 0; k < n; k++) {
      const v = k * 4;
      index.set([v, v + 1, v + 2, v, v + 2, v + 3], k * 6);
    }
    this.geometry = new Geometry({
      attributes: { aPosition: this.position, aParams: this.params, aColor: this.color },
      indexBuffer: index,
    });
    this.uniforms = new UniformGroup({
      uDash: { value: new Float32Array(dash), type: 'vec2<f32>' },
      uPixel: { value: pixel, type: 'f32' },
    });
    const shader = new Shader({
      glProgram: GlProgram.from({ vertex: VERTEX, fragment: FRAGMENT, name: 'scene-lines' }),
      resources: { lineUniforms: this.uniforms },
    });
    this.view = new Mesh<Geometry, Shader>({ geometry: this.geometry, shader });
    this.view.onRender = () => this.commit();
    for (let k = 0; k < n; k++) this.hide(k);
  }

  set(k: number, width: number, color: number, alpha: number, dashed: boolean, from = 0, to = 1): void {
    if (drawsNothing(width, alpha, from, to)) {
      this.hide(k);
      return;
    }
    const s = this.segments[k];
    const len = this.lengths[k] || 1;
    const a = Math.min(from, to);
    const b = Math.max(from, to);
    const dx = (s.x1 - s.x0) / len;
    const dy = (s.y1 - s.y0) / len;
    const half = width / 2;
    const h = half + MARGIN;
    const nx = -dy * h;
    const ny = dx * h;
    const ax = s.x0 + (s.x1 - s.x0) * a;
    const ay = s.y0 + (s.y1 - s.y0) * a;
    const bx = s.x0 + (s.x1 - s.x0) * b;
    const by = s.y0 + (s.y1 - s.y0) * b;
    const p = this.position;
    const o = k * 8;
    p[o] = ax + nx;
    p[o + 1] = ay + ny;
    p[o + 2] = bx + nx;
    p[o + 3] = by + ny;
    p[o + 4] = bx - nx;
    p[o + 5] = by - ny;
    p[o + 6] = ax - nx;
    p[o + 7] = ay - ny;
    const q = this.params;
    const r = ((color >> 16) & 255) / 255;
    const g = ((color >> 8) & 255) / 255;
    const bl = (color & 255) / 255;
    const c = this.color;
    for (let v = 0; v < 4; v++) {
      const i = k * 16 + v * 4;
      q[i] = v < 2 ? h : -h;
      q[i + 1] = half;
      q[i + 2] = (v === 0 || v === 3 ? a : b) * len;
      q[i + 3] = dashed ? 1 : 0;
      c[i] = r * alpha;
      c[i + 1] = g * alpha;
      c[i + 2] = bl * alpha;
      c[i + 3] = alpha;
    }
    this.dirty = true;
  }

  /** Stroke k draws nothing (its quad collapses to a point). */
  hide(k: number): void {
    const s = this.segments[k];
    const p = this.position;
    const o = k * 8;
    for (let v = 0; v < 4; v++) {
      p[o + v * 2] = s.x0;
      p[o + v * 2 + 1] = s.y0;
    }
    this.dirty = true;
  }

  /** Sends changed strokes to the GPU; runs by itself before each render. */
  commit(): void {
    if (!this.dirty) return;
    this.dirty = false;
    this.geometry.getBuffer('aPosition').update();
    this.geometry.getBuffer('aParams').update();
    this.geometry.getBuffer('aColor').update();
  }

  destroy(): void {
    this.view.destroy();
    this.geometry.destroy();
  }
}

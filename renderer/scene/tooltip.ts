/**
 * The hover tooltip: a DOM element (class "scene-tooltip", role "tooltip")
 * positioned inside the scene's root, over the canvas. It holds maths
 * notation only, one line per value, so it needs no translation.
 *
 * Styles are set through the element's style properties (allowed under the
 * page's Content-Security-Policy); the DOM layer may restyle the class.
 */
export class Tooltip {
  readonly el: HTMLDivElement;
  private lines = '';

  constructor(private readonly parent: HTMLElement) {
    const el = document.createElement('div');
    el.className = 'scene-tooltip';
    el.setAttribute('role', 'tooltip');
    el.id = `scene-tooltip-${Math.random().toString(36).slice(2, 8)}`;
    const s = el.style;
    s.position = 'absolute';
    s.left = '0';
    s.top = '0';
    s.zIndex = '5';
    s.pointerEvents = 'none';
    s.whiteSpace = 'pre';
    s.padding = '6px 9px';
    s.borderRadius = '7px';
    s.background = 'rgba(29, 35, 48, 0.94)';
    s.color = '#ffffff';
    s.font = "500 12.5px/1.45 'DejaVu Sans Mono', 'SF Mono', Menlo, Consolas, monospace";
    s.boxShadow = '0 4px 14px rgba(0, 0, 0, 0.18)';
    s.fontVariantNumeric = 'tabular-nums';
    s.visibility = 'hidden';
    s.transform = 'translate(0, 0)';
    parent.appendChild(el);
    this.el = el;
  }

  /** Shows these lines near (x, y), in the parent's coordinates, kept inside it. */
  show(lines: string[], x: number, y: number): void {
    const text = lines.join('\n');
    if (text !== this.lines) {
      this.el.textContent = text;
      this.lines = text;
    }
    const s = this.el.style;
    s.visibility = 'visible';
    const pw = this.parent.clientWidth;
    const ph = this.parent.clientHeight;
    const w = this.el.offsetWidth;
    const h = this.el.offsetHeight;
    let left = x + 16;
    let top = y + 14;
    if (left + w > pw - 4) left = x - w - 12;
    if (top + h > ph - 4) top = y - h - 10;
    left = Math.max(4, Math.min(pw - w - 4, left));
    top = Math.max(4, Math.min(ph - h - 4, top));
    s.transform = `translate(${Math.round(left)}px, ${Math.round(top)}px)`;
  }

  hide(): void {
    this.el.style.visibility = 'hidden';
  }

  get visible(): boolean {
    return this.el.style.visibility === 'visible';
  }

  destroy(): void {
    this.el.remove();
  }
}

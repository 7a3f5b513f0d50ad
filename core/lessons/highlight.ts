/**
 * The parts of the picture a lesson can point at. The scene lights the
 * parts it is given and dims the rest; a lesson's text and a check's hint
 * name them as data, never as drawing objects.
 *
 * Layers count from 0 (the inputs); j is a neuron's place in its layer from
 * the top, so neuron 4 of the article's network is { l: 2, j: 0 }.
 */
export type HighlightPart =
  /** A whole neuron (layer ≥ 1), or an input box (layer 0). */
  | { readonly kind: 'neuron'; readonly l: number; readonly j: number }
  /** The adder half of a neuron: Σ, which forms e. */
  | { readonly kind: 'sum'; readonly l: number; readonly j: number }
  /** The activation half of a neuron: f, which forms y = f(e). */
  | { readonly kind: 'f'; readonly l: number; readonly j: number }
  /** The weight from neuron i of layer l into neuron j of layer l + 1. */
  | { readonly kind: 'edge'; readonly l: number; readonly j: number; readonly i: number }
  /** The δ badge of a neuron (for the output: the card's δ row too). */
  | { readonly kind: 'delta'; readonly l: number; readonly j: number }
  /** The output card: y, the target z and δ = z − y. */
  | { readonly kind: 'card' }
  /** A term of the formula under the picture, by its name in the article's notation (y4, w46, δ). */
  | { readonly kind: 'term'; readonly name: string };

/** The article's neuron number (1 … 6) as a layer and place: 4 → { l: 2, j: 0 }. */
export function articleNeuron(n: number): { l: number; j: number } {
  if (n >= 1 && n <= 3) return { l: 1, j: n - 1 };
  if (n === 4 || n === 5) return { l: 2, j: n - 4 };
  if (n === 6) return { l: 3, j: 0 };
  throw new RangeError(`the article's network has neurons 1 to 6, not ${n}`);
}

/** Shorthands for the article's network: neuron(4), sum(1), edge('x1', 1), edge(4, 6), delta(6). */
export const part = {
  neuron: (n: number): HighlightPart => ({ kind: 'neuron', ...articleNeuron(n) }),
  input: (i: 1 | 2): HighlightPart => ({ kind: 'neuron', l: 0, j: i - 1 }),
  sum: (n: number): HighlightPart => ({ kind: 'sum', ...articleNeuron(n) }),
  f: (n: number): HighlightPart => ({ kind: 'f', ...articleNeuron(n) }),
  delta: (n: number): HighlightPart => ({ kind: 'delta', ...articleNeuron(n) }),
  card: (): HighlightPart => ({ kind: 'card' }),
  term: (name: string): HighlightPart => ({ kind: 'term', name }),
  /** The weight from input xm (from = 'x1' | 'x2') or neuron m into neuron n. */
  edge(from: 'x1' | 'x2' | number, to: number): HighlightPart {
    const { l, j } = articleNeuron(to);
    const i = typeof from === 'string' ? (from === 'x1' ? 0 : 1) : articleNeuron(from).j;
    return { kind: 'edge', l: l - 1, j, i };
  },
};

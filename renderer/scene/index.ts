/**
 * renderer/scene/: the PixiJS picture of the network — inputs, split-circle
 * neurons, weight edges — its slow-motion steps (signals forward, errors
 * back, weights flashing as they change), hover tooltips and weight drags.
 * The DOM layer (renderer/main.ts, renderer/ui/) imports this file only;
 * the scene imports core for types, names and pure helpers, and Pixi.
 *
 *   index.ts     the public API (this file)
 *   scene.ts     a small façade composing the systems below behind that API
 *   application.ts   the Pixi application and canvas: renderer, resize, frames
 *   network-view.ts  the view of one network shape, built anew when it changes
 *   beat-player.ts   plays a step beat by beat as told: slow motion, held
 *                beats, reduced-motion still frames, captions; its plan is
 *                step-plan.ts (pure), its painting step-painter.ts. (What to
 *                hold next is decided by the UI's step player, ui/step-player.ts.)
 *   interaction.ts   pointer input: hover tooltips, weight drags
 *   layout.ts    where everything goes (pure)
 *   captions.ts  the formulas of each phase with live numbers (pure)
 *   timeline.ts  the beats of one step and their timing (pure)
 *   format.ts    numbers as printed: 2 decimals, Unicode minus (pure)
 *   edges.ts, neurons.ts, pulses.ts, decor.ts, tooltip.ts   the views
 *   highlight.ts lights the parts a lesson points at, dims the rest
 *   values.ts    values from snapshots and traces (δ by core's backward pass)
 *   theme.ts     colours (Okabe–Ito) and type
 *   dev.html, dev.ts   a stand-alone page to look at the scene without the host
 */
import type { HighlightPart } from '../../core/lessons/highlight.js';
import type { LessonPicture } from '../../core/lessons/picture.js';
import type { SandboxSnapshot, StepTraceMessage } from '../../core/protocol.js';
import type { PhaseCaption } from './captions.js';
import { type BeatInfo, Scene, type SceneCallbacks, type WeightRef } from './scene.js';
import type { Beat, TimedBeat } from './timeline.js';

export type { Beat, BeatInfo, PhaseCaption, SceneCallbacks, TimedBeat, WeightRef };
export { notationFor } from './captions.js';

export interface NetworkScene {
  /** Steady view: edges, neurons with e and y, the output with its target z. Cheap; fine at display rate. */
  show(snapshot: SandboxSnapshot): void;
  /**
   * Slow-motion animation of one step; resolves when done. A new playStep, or show() of a playing
   * snapshot, ends the previous one at once. With `hold`, the step starts standing still on that beat.
   */
  playStep(trace: StepTraceMessage, options: { durationMs: number; hold?: number }): Promise<void>;
  /** The beat in the picture (−1 with no step shown), and how many beats a step has that can be held. */
  beatNow(): number;
  beatCount(): number;
  /** Stands the shown step still on a beat, until resumeStep() or another holdBeat(). */
  holdBeat(index: number): void;
  /** Plays the shown step on from where it stands, optionally at a new duration for the whole step. */
  resumeStep(durationMs?: number): void;
  /** Ends the shown step at once, in its final state. */
  endStep(): void;
  /** A lesson's picture: its values, "?" for what it asks, nothing for what it leaves out. */
  showPicture(picture: LessonPicture): void;
  /** Lights these parts (a neuron, its Σ or f half, an edge, a δ badge, the card) and dims the rest; [] lights all. */
  setHighlight(parts: readonly HighlightPart[]): void;
  setReducedMotion(on: boolean): void;
  /** The picture as PNG, or null once destroyed. */
  capture(): Promise<Blob | null>;
  /** Re-fit to the host element's size (also done on its own by a ResizeObserver). */
  resize(): void;
  destroy(): void;
}

/** Builds the scene inside `host` (which it fills); the canvas holds maths notation only, so it needs no language. */
export async function createNetworkScene(host: HTMLElement, callbacks: SceneCallbacks): Promise<NetworkScene> {
  return Scene.create(host, callbacks);
}

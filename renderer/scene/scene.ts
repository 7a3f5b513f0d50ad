/**
 * The network scene: a small façade that composes the scene's systems,
 * each in its own file, behind the API of index.ts:
 *
 *   application.ts   the Pixi application and canvas: renderer, resize, frames
 *   network-view.ts  the view of one network shape: layout, neurons, edges, badges
 *   beat-player.ts   the step's beat player: slow motion, held beats, captions
 *   interaction.ts   pointer input: hover tooltips, weight drags
 *   highlight.ts     the parts a lesson lights, the rest dimmed
 *
 * It keeps what the host last sent (a snapshot, the last step's trace),
 * hands it to the systems, and rebuilds the view when the network's shape
 * or size changes. It reads state and draws; it never changes the
 * simulation: drags are reported through the callbacks, and the next
 * snapshot is drawn. A new system joins `systems` to hear of new layouts
 * and of the end.
 */
import type { HighlightPart } from '../../core/lessons/highlight.js';
import type { LessonPicture } from '../../core/lessons/picture.js';
import type { SandboxSnapshot, StepTraceMessage } from '../../core/protocol.js';
import { SceneApp } from './application.js';
import { type BeatInfo, BeatPlayer } from './beat-player.js';
import type { PhaseCaption } from './captions.js';
import { Highlight } from './highlight.js';
import { Interaction, type ShownSteps, type WeightRef } from './interaction.js';
import type { SceneLayout } from './layout.js';
import { NetworkView } from './network-view.js';
import { type Details, detailsFromSnapshot, detailsFromTrace, fitsShape, valuesFromSnapshot, valuesFromTrace } from './values.js';

export type { BeatInfo, WeightRef };

export interface SceneCallbacks {
  onWeightDrag(ref: WeightRef, value: number, done: boolean): void;
  onPhase(caption: PhaseCaption | null): void;
  /** The beat the picture shows changed (or, with null, the step ended). */
  onBeat?(beat: BeatInfo | null): void;
}

/** A part of the scene with a job of its own: told when the view is laid out anew, and when the scene ends. */
export interface SceneSystem {
  relayout?(layout: SceneLayout): void;
  destroy(): void;
}

export class Scene implements ShownSteps {
  private readonly view: NetworkView;
  private readonly player: BeatPlayer;
  private readonly interaction: Interaction;
  private readonly highlight: Highlight;
  /** In the order they hear of a new layout and of the end. */
  private readonly systems: readonly SceneSystem[];
  private snapshot: SandboxSnapshot | null = null;
  private snapshotDetails: Details | null | undefined;
  /** The last step's trace (played or playing). */
  private trace: StepTraceMessage | null = null;
  /** The lesson's picture on show, if the steady picture is one (a resize draws it again). */
  private picture: LessonPicture | null = null;
  private destroyed = false;

  static async create(host: HTMLElement, callbacks: SceneCallbacks): Promise<Scene> {
    return new Scene(await SceneApp.create(host), callbacks);
  }

  private constructor(
    private readonly app: SceneApp,
    callbacks: SceneCallbacks,
  ) {
    this.view = new NetworkView(app.app, app.renderer);
    this.interaction = new Interaction(app, this.view, this, (ref, value, done) => callbacks.onWeightDrag(ref, value, done));
    this.highlight = new Highlight(app.root);
    this.player = new BeatPlayer(app, this.view, {
      onPhase: (caption) => callbacks.onPhase(caption),
      onBeat: (beat) => callbacks.onBeat?.(beat),
      ended: (trace) => this.stepEnded(trace),
    });
    this.systems = [this.player, this.interaction, this.highlight];
    app.onFrameStart = this.player.frame;
    app.onHostResize = () => this.resize();
  }

  // ——— public API (index.ts) ———

  show(snapshot: SandboxSnapshot): void {
    if (this.destroyed) return;
    this.snapshot = snapshot;
    this.snapshotDetails = undefined;
    this.picture = null;
    if (!this.view.hasShape(snapshot.layers, snapshot.bias)) {
      this.player.end();
      this.view.setShape(snapshot.layers, snapshot.bias);
      this.interaction.overrides.clear();
      this.interaction.dropDrag();
      this.trace = null;
      this.rebuild();
    }
    this.interaction.settleOverrides(snapshot.weights);
    if (this.player.trace) {
      if (snapshot.playing) this.player.end();
      return;
    }
    this.view.showValues(valuesFromSnapshot(snapshot), this.interaction.overrides);
    this.interaction.refreshTooltip();
    this.app.requestFrame();
  }

  /** A lesson's picture: its values, "?" for what it asks, nothing for what it leaves out. */
  showPicture(p: LessonPicture): void {
    if (this.destroyed) return;
    this.player.end();
    this.snapshot = null;
    this.snapshotDetails = undefined;
    this.trace = null;
    this.picture = p;
    if (!this.view.hasShape(p.layers, false)) {
      this.view.setShape(p.layers, false);
      this.interaction.overrides.clear();
      this.rebuild();
    }
    if (!this.view.layout) return;
    this.view.showPicture(p, this.interaction.overrides);
    this.interaction.refreshTooltip();
    this.app.requestFrame();
  }

  /** Lights these parts and dims the rest; an empty list shows everything alike. */
  setHighlight(parts: readonly HighlightPart[]): void {
    if (this.destroyed) return;
    this.highlight.set(parts);
  }

  playStep(trace: StepTraceMessage, options: { durationMs: number; hold?: number }): Promise<void> {
    this.player.end();
    const lay = this.view.layout;
    if (this.destroyed || !this.view.names || !lay || !fitsShape(trace, lay.sizes)) return Promise.resolve();
    this.trace = trace;
    return this.player.play(trace, options.durationMs, options.hold);
  }

  beatNow(): number {
    return this.player.beatNow();
  }

  beatCount(): number {
    return this.player.beatCount();
  }

  holdBeat(index: number): void {
    this.player.hold(index);
  }

  resumeStep(durationMs?: number): void {
    this.player.resume(durationMs);
  }

  endStep(): void {
    this.player.end();
  }

  setReducedMotion(on: boolean): void {
    this.player.reduced = on;
    this.app.requestFrame();
  }

  capture(): Promise<Blob | null> {
    return this.app.capture();
  }

  resize(): void {
    if (this.destroyed || !this.app.fit(!this.view.layout)) return;
    if (this.view.names) {
      this.rebuild();
      // A running step paints itself; a steady picture is drawn as it was (a lesson's with its δ and "?").
      if (!this.player.redraw()) {
        if (this.picture) this.view.showPicture(this.picture, this.interaction.overrides);
        else if (this.view.shown) this.view.showValues(this.view.shown, this.interaction.overrides);
      }
    }
    this.app.requestFrame();
  }

  destroy(): void {
    if (this.destroyed) return;
    this.player.end();
    this.destroyed = true;
    this.app.stop();
    for (const s of this.systems) s.destroy();
    this.view.destroy();
    this.app.destroy();
  }

  // ——— what the picture shows, for the tooltips (ShownSteps) ———

  playing(): StepTraceMessage | null {
    return this.player.trace;
  }

  detailTrace(): StepTraceMessage | null {
    const tr = this.trace;
    const snap = this.snapshot;
    const lay = this.view.layout;
    return tr && lay && fitsShape(tr, lay.sizes) && (this.player.trace || !snap || snap.step <= tr.step) ? tr : null;
  }

  details(): Details | null {
    const tr = this.detailTrace();
    const snap = this.snapshot;
    if (tr) return detailsFromTrace(tr);
    if (!snap) return null;
    if (this.snapshotDetails === undefined) this.snapshotDetails = detailsFromSnapshot(snap);
    return this.snapshotDetails;
  }

  // ——— internals ———

  /** Lays the view out for the current shape and size, and tells the systems. */
  private rebuild(): void {
    const layout = this.view.build(this.app.size.w, this.app.size.h);
    for (const s of this.systems) s.relayout?.(layout);
  }

  /** A step ended: the picture follows the snapshot again if it is as new as the step, else the step's outcome. */
  private stepEnded(trace: StepTraceMessage): void {
    const snap = this.snapshot;
    const values = snap && snap.step >= trace.step && fitsShape(trace, snap.layers) ? valuesFromSnapshot(snap) : valuesFromTrace(trace);
    this.picture = null;
    this.view.showValues(values, this.interaction.overrides);
    this.interaction.refreshTooltip();
    this.app.requestFrame();
  }
}

/**
 * The step player: which step the picture shows, and which of its beats.
 * It keeps every step trace the host sends, in order, and hands them to
 * the scene one at a time — none is skipped, the ones waiting play faster —
 * and it owns the beat cursor of phase-by-phase stepping:
 *
 *   next()      holds on the next beat; after the last beat, the step ends;
 *               with no step under way, it asks the host for one and holds
 *               on that step's first beat
 *   previous()  holds on the beat before, within the shown step
 *   goTo(i)     holds on beat i of the shown step
 *   playOn()    lets a held step play to its end at the slow-motion pace
 *
 * The scene draws; this module decides what it draws next (the scene's
 * side, which plays the beats it is told, is renderer/scene/beat-player.ts).
 * The screen tells it when to ask the host for a step, and hears when it
 * is idle.
 */
import type { StepTraceMessage } from '../../core/protocol.js';
import type { NetworkScene } from '../scene/index.js';

export interface StepPlayerHooks {
  /** The scene, once it exists. */
  scene(): NetworkScene | null;
  /** How long one step takes to play on its own (ms). */
  stepDuration(): number;
  /** Asks the host for one step (its trace comes back through push()). */
  requestStep(): void;
  /** No step is shown or waiting any more: the picture may follow the host's state again. */
  onIdle(): void;
  /** The step shown (or none) changed. */
  onStepChange?(trace: StepTraceMessage | null): void;
}

/** The shortest time a waiting step plays in, so that each one is still seen. */
const MIN_CATCH_UP_MS = 250;
/** How long an asked-for step may take to come before the picture stops waiting for it (ms). */
const ASK_PATIENCE_MS = 3000;

export class StepPlayer {
  private readonly queue: StepTraceMessage[] = [];
  private shown: StepTraceMessage | null = null;
  private held = false;
  /** The next step to start is held on its first beat (phase-by-phase stepping). */
  private holdNext = false;
  /** When a step was asked of the host whose trace has not come yet (0: none). */
  private askedAt = 0;

  constructor(private readonly hooks: StepPlayerHooks) {}

  /** The step in the picture, or null. */
  get current(): StepTraceMessage | null {
    return this.shown;
  }

  /** Whether the picture shows a step, one is waiting, or one was asked for. */
  get busy(): boolean {
    return this.shown !== null || this.queue.length > 0 || this.asked;
  }

  private get asked(): boolean {
    return this.askedAt > 0 && performance.now() - this.askedAt < ASK_PATIENCE_MS;
  }

  /** Whether the shown step stands still on a beat. */
  get isHeld(): boolean {
    return this.shown !== null && this.held;
  }

  /** Steps waiting behind the shown one. */
  get waiting(): number {
    return this.queue.length;
  }

  /** A step trace from the host: shown after the ones before it. */
  push(trace: StepTraceMessage): void {
    this.askedAt = 0;
    this.queue.push(trace);
    if (this.shown && !this.held) {
      // Catch up: the step on screen finishes sooner when others wait behind it.
      this.hooks.scene()?.resumeStep(this.catchUpDuration());
    }
    this.pump();
  }

  /** Asks for a step with no hold (the Step button with nothing held). */
  requestStep(): void {
    this.askedAt = performance.now();
    this.hooks.requestStep();
  }

  next(): void {
    const scene = this.hooks.scene();
    if (this.shown && scene) {
      const beat = scene.beatNow();
      if (beat + 1 < scene.beatCount()) {
        this.hold(scene, beat + 1);
      } else {
        // Past the last beat: the step is over; a step waiting behind it starts held.
        this.holdNext = true;
        this.held = false;
        scene.endStep();
      }
      return;
    }
    this.holdNext = true;
    if (this.queue.length > 0) this.pump();
    else if (!this.asked) this.requestStep();
  }

  previous(): void {
    const scene = this.hooks.scene();
    if (!this.shown || !scene) return;
    this.hold(scene, Math.max(0, scene.beatNow() - 1));
  }

  goTo(index: number): void {
    const scene = this.hooks.scene();
    if (!this.shown || !scene) return;
    this.hold(scene, index);
  }

  /** A held step plays to its end; true when there was one to let go. */
  playOn(): boolean {
    this.holdNext = false;
    const scene = this.hooks.scene();
    if (!this.shown || !this.held || !scene) return false;
    this.held = false;
    scene.resumeStep(this.catchUpDuration());
    return true;
  }

  /** Lets go of any hold and plays what waits, without asking the host for anything. */
  release(): void {
    this.playOn();
  }

  /** Drops every step, shown or waiting (a reset, a new network or dataset). */
  clear(): void {
    this.queue.length = 0;
    this.holdNext = false;
    this.askedAt = 0;
    this.held = false;
    if (this.shown) this.hooks.scene()?.endStep();
  }

  /** The host refused the step that was asked for. */
  refused(): void {
    this.askedAt = 0;
    this.holdNext = false;
    if (!this.busy) this.hooks.onIdle();
  }

  /** The scene is ready (it may start after the first traces came). */
  sceneReady(): void {
    this.pump();
  }

  private hold(scene: NetworkScene, index: number): void {
    this.held = true;
    scene.holdBeat(index);
  }

  private catchUpDuration(): number {
    const whole = this.hooks.stepDuration();
    return Math.max(Math.min(whole, MIN_CATCH_UP_MS), whole / (1 + this.queue.length));
  }

  private pump(): void {
    if (this.shown) return;
    const scene = this.hooks.scene();
    if (!scene) return;
    const trace = this.queue.shift();
    if (!trace) {
      if (!this.asked) this.holdNext = false;
      this.hooks.onIdle();
      return;
    }
    this.shown = trace;
    const hold = this.holdNext ? 0 : undefined;
    this.holdNext = false;
    this.held = hold !== undefined;
    this.hooks.onStepChange?.(trace);
    void scene
      .playStep(trace, { durationMs: this.catchUpDuration(), hold })
      .catch((err: unknown) => console.error('scene animation failed', err))
      .finally(() => {
        if (this.shown !== trace) return;
        this.shown = null;
        this.held = false;
        this.hooks.onStepChange?.(null);
        this.pump();
      });
  }
}

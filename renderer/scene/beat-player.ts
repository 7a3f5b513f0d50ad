/**
 * The scene's beat player: plays one step's trace beat by beat, as it is
 * told — at the slow-motion pace, standing still on a beat, playing on
 * from there, ending at once — and owns which moment of the step the
 * picture shows. It keeps the step's clock (sceneClock), turns it into a
 * moment t of the step's timeline each frame (one still frame per beat
 * when held or with reduced motion), has the painter draw that moment,
 * and reports each beat's caption (onPhase) and the beat itself (onBeat)
 * as the picture reaches them.
 *
 * What to hold next is not its choice: renderer/ui/step-player.ts, the
 * UI's step player (the queue of traces, Next and Previous phase), decides
 * and tells the scene. The step's plan is step-plan.ts, its painting
 * step-painter.ts.
 */
import type { StepTraceMessage } from '../../core/protocol.js';
import type { SceneApp } from './application.js';
import type { PhaseCaption } from './captions.js';
import type { NetworkView } from './network-view.js';
import { StepPainter } from './step-painter.js';
import { type StepPlan, planStep, stillPoint } from './step-plan.js';
import { type TimedBeat, beatAt } from './timeline.js';

/** Where the picture is within a step's beats. */
export interface BeatInfo {
  /** The step being shown (the trace's number, from 1). */
  step: number;
  /** Index into `beats` of the beat in the picture. */
  index: number;
  /** The step's beats; the last one (the settle) is never held. */
  beats: readonly TimedBeat[];
  caption: PhaseCaption | null;
  /** How many blocks of weights the picture already shows changed (0 … layers − 1). */
  updatedBlocks: number;
  /** Whether the picture stands still on this beat until told to go on. */
  held: boolean;
}

export interface BeatPlayerHooks {
  onPhase(caption: PhaseCaption | null): void;
  /** The beat the picture shows changed (or, with null, the step ended). */
  onBeat?(beat: BeatInfo | null): void;
  /** The step is over (played out or cut short): the steady picture goes back. */
  ended(trace: StepTraceMessage): void;
}

/**
 * Where the scene reads the time. Only the dev page and tests replace it
 * (to hold an animation still at a chosen moment); nothing else should.
 */
export const sceneClock = { now: (): number => performance.now() };

interface Running {
  trace: StepTraceMessage;
  plan: StepPlan;
  start: number;
  duration: number;
  resolve: () => void;
  /** Index of the last beat whose caption went out. */
  emitted: number;
  /** The beat the picture stands still on, or null while the step plays on. */
  held: number | null;
  /** The beat and updated blocks last reported through onBeat. */
  reportedBeat: number;
  reportedBlocks: number;
  lastFormula: string | null;
  safety: ReturnType<typeof setTimeout> | null;
}

export class BeatPlayer {
  /** Still frames, one per beat, instead of motion. */
  reduced: boolean;
  private running: Running | null = null;
  private readonly painter: StepPainter;

  constructor(
    private readonly app: SceneApp,
    private readonly view: NetworkView,
    private readonly hooks: BeatPlayerHooks,
  ) {
    this.reduced = typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
    this.painter = new StepPainter(view.neurons, view.edges, view.pulses);
  }

  /** The trace of the step in the picture, or null when none plays. */
  get trace(): StepTraceMessage | null {
    return this.running ? this.running.trace : null;
  }

  /**
   * Plays `trace` over `durationMs` (at once with 0), or stands still on
   * beat `hold`; resolves when the step ends. The view must have the
   * trace's shape built.
   */
  play(trace: StepTraceMessage, durationMs: number, hold?: number): Promise<void> {
    const duration = Math.max(0, durationMs);
    return new Promise<void>((resolve) => {
      const a: Running = {
        trace,
        plan: planStep(trace, this.view.names!),
        start: sceneClock.now(),
        duration,
        resolve,
        emitted: -1,
        held: null,
        reportedBeat: -1,
        reportedBlocks: -1,
        lastFormula: null,
        safety: null,
      };
      this.running = a;
      if (hold !== undefined) {
        this.hold(hold);
        return;
      }
      if (duration <= 0) {
        this.end();
        return;
      }
      this.armSafety(a);
      this.app.requestFrame();
    });
  }

  /** The beat the picture shows now, or −1 when no step is shown. */
  beatNow(): number {
    const a = this.running;
    if (!a) return -1;
    return a.held ?? beatAt(a.plan.timeline, this.rawProgress(a, sceneClock.now()));
  }

  /** How many beats of the running step can be held (all but the closing settle), or 0. */
  beatCount(): number {
    return this.running ? this.running.plan.timeline.length - 1 : 0;
  }

  /** Stands the picture still on beat `index` of the running step, caption and all. */
  hold(index: number): void {
    const a = this.running;
    if (!a) return;
    if (a.safety) clearTimeout(a.safety);
    a.safety = null;
    a.held = Math.max(0, Math.min(a.plan.timeline.length - 2, Math.round(index)));
    this.paintAt(sceneClock.now());
    this.app.requestFrame();
  }

  /** Plays the held step on from its beat, over what is left of `durationMs` (its whole duration by default). */
  resume(durationMs?: number): void {
    const a = this.running;
    if (!a) return;
    const now = sceneClock.now();
    const at = this.rawProgress(a, now);
    if (durationMs !== undefined) a.duration = Math.max(1, durationMs);
    a.start = now - at * a.duration;
    a.held = null;
    if (a.safety) clearTimeout(a.safety);
    this.armSafety(a);
    this.app.requestFrame();
  }

  /** Ends the running step (done or cut short): motion cleared, captions closed, the steady picture back. */
  end(): void {
    const a = this.running;
    if (!a) return;
    this.running = null;
    if (a.safety) clearTimeout(a.safety);
    this.view.clearMotion();
    this.hooks.onPhase(null);
    this.hooks.onBeat?.(null);
    this.hooks.ended(a.trace);
    a.resolve();
  }

  /** Paints the running step again as it is now (after the view was rebuilt); false when none runs. */
  redraw(): boolean {
    if (!this.running) return false;
    this.paintAt(sceneClock.now());
    return true;
  }

  /** The start of each frame: paints the running step, and asks for the next frame while it runs. */
  readonly frame = (): void => {
    if (!this.running) return;
    this.paintAt(sceneClock.now());
    if (this.running) this.app.requestFrame();
  };

  destroy(): void {
    this.end();
  }

  /** Progress (0 … 1) through the step: where its held beat stands, or where the clock has got to. */
  private rawProgress(a: Running, now: number): number {
    if (a.held !== null) return stillPoint(a.plan.timeline[a.held]);
    return a.duration > 0 ? Math.min(1, (now - a.start) / a.duration) : 1;
  }

  /** Ends a step whose frames stopped coming (a hidden page gets no animation frames). */
  private armSafety(a: Running): void {
    a.safety = setTimeout(() => {
      if (this.running !== a || a.held !== null) return;
      if (sceneClock.now() - a.start >= a.duration) {
        this.paintAt(sceneClock.now());
        this.app.render();
      } else this.armSafety(a);
    }, Math.max(100, a.start + a.duration - sceneClock.now() + 400));
  }

  /** Draws the running step as it is at time `now`, says its captions and beat, and ends it once played out. */
  private paintAt(now: number): void {
    const a = this.running;
    const lay = this.view.layout;
    const names = this.view.names;
    if (!a || !lay || !names) return;
    const raw = this.rawProgress(a, now);
    const tl = a.plan.timeline;
    const current = beatAt(tl, raw);
    // Held, or with reduced motion: still frames, one per beat, each showing its beat's outcome.
    const still = a.held !== null || this.reduced;
    const t = still ? stillPoint(tl[current]) : raw;
    const tr = a.trace;
    const L = lay.sizes.length;

    // Captions: every beat's, in order, even when a slow frame skips a beat; a step back says its own.
    if (current < a.emitted) {
      a.emitted = current;
      const c = tl[current].caption;
      if (c) {
        a.lastFormula = c.formula;
        this.hooks.onPhase(c);
      }
    }
    for (let b = a.emitted + 1; b <= current; b++) {
      const c = tl[b].caption;
      if (c && c.formula !== a.lastFormula) {
        a.lastFormula = c.formula;
        this.hooks.onPhase(c);
      }
      a.emitted = b;
    }
    let updatedBlocks = 0;
    for (let l = 0; l < L - 1; l++) {
      const ub = a.plan.update[l];
      if (ub >= 0 && t >= (tl[ub].start + tl[ub].end) / 2) updatedBlocks++;
    }
    if (current !== a.reportedBeat || updatedBlocks !== a.reportedBlocks) {
      a.reportedBeat = current;
      a.reportedBlocks = updatedBlocks;
      this.hooks.onBeat?.({ step: tr.step, index: current, beats: tl, caption: tl[current].caption, updatedBlocks, held: a.held !== null });
    }

    this.painter.paint(a.plan, tr, t, still, lay, names);

    if (a.held === null && raw >= 1) this.end();
  }
}

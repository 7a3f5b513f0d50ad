/**
 * One player's network in a race: a sandbox session started from the
 * race's challenge, with the race's rules on top. Steps count against the
 * step budget (resets included); play runs at the player's speed but
 * never above the cap, the same for everyone. Knows nothing of Colyseus.
 */
import { type CheckedIntent, type SandboxSnapshot, type StepTrace, baseEta } from '../../core/index.js';
import type { RaceChallenge } from '../../core/race/index.js';
import { ANIMATED_SPEED_LIMIT, SandboxSession } from './sandbox-session.js';

export type PlayerOutcome = { kind: 'changed' } | { kind: 'stepped'; trace: StepTrace } | { kind: 'refused'; reason: string };

export class RacePlayer {
  readonly session: SandboxSession;
  playing = false;
  /** Steps taken before the last reset. */
  private stepsBefore = 0;
  private owed = 0;

  constructor(
    challenge: RaceChallenge,
    private readonly cap: number,
  ) {
    const n = challenge.network;
    this.session = new SandboxSession({ ...n, hidden: [...n.hidden] });
    this.session.apply({ type: 'setEta', body: { eta: challenge.eta } });
  }

  /** Steps used in the race. */
  get steps(): number {
    return this.stepsBefore + this.session.trainer.stepCount;
  }

  get error(): number | null {
    return this.session.trainError;
  }

  get eta(): number {
    return baseEta(this.session.schedulePlan);
  }

  /** Applies one of the player's checked intents, within the budget. */
  apply(intent: CheckedIntent, budget: number): PlayerOutcome {
    const left = budget - this.steps;
    switch (intent.type) {
      case 'configure':
        return { kind: 'refused', reason: 'configure: the race fixes the network' };
      case 'step':
        if (left <= 0) return { kind: 'refused', reason: 'step: no steps left in your budget' };
        this.playing = false;
        return this.session.apply(intent);
      case 'play':
        if (left <= 0) return { kind: 'refused', reason: 'play: no steps left in your budget' };
        if (this.session.trainer.diverged) return { kind: 'refused', reason: 'play: the network has diverged; lower η and press Reset, or edit a weight' };
        this.playing = true;
        this.owed = this.session.speed <= ANIMATED_SPEED_LIMIT ? 1 : 0;
        return { kind: 'changed' };
      case 'pause':
        this.stop();
        return { kind: 'changed' };
      case 'setSpeed':
        return this.session.apply({ type: 'setSpeed', body: { stepsPerSecond: Math.min(this.cap, intent.body.stepsPerSecond) } });
      case 'reset':
        this.stepsBefore += this.session.trainer.stepCount;
        this.playing = false;
        return this.session.apply(intent);
      default:
        return this.session.apply(intent);
    }
  }

  /** Stops play and brings the error and chart up to date. */
  stop(): void {
    this.playing = false;
    this.session.apply({ type: 'pause', body: {} });
  }

  /**
   * Plays dt seconds at the player's speed (at most the cap), never past
   * the budget. Returns the traces of animated steps.
   */
  tick(dtSeconds: number, budget: number): StepTrace[] {
    if (!this.playing) return [];
    const speed = Math.min(this.cap, this.session.speed);
    this.owed = Math.min(this.owed + speed * dtSeconds, Math.max(1, speed));
    const due = Math.min(Math.floor(this.owed), budget - this.steps);
    if (due <= 0) {
      if (budget - this.steps <= 0) this.stop();
      return [];
    }
    this.owed -= due;
    const traces: StepTrace[] = [];
    const trainer = this.session.trainer;
    if (speed <= ANIMATED_SPEED_LIMIT) {
      for (let k = 0; k < due && !trainer.diverged; k++) traces.push(this.session.stepOnce());
    } else {
      trainer.run(due);
    }
    // Flushes a partial batch, measures the error and adds it to the chart.
    this.session.apply({ type: 'pause', body: {} });
    if (trainer.diverged || this.steps >= budget) this.playing = false;
    return traces;
  }

  snapshot(): SandboxSnapshot {
    const s = this.session;
    return {
      layers: Array.from(s.network.sizes),
      activations: [...s.network.activations],
      bias: s.config.bias,
      rule: s.config.rule,
      batch: s.config.batch,
      dataset: s.config.dataset,
      seed: s.config.seed,
      weights: Array.from(s.network.weights),
      biases: Array.from(s.network.biases),
      e: Array.from(s.trainer.workspace.e),
      y: Array.from(s.trainer.workspace.y),
      sample: s.lastSample,
      step: this.steps,
      eta: s.eta,
      schedule: s.schedulePlan,
      playing: this.playing,
      speed: s.speed,
      trainError: s.trainError,
      testError: s.testError,
      history: s.history,
      diverged: s.trainer.diverged ?? null,
    };
  }
}

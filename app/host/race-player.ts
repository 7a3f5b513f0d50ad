/**
 * One player's network in a race: a challenge session (the level's
 * network, rules and judge, challenge-session.ts) with the race's rules on
 * top. Every step counts against the race's step budget, resets included;
 * play runs at the player's speed but never above the cap, the same for
 * everyone. Knows nothing of Colyseus.
 */
import { type CheckedIntent, type Level, type SandboxSnapshot, type StepTrace, baseEta } from '../../core/index.js';
import { ChallengeSession } from './challenge-session.js';
import type { IntentOutcome } from './sandbox-session.js';

/** A typed array's numbers as a plain list (a loop: Array.from walks an iterator, several times slower). */
function numbers(a: ArrayLike<number>): number[] {
  const out = new Array<number>(a.length);
  for (let k = 0; k < a.length; k++) out[k] = a[k];
  return out;
}

/** Ticks of play between two scorings of the errors shown (10 a second at the room's 20 Hz). */
const SCORE_EVERY = 2;

export class RacePlayer {
  private session: ChallengeSession;
  /** The level as this attempt plays it: the race's budget, less the steps of earlier attempts. */
  private readonly attemptLevel: Level;
  /** Steps taken in attempts before the last reset. */
  private stepsBefore = 0;
  private cachedError: number | null = null;
  /** Ticks of play since the chart was last brought up to date. */
  private ticksUnscored = 0;
  /**
   * Goes up whenever anything the player's screen shows of their network
   * may have changed (an intent, a step, a scoring): the room sends a
   * player nothing, and builds no snapshot, while it stays the same.
   */
  revision = 0;

  constructor(
    level: Level,
    private readonly budget: number,
    private readonly cap: number,
  ) {
    this.attemptLevel = { ...level, budget };
    this.session = new ChallengeSession(this.attemptLevel);
    this.capSpeed();
    this.measure();
    this.score();
  }

  private get sandbox() {
    return this.session.sandbox;
  }

  get network() {
    return this.sandbox.network;
  }

  get schedule() {
    return this.sandbox.schedulePlan;
  }

  /** Steps a second the player asked for (at most the cap). */
  get speed(): number {
    return this.sandbox.speed;
  }

  get playing(): boolean {
    return this.sandbox.playing;
  }

  /** Steps used in the race, over every attempt. */
  get steps(): number {
    return this.stepsBefore + this.session.stepsUsed;
  }

  get stepsLeft(): number {
    return Math.max(0, this.budget - this.steps);
  }

  /** The error on the level's target set (train or test), or null when the network diverged. */
  get error(): number | null {
    return this.cachedError;
  }

  get eta(): number {
    return baseEta(this.sandbox.schedulePlan);
  }

  /** Reached the target: the race steps it took. */
  get reachedSteps(): number | null {
    const o = this.session.outcome;
    return o?.kind === 'won' ? this.stepsBefore + o.steps : null;
  }

  /** Nothing more to do: reached, or out of steps. */
  get done(): boolean {
    return this.reachedSteps !== null || this.stepsLeft === 0;
  }

  private measure(): void {
    const e = this.sandbox.trainer.diverged ? NaN : this.session.error;
    this.cachedError = Number.isFinite(e) ? e : null;
  }

  /** Scores the train and test errors and charts them, if steps or edits changed the weights. */
  private score(): void {
    this.ticksUnscored = 0;
    this.sandbox.refreshErrors();
  }

  private capSpeed(): void {
    if (this.sandbox.speed > this.cap) this.sandbox.speed = this.cap;
  }

  /** Applies one of the player's checked intents under the level's rules and the race's budget. */
  apply(intent: CheckedIntent): IntentOutcome {
    let outcome: IntentOutcome;
    if (intent.type === 'reset') {
      if (this.reachedSteps !== null) return { kind: 'refused', reason: 'reset: you reached the target; your place is kept' };
      this.stepsBefore += this.session.stepsUsed;
      this.attemptLevel.budget = this.stepsLeft;
      this.session = new ChallengeSession(this.attemptLevel);
      outcome = { kind: 'changed' };
    } else if (intent.type === 'setSpeed') {
      outcome = this.session.apply({ type: 'setSpeed', body: { stepsPerSecond: Math.min(this.cap, intent.body.stepsPerSecond) } });
    } else {
      outcome = this.session.apply(intent);
    }
    this.capSpeed();
    this.measure();
    this.score();
    this.revision++;
    return outcome;
  }

  stop(): void {
    if (this.sandbox.playing) this.session.apply({ type: 'pause', body: {} });
    this.measure();
    this.score();
    this.revision++;
  }

  /** Plays dt seconds (at most the cap); returns the traces of animated steps. */
  tick(dtSeconds: number): StepTrace[] {
    if (!this.sandbox.playing) return [];
    this.capSpeed();
    const before = this.steps;
    const traces = this.session.tick(dtSeconds);
    const stopped = !this.sandbox.playing;
    // A tick too short for a whole step costs (almost) nothing: the error is measured only when steps were taken.
    if (this.steps !== before || stopped) this.measure();
    // The chart and the errors shown are scored every SCORE_EVERY ticks that stepped, and when play stops.
    if ((this.steps !== before && ++this.ticksUnscored >= SCORE_EVERY) || stopped) this.score();
    if (this.steps !== before || stopped) this.revision++;
    return traces;
  }

  snapshot(): SandboxSnapshot {
    const s = this.sandbox;
    return {
      layers: numbers(s.network.sizes),
      activations: [...s.network.activations],
      bias: s.config.bias,
      rule: s.config.rule,
      batch: s.config.batch,
      dataset: s.config.dataset,
      seed: s.config.seed,
      weights: numbers(s.network.weights),
      biases: numbers(s.network.biases),
      e: numbers(s.trainer.workspace.e),
      y: numbers(s.trainer.workspace.y),
      sample: s.lastSample,
      step: this.steps,
      eta: s.eta,
      schedule: s.schedulePlan,
      playing: s.playing,
      speed: s.speed,
      trainError: s.trainError,
      testError: s.testError,
      history: s.history,
      diverged: s.trainer.diverged ?? null,
    };
  }
}

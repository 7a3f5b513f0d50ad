/**
 * One player on one challenge level: a SandboxSession (the network, data
 * and trainer) with the level's rules in front of it and a judge behind it.
 *
 * Every intent passes the rules first (η fixed or in a range, schedule
 * locked, no training, weights locked, the network's shape fixed); what
 * passes goes to the sandbox session unchanged. After each step, tick and
 * hand edit the session judges the attempt:
 *   won   the error on the target's set is at or below the target, with at
 *         most `budget` steps taken (stars from the level's thresholds);
 *   lost  the budget is spent, or the network diverged.
 * An attempt that is over takes no more steps or edits until Reset, which
 * starts the level again (the player's η and schedule stay).
 *
 * The session knows nothing of Colyseus; challenge-room.ts carries it.
 */
import {
  type CheckedIntent,
  type Level,
  type Schedule,
  type StepTrace,
  type Workspace,
  baseEta,
  createWorkspace,
  datasetError,
  starsFor,
} from '../../core/index.js';
import { type IntentOutcome, SandboxSession } from './sandbox-session.js';

export type ChallengeOutcome =
  | { readonly kind: 'won'; readonly steps: number; readonly error: number; readonly stars: 1 | 2 | 3 }
  | { readonly kind: 'lost'; readonly why: 'budget' | 'diverged'; readonly steps: number };

/** Why a rule refused an intent: a sentence a player understands. */
const REFUSALS = {
  over: 'this attempt is over; press Retry to play the level again',
  budget: 'no steps left in this level’s budget; press Retry to start again',
  noTraining: 'this level is won by setting weights by hand only; Step and Play are off',
  weightsLocked: 'the weights are locked in this level; it is won by training only',
  etaFixed: 'η is fixed in this level; steer with what the level leaves open',
  scheduleLocked: 'the η schedule is fixed in this level',
  network: 'a level sets its own network and data; open the Sandbox to change them',
} as const;

export class ChallengeSession {
  readonly level: Level;
  readonly sandbox: SandboxSession;
  outcome: ChallengeOutcome | null = null;
  private readonly targetSet;
  private readonly judgeWorkspace: Workspace;

  constructor(level: Level) {
    this.level = level;
    const { network, dataset, seed } = level;
    this.sandbox = new SandboxSession({ ...network, hidden: [...network.hidden], dataset, seed });
    if (level.weights) this.sandbox.startWeights = { weights: level.weights, biases: level.biases };
    this.sandbox.apply({ type: 'setSchedule', body: { schedule: level.schedule } });
    this.sandbox.reset();
    this.targetSet = level.target.on === 'train' ? this.sandbox.dataset.train : this.sandbox.dataset.test;
    this.judgeWorkspace = createWorkspace(this.sandbox.network);
    this.judge();
  }

  get stepsUsed(): number {
    return this.sandbox.trainer.stepCount;
  }

  get stepsLeft(): number {
    return Math.max(0, this.level.budget - this.stepsUsed);
  }

  /** The error the target is measured on, now. */
  get error(): number {
    return datasetError(this.sandbox.network, this.targetSet, this.judgeWorkspace);
  }

  /** Checks one intent against the level's rules, then applies it. */
  apply(intent: CheckedIntent): IntentOutcome {
    const refusal = this.ruleRefusal(intent);
    if (refusal) return { kind: 'refused', reason: `${intent.type}: ${refusal}` };
    if (intent.type === 'reset') {
      this.sandbox.apply(intent);
      this.outcome = null;
      this.judge();
      return { kind: 'changed' };
    }
    if (intent.type === 'step') {
      const trace = this.sandbox.stepOnce();
      this.judge();
      return { kind: 'stepped', trace };
    }
    const outcome = this.sandbox.apply(intent);
    this.judge();
    return outcome;
  }

  /** Play for dt seconds: never past the budget, and no step past a win. */
  tick(dtSeconds: number): StepTrace[] {
    if (!this.sandbox.playing) return [];
    if (this.outcome) {
      this.sandbox.playing = false;
      return [];
    }
    const traces = this.sandbox.tick(dtSeconds, { maxSteps: this.stepsLeft, stop: () => this.reached() });
    this.judge();
    return traces;
  }

  private reached(): boolean {
    return this.error <= this.level.target.error;
  }

  /**
   * A level starred by the error reached stays open to hand edits after the
   * win, so the player can polish it for more stars.
   */
  private get polishing(): boolean {
    return this.outcome?.kind === 'won' && this.level.stars.by === 'error';
  }

  /** Decides whether the attempt is won or lost; a decided attempt stays decided until Reset. */
  judge(): void {
    if (this.polishing && this.outcome?.kind === 'won') {
      const error = this.error;
      if (error < this.outcome.error) {
        const steps = this.stepsUsed;
        this.outcome = { kind: 'won', steps, error, stars: starsFor(this.level.stars, { steps, error }) };
      }
      return;
    }
    if (this.outcome) return;
    const s = this.sandbox;
    const steps = this.stepsUsed;
    if (s.trainer.diverged) {
      this.outcome = { kind: 'lost', why: 'diverged', steps };
    } else if (steps <= this.level.budget && s.trainer.workspace.pendingCount === 0 && this.reached()) {
      const error = this.error;
      this.outcome = { kind: 'won', steps, error, stars: starsFor(this.level.stars, { steps, error }) };
    } else if (steps >= this.level.budget) {
      this.outcome = { kind: 'lost', why: 'budget', steps };
    }
    if (this.outcome) s.playing = false;
  }

  private ruleRefusal(intent: CheckedIntent): string | null {
    const rules = this.level.rules;
    switch (intent.type) {
      case 'step':
      case 'play':
        if (!rules.training) return REFUSALS.noTraining;
        if (this.outcome) return REFUSALS.over;
        if (this.stepsLeft === 0) return REFUSALS.budget;
        return null;
      case 'setWeight':
      case 'setBias':
        if (!rules.handEdits) return REFUSALS.weightsLocked;
        if (this.outcome && !this.polishing) return REFUSALS.over;
        return null;
      case 'setEta':
        return this.etaRefusal(intent.body.eta);
      case 'setSchedule':
        if (!rules.scheduleChanges) return REFUSALS.scheduleLocked;
        return this.etaRefusal(baseEta(intent.body.schedule as Schedule));
      case 'configure': {
        const { rule, ...rest } = intent.body;
        if (Object.keys(rest).length > 0 || rule === undefined) return REFUSALS.network;
        if (!rules.ruleChoice && rule !== this.sandbox.config.rule) {
          return `this level is played with the ${this.level.network.rule} rule`;
        }
        if (this.stepsUsed > 0) return 'the rule is chosen before the first step; press Retry to choose again';
        return null;
      }
      case 'pause':
      case 'setSpeed':
      case 'reset':
        return null;
    }
  }

  private etaRefusal(eta: number): string | null {
    const r = this.level.rules.eta;
    if (r.kind === 'fixed' && eta !== baseEta(this.level.schedule)) return REFUSALS.etaFixed;
    if (r.kind === 'range' && (eta < r.min || eta > r.max)) {
      return `η must stay from ${r.min} to ${r.max} in this level`;
    }
    return null;
  }
}

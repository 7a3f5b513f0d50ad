/**
 * One player's sandbox: a network, its data and its trainer, and what each
 * intent does to them. The room (sandbox-room.ts) only checks messages,
 * calls these methods and copies the result into the synced state; this
 * module knows nothing of Colyseus.
 */
import {
  ARTICLE_DATASET,
  type ActivationName,
  type CheckedIntent,
  type Dataset,
  type DatasetSpec,
  type ErrorPoint,
  type Network,
  type Rule,
  type SavedNetwork,
  type Schedule,
  type StepTrace,
  Trainer,
  baseEta,
  constantSchedule,
  etaAt,
  createNetwork,
  createWorkspace,
  datasetError,
  inputCount,
  initializeWeights,
  makeDataset,
  networkShapeProblem,
  setBias,
  setWeight,
  withBaseEta,
  type Workspace,
} from '../../core/index.js';
import { LIMITS } from '../../core/protocol.js';
import { spreadSample } from '../../core/scoring-sample.js';

export interface SandboxConfig {
  hidden: number[];
  activation: ActivationName;
  outputActivation: ActivationName;
  bias: boolean;
  rule: Rule;
  batch: number;
  dataset: DatasetSpec;
  seed: number;
}

/** The article's network on the article's samples. */
export const ARTICLE_CONFIG: SandboxConfig = {
  hidden: [3, 2],
  activation: 'sigmoid',
  outputActivation: 'sigmoid',
  bias: false,
  rule: 'exact',
  batch: 1,
  dataset: ARTICLE_DATASET,
  // A seed whose starting weights learn XOR within a few thousand steps at η = 0.5–2.
  seed: 5,
};

/** Speeds at or below this many steps a second are played step by step, each one animated. */
export const ANIMATED_SPEED_LIMIT = 4;

/** Steps of fast play run between two looks at the clock. */
const FAST_PLAY_RUN = 16;

/** How many points the error chart keeps; older ones are thinned, never the newest. */
export const HISTORY_LENGTH = 400;

export type IntentOutcome =
  | { kind: 'changed' }
  | { kind: 'stepped'; trace: StepTrace }
  | { kind: 'refused'; reason: string };

/**
 * Bounds on one tick of play: at most `maxSteps`, an end as soon as `stop`
 * says so, and no more than `allowanceMs` of work (the room's share of the
 * tick, work-budget.ts).
 */
export interface StepLimits {
  maxSteps?: number;
  stop?: () => boolean;
  allowanceMs?: number;
}

export class SandboxSession {
  config: SandboxConfig;
  network!: Network;
  trainer!: Trainer;
  dataset!: Dataset;
  playing = false;
  /** Steps per second while playing. */
  speed = 1;
  history: ErrorPoint[] = [];
  trainError: number | null = null;
  testError: number | null = null;
  /** The sample of the last step, −1 before any. */
  lastSample = -1;
  private schedule: Schedule = constantSchedule(0.5);
  private evalWorkspace!: Workspace;
  /** The samples the error is scored on: all of a small set, an even spread of a large one. */
  private scored!: { train: Dataset['train']; test: Dataset['test'] };
  /** The errors shown are older than the weights (scored again on the room's next tick). */
  private errorsStale = false;
  /** Fractional steps carried between ticks of play. */
  private owed = 0;
  private historyStride = 1;
  /**
   * Weights (and biases) a reset starts from instead of the seed's, flat in
   * network.ts's layout: a challenge level's written-out weights.
   */
  startWeights: { weights: readonly number[]; biases?: readonly number[] } | null = null;

  constructor(config: SandboxConfig = ARTICLE_CONFIG) {
    this.config = { ...config, hidden: [...config.hidden] };
    this.rebuild();
    // A new room shows its error from the first state on.
    this.refreshErrors();
  }

  get layers(): number[] {
    return [inputCount(this.config.dataset.kind), ...this.config.hidden, 1];
  }

  /** Builds the network and data from the config, with fresh weights from the seed. */
  private rebuild(): void {
    const layers = this.layers;
    const activation: ActivationName[] = layers.slice(1).map((_, k) =>
      k === layers.length - 2 ? this.config.outputActivation : this.config.activation,
    );
    this.network = createNetwork({ layers, activation, bias: this.config.bias });
    this.dataset = makeDataset(this.config.dataset);
    this.trainer = new Trainer({
      network: this.network,
      samples: this.dataset.train,
      rule: this.config.rule,
      schedule: this.schedule,
      batch: this.config.batch,
    });
    this.evalWorkspace = createWorkspace(this.network);
    this.scored = {
      train: spreadSample(this.dataset.train, LIMITS.maxScoredSamples),
      test: spreadSample(this.dataset.test, LIMITS.maxScoredSamples),
    };
    this.reset();
  }

  /** Fresh weights from the seed; step count, chart and divergence cleared. */
  reset(): void {
    initializeWeights(this.network, this.config.seed);
    if (this.startWeights && this.startWeights.weights.length === this.network.weightCount) {
      this.network.weights.set(this.startWeights.weights);
      if (this.startWeights.biases?.length === this.network.biases.length) this.network.biases.set(this.startWeights.biases);
    }
    this.trainer.restart();
    this.playing = false;
    this.owed = 0;
    this.lastSample = -1;
    this.history = [];
    this.historyStride = 1;
    // Scored on the room's next tick, like any other change: a flood of
    // resets or configures costs no more than a flood of weight edits.
    this.trainError = null;
    this.testError = null;
    this.errorsStale = true;
  }

  /**
   * Recomputes the errors from the current weights, on the scored samples:
   * at most LIMITS.maxScoredSamples of each set, so it costs the same on a
   * dataset of 40 samples or of 10,000.
   */
  measure(): void {
    const train = datasetError(this.network, this.scored.train, this.evalWorkspace);
    const test = datasetError(this.network, this.scored.test, this.evalWorkspace);
    this.trainError = Number.isFinite(train) ? train : null;
    this.testError = Number.isFinite(test) ? test : null;
    this.errorsStale = false;
  }

  /**
   * Scores and charts the error if steps or edits changed the weights since
   * it was last scored. The room calls this once per tick of its clock, so
   * however many intents arrive, the error is scored at most at display rate.
   */
  refreshErrors(): boolean {
    if (!this.errorsStale) return false;
    this.errorsStale = false;
    this.measure();
    // The weights are finite but the error of the data is not (an output so large that ½(z − y)²
    // overflows): that is a divergence too, at this step, or the Error would read "—" with no word why.
    if (this.trainError === null && !this.trainer.diverged && this.trainer.stepCount > 0) {
      this.trainer.diverged = { step: this.trainer.stepCount, eta: etaAt(this.schedule, this.trainer.stepCount - 1), where: 'signals' };
      this.playing = false;
    }
    this.record();
    return true;
  }

  /** Adds the current errors to the chart, thinning old points when full. */
  private record(): void {
    if (this.trainError === null) return;
    const step = this.trainer.stepCount;
    const last = this.history[this.history.length - 1];
    const point = { step, train: this.trainError, test: this.testError };
    if (last && last.step === step) {
      this.history[this.history.length - 1] = point;
      return;
    }
    if (last && step - last.step < this.historyStride) return;
    this.history.push(point);
    if (this.history.length > HISTORY_LENGTH) {
      // Keep every other point (and always the first); record half as often from now on.
      this.history = this.history.filter((_, k) => k % 2 === 0 || k === this.history.length - 1);
      this.historyStride *= 2;
    }
  }

  get schedulePlan(): Schedule {
    return this.schedule;
  }

  get animated(): boolean {
    return this.speed <= ANIMATED_SPEED_LIMIT;
  }

  /** One step, recorded for the scene. */
  stepOnce(): StepTrace {
    const sample = this.trainer.cursor;
    const trace = this.trainer.stepTraced();
    if (!this.trainer.diverged) this.lastSample = sample;
    this.afterSteps();
    return trace;
  }

  /**
   * Advances play by dt seconds at the chosen speed. Fast play runs the
   * steps it owes in one go; slow play returns each step's trace so the
   * scene can animate it. Stops playing on divergence.
   */
  tick(dtSeconds: number, limits: StepLimits = {}): StepTrace[] {
    if (!this.playing) return [];
    this.owed = Math.min(this.owed + this.speed * dtSeconds, Math.max(1, this.speed));
    const owed = Math.floor(this.owed);
    const due = Math.min(owed, limits.maxSteps ?? owed);
    if (due <= 0) return [];
    this.owed -= due;
    if (this.animated) {
      const traces: StepTrace[] = [];
      for (let k = 0; k < due && !this.trainer.diverged; k++) {
        traces.push(this.stepOnce());
        if (limits.stop?.()) break;
      }
      if (this.trainer.diverged) this.playing = false;
      return traces;
    }
    this.advance(due, limits);
    return [];
  }

  /**
   * Runs up to n steps with no traces; returns the steps taken. Runs in
   * short runs until the steps are done or `allowanceMs` is spent; steps it
   * could not afford are dropped, not owed (play is slower than asked,
   * never later). With `stop`, asks it after every step whose update moved
   * the weights and ends the run when it says so. Stops playing on divergence.
   */
  advance(n: number, limits: Pick<StepLimits, 'stop' | 'allowanceMs'> = {}): number {
    const { stop, allowanceMs = Infinity } = limits;
    const started = performance.now();
    const before = this.trainer.cursor;
    let taken = 0;
    while (taken < n) {
      if (stop) {
        if (this.trainer.run(1) === 0) break;
        taken++;
        if (this.trainer.workspace.pendingCount === 0 && stop()) break;
      } else {
        const run = Math.min(n - taken, FAST_PLAY_RUN);
        const done = this.trainer.run(run);
        taken += done;
        if (done < run) break;
      }
      if (performance.now() - started >= allowanceMs) break;
    }
    if (taken > 0) this.lastSample = (before + taken - 1) % this.dataset.train.count;
    if (this.trainer.diverged) this.playing = false;
    this.afterSteps();
    return taken;
  }

  private afterSteps(): void {
    this.errorsStale = true;
  }

  /** Applies one checked intent. */
  apply(intent: CheckedIntent): IntentOutcome {
    switch (intent.type) {
      case 'setEta':
        this.setSchedule(withBaseEta(this.schedule, intent.body.eta));
        return { kind: 'changed' };
      case 'setSchedule':
        this.setSchedule(intent.body.schedule);
        return { kind: 'changed' };
      case 'setWeight': {
        const { layer, to, from, value } = intent.body;
        const sizes = this.network.sizes;
        if (layer >= sizes.length - 1 || to >= sizes[layer + 1] || from >= sizes[layer]) {
          return { kind: 'refused', reason: `setWeight: this network has no weight from neuron ${from} of layer ${layer} to neuron ${to} of layer ${layer + 1}` };
        }
        this.trainer.flush();
        setWeight(this.network, layer, to, from, value);
        this.afterHandEdit();
        return { kind: 'changed' };
      }
      case 'setBias': {
        const { layer, neuron, value } = intent.body;
        if (!this.config.bias) return { kind: 'refused', reason: 'setBias: this network has no biases; turn them on first' };
        if (layer >= this.network.sizes.length || neuron >= this.network.sizes[layer]) {
          return { kind: 'refused', reason: `setBias: this network has no neuron ${neuron} in layer ${layer}` };
        }
        this.trainer.flush();
        setBias(this.network, layer, neuron, value);
        this.afterHandEdit();
        return { kind: 'changed' };
      }
      case 'step':
        if (this.trainer.diverged) {
          return { kind: 'refused', reason: 'step: the network has diverged; lower η and press Reset, or edit a weight' };
        }
        this.playing = false;
        return { kind: 'stepped', trace: this.stepOnce() };
      case 'play':
        if (this.trainer.diverged) {
          return { kind: 'refused', reason: 'play: the network has diverged; lower η and press Reset, or edit a weight' };
        }
        this.playing = true;
        this.owed = this.animated ? 1 : 0;
        return { kind: 'changed' };
      case 'pause':
        this.playing = false;
        this.trainer.flush();
        this.errorsStale = true;
        return { kind: 'changed' };
      case 'setSpeed':
        this.speed = intent.body.stepsPerSecond;
        this.owed = Math.min(this.owed, 1);
        return { kind: 'changed' };
      case 'reset':
        this.reset();
        return { kind: 'changed' };
      case 'loadNetwork':
        return this.load(intent.body.network);
      case 'configure': {
        const { hidden, activation, outputActivation, bias, rule, batch, dataset, seed } = intent.body;
        const next: SandboxConfig = {
          ...this.config,
          ...(hidden !== undefined && { hidden }),
          ...(activation !== undefined && { activation }),
          ...(outputActivation !== undefined && { outputActivation }),
          ...(bias !== undefined && { bias }),
          ...(rule !== undefined && { rule }),
          ...(batch !== undefined && { batch }),
          ...(dataset !== undefined && { dataset }),
          ...(seed !== undefined && { seed }),
        };
        const structural =
          hidden !== undefined || activation !== undefined || outputActivation !== undefined ||
          bias !== undefined || dataset !== undefined || seed !== undefined;
        this.config = next;
        if (structural) {
          this.rebuild();
        } else {
          // The rule and batch size change how the next steps learn, not the weights.
          this.trainer.flush();
          this.trainer.rule = next.rule;
          this.trainer.batch = next.batch;
        }
        return { kind: 'changed' };
      }
    }
  }

  /**
   * A saved network in place of this one: its settings, schedule and
   * weights; the step count and chart start again.
   */
  private load(saved: SavedNetwork): IntentOutcome {
    const problem = networkShapeProblem(saved);
    if (problem) return { kind: 'refused', reason: `loadNetwork: ${problem}; save the network again and open the new file` };
    const { schedule, weights, biases, ...config } = saved;
    this.config = { ...config, hidden: [...config.hidden] };
    this.setSchedule(schedule);
    this.rebuild();
    this.network.weights.set(weights);
    this.network.biases.set(biases);
    this.history = [];
    this.historyStride = 1;
    this.measure();
    this.record();
    return { kind: 'changed' };
  }

  private setSchedule(schedule: Schedule): void {
    this.schedule = schedule;
    this.trainer.schedule = schedule;
  }

  /** A weight set by hand is a new start from finite numbers: training may go on. */
  private afterHandEdit(): void {
    this.trainer.clearDivergence();
    this.errorsStale = true;
  }

  /** η of the next step, and the schedule's main η (the slider's). */
  get eta(): number {
    return this.trainer.eta;
  }

  get mainEta(): number {
    return baseEta(this.schedule);
  }
}

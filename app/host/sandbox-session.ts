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
  type Schedule,
  type StepTrace,
  Trainer,
  baseEta,
  constantSchedule,
  createNetwork,
  createWorkspace,
  datasetError,
  inputCount,
  initializeWeights,
  makeDataset,
  setBias,
  setWeight,
  withBaseEta,
  type Workspace,
} from '../../core/index.js';

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

/** How many points the error chart keeps; older ones are thinned, never the newest. */
export const HISTORY_LENGTH = 400;

export type IntentOutcome =
  | { kind: 'changed' }
  | { kind: 'stepped'; trace: StepTrace }
  | { kind: 'refused'; reason: string };

/** Bounds on one tick of play: at most `maxSteps`, and an end as soon as `stop` says so. */
export interface StepLimits {
  maxSteps?: number;
  stop?: () => boolean;
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
    this.measure();
    this.record();
  }

  /** Recomputes the dataset errors from the current weights. */
  measure(): void {
    const train = datasetError(this.network, this.dataset.train, this.evalWorkspace);
    const test = datasetError(this.network, this.dataset.test, this.evalWorkspace);
    this.trainError = Number.isFinite(train) ? train : null;
    this.testError = Number.isFinite(test) ? test : null;
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
    this.advance(due, limits.stop);
    return [];
  }

  /**
   * Runs up to n steps with no traces; returns the steps taken. With
   * `stop`, asks it after every step whose update moved the weights and
   * ends the run when it says so. Stops playing on divergence.
   */
  advance(n: number, stop?: () => boolean): number {
    const before = this.trainer.cursor;
    let taken = 0;
    if (!stop) taken = this.trainer.run(n);
    else {
      for (; taken < n; taken++) {
        if (this.trainer.run(1) === 0) break;
        if (this.trainer.workspace.pendingCount === 0 && stop()) {
          taken++;
          break;
        }
      }
    }
    if (taken > 0) this.lastSample = (before + taken - 1) % this.dataset.train.count;
    if (this.trainer.diverged) this.playing = false;
    this.afterSteps();
    return taken;
  }

  private afterSteps(): void {
    this.measure();
    this.record();
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
        this.measure();
        this.record();
        return { kind: 'changed' };
      case 'setSpeed':
        this.speed = intent.body.stepsPerSecond;
        this.owed = Math.min(this.owed, 1);
        return { kind: 'changed' };
      case 'reset':
        this.reset();
        return { kind: 'changed' };
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

  private setSchedule(schedule: Schedule): void {
    this.schedule = schedule;
    this.trainer.schedule = schedule;
  }

  /** A weight set by hand is a new start from finite numbers: training may go on. */
  private afterHandEdit(): void {
    this.trainer.clearDivergence();
    this.measure();
    this.record();
  }

  /** η of the next step, and the schedule's main η (the slider's). */
  get eta(): number {
    return this.trainer.eta;
  }

  get mainEta(): number {
    return baseEta(this.schedule);
  }
}

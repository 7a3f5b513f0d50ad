/**
 * The trainer: takes the samples in order, cycling, one per step, and runs
 * backprop.ts's step on each (forward pass, backward pass, update), with η
 * from a schedule and an optional minibatch. It runs the fastest copy of
 * that step the network allows (compiled-step.ts for small networks,
 * unrolled-step.ts for the rest), which give the textbook's numbers bit for
 * bit.
 *
 * Minibatches (batch = B > 1): each step still runs on the weights as they
 * are at that step, but its changes are only summed; after every B steps
 * (and when asked to flush) the weights move by the mean of those changes.
 *
 * Divergence: if a step's values stop being finite, the step is refused, the
 * last finite weights stay in place, and `diverged` says when and why.
 */
import {
  REFUSED_SIGNALS,
  STEP_TAKEN,
  type Rule,
  type Workspace,
  applyPending,
  clearPending,
  createWorkspace,
  derivatives,
  forward,
  trainSample,
} from './backprop.js';
import { type StepKernel, compileStep } from './compiled-step.js';
import { unrolledStep } from './unrolled-step.js';
import type { SampleSet } from './dataset.js';
import type { Network } from './network.js';
import { type Schedule, constantSchedule, etaAt } from './schedule.js';

export interface Divergence {
  /** The step (counted from 1) whose values stopped being finite. */
  readonly step: number;
  /** η at that step. */
  readonly eta: number;
  /** Where it showed: in the forward/backward values, or in the new weights. */
  readonly where: 'signals' | 'weights';
}

export interface TrainerOptions {
  readonly network: Network;
  readonly samples: SampleSet;
  readonly rule?: Rule;
  readonly schedule?: Schedule;
  readonly batch?: number;
  /**
   * Which copy of the step runs (all give the same numbers): 'fastest'
   * (default) the step compiled for this shape where there is one, else
   * the unrolled loops; 'unrolled' the loops; 'textbook' backprop.ts's
   * trainSample. The bench and the tests pick one to compare them.
   */
  readonly path?: StepPath;
}

export type StepPath = 'fastest' | 'unrolled' | 'textbook';

/** Everything one step computed, in the article's order, for the scene to animate. */
export interface StepTrace {
  /** The step's number, from 1. */
  readonly step: number;
  readonly sample: number;
  readonly rule: Rule;
  readonly eta: number;
  readonly x: number[];
  readonly z: number[];
  /** Per-neuron arrays, flat like network.ts's neuronOffset. */
  readonly e: Float64Array;
  readonly y: Float64Array;
  readonly delta: Float64Array;
  readonly dfde: Float64Array;
  readonly loss: number;
  readonly weightsBefore: Float64Array;
  readonly weightsAfter: Float64Array;
  readonly biasesBefore: Float64Array;
  readonly biasesAfter: Float64Array;
  /** This step's own change of each weight, η·δ_j·f'_j(e)·y_i (applied now, or pending in a batch). */
  readonly change: Float64Array;
  /** Whether the weights moved at the end of this step (always, unless inside a minibatch). */
  readonly applied: boolean;
  readonly diverged: Divergence | null;
}

export class Trainer {
  readonly network: Network;
  samples: SampleSet;
  rule: Rule;
  schedule: Schedule;
  batch: number;
  /** Steps taken so far. */
  stepCount = 0;
  /** The sample the next step takes. */
  cursor = 0;
  lastLoss = NaN;
  diverged: Divergence | null = null;
  readonly workspace: Workspace;
  private readonly path: StepPath;
  private kernel: StepKernel | null = null;
  private kernelRule: Rule | null = null;
  private kernelBatched = false;

  constructor(options: TrainerOptions) {
    this.path = options.path ?? 'fastest';
    this.network = options.network;
    this.samples = options.samples;
    this.rule = options.rule ?? 'exact';
    this.schedule = options.schedule ?? constantSchedule(0.5);
    this.batch = options.batch ?? 1;
    this.workspace = createWorkspace(this.network);
    if (this.samples.inputs !== this.network.sizes[0] && this.samples.count > 0) {
      throw new RangeError(`samples have ${this.samples.inputs} inputs but the network has ${this.network.sizes[0]}`);
    }
  }

  /** η of the next step. */
  get eta(): number {
    return etaAt(this.schedule, this.stepCount);
  }

  /**
   * One step on the next sample. Returns its loss ½·Σ(z − y)² (before the
   * update), or NaN if the network diverged (see `diverged`).
   */
  step(): number {
    return this.advance() ? this.lastLoss : NaN;
  }

  /** Runs up to n steps; stops early on divergence. Returns the steps taken. */
  run(n: number): number {
    for (let k = 0; k < n; k++) {
      if (!this.advance()) return k;
    }
    return n;
  }

  /**
   * The step itself: false if it could not be taken (diverged, or no
   * samples). It returns a boolean and leaves the loss in lastLoss, so that
   * a run of many steps allocates nothing (a returned fractional number
   * would be boxed on the heap at every call).
   */
  private advance(): boolean {
    if (this.diverged !== null || this.samples.count === 0) return false;
    const samples = this.samples;
    const ws = this.workspace;
    const s = this.cursor;
    const eta = etaAt(this.schedule, this.stepCount);
    this.stepCount++;
    this.cursor = s + 1 === samples.count ? 0 : s + 1;

    // Forward, backward and update (or, inside a minibatch, the pending sums).
    const batched = this.batch > 1;
    const kernel = this.kernelFor(batched);
    const xAt = s * samples.inputs;
    const zAt = s * samples.outputs;
    const status =
      kernel !== null
        ? kernel(this.network, samples.xs, xAt, samples.zs, zAt, eta, ws)
        : this.path === 'textbook'
          ? trainSample(this.network, samples.xs, xAt, samples.zs, zAt, this.rule, eta, ws, batched)
          : unrolledStep(this.network, samples.xs, xAt, samples.zs, zAt, this.rule, eta, ws, batched);
    if (status !== STEP_TAKEN) {
      this.diverge(eta, status === REFUSED_SIGNALS ? 'signals' : 'weights');
      return false;
    }
    this.lastLoss = ws.loss;
    if (batched && ws.pendingCount >= this.batch && !applyPending(this.network, ws)) {
      this.diverge(eta, 'weights');
      return false;
    }
    return true;
  }

  /** The compiled step for the current rule and mode, looked up again only when either changes. */
  private kernelFor(batched: boolean): StepKernel | null {
    if (this.kernelRule !== this.rule || this.kernelBatched !== batched) {
      this.kernelRule = this.rule;
      this.kernelBatched = batched;
      this.kernel = this.path === 'fastest' ? compileStep(this.network, this.rule, batched) : null;
    }
    return this.kernel;
  }

  /** Applies a minibatch's pending changes now (the end of a run mid-batch). */
  flush(): boolean {
    if (this.workspace.pendingCount === 0) return true;
    if (!applyPending(this.network, this.workspace)) {
      this.diverge(etaAt(this.schedule, this.stepCount - 1), 'weights');
      return false;
    }
    return true;
  }

  /** One step, recording everything it computed. */
  stepTraced(): StepTrace {
    const net = this.network;
    const ws = this.workspace;
    const sample = this.cursor;
    // This step's own η, taken before the step moves the schedule on.
    const eta = this.eta;
    const weightsBefore = net.weights.slice();
    const biasesBefore = net.biases.slice();
    const pendingBefore = ws.pendingCount;
    this.step();
    const applied = !this.diverged && (this.batch <= 1 || ws.pendingCount < pendingBefore + 1);
    const dfde = derivatives(net, ws);
    // Δw_ji = η·(δ_j·df_j(e)/de)·y_i, formed as backprop.ts's applyStep forms it.
    const change = new Float64Array(net.weightCount);
    for (let l = 1; l < net.sizes.length; l++) {
      const nIn = net.sizes[l - 1];
      for (let j = 0; j < net.sizes[l]; j++) {
        const k = net.neuronOffset[l] + j;
        const step = eta * (ws.delta[k] * dfde[k]);
        const row = net.weightOffset[l - 1] + j * nIn;
        for (let i = 0; i < nIn; i++) change[row + i] = step * ws.y[net.neuronOffset[l - 1] + i];
      }
    }
    const { inputs, outputs } = this.samples;
    return {
      step: this.stepCount,
      sample,
      rule: this.rule,
      eta,
      x: Array.from(this.samples.xs.subarray(sample * inputs, (sample + 1) * inputs)),
      z: Array.from(this.samples.zs.subarray(sample * outputs, (sample + 1) * outputs)),
      e: ws.e.slice(),
      y: ws.y.slice(),
      delta: ws.delta.slice(),
      dfde,
      loss: this.diverged ? NaN : this.lastLoss,
      weightsBefore,
      weightsAfter: net.weights.slice(),
      biasesBefore,
      biasesAfter: net.biases.slice(),
      change,
      applied,
      diverged: this.diverged,
    };
  }

  /** Forget progress and divergence (the weights are the caller's to reset). */
  restart(): void {
    this.stepCount = 0;
    this.cursor = 0;
    this.lastLoss = NaN;
    this.diverged = null;
    clearPending(this.workspace);
  }

  /** Lets training go on after a divergence, from the last finite weights. */
  clearDivergence(): void {
    this.diverged = null;
    clearPending(this.workspace);
  }

  private diverge(eta: number, where: Divergence['where']): number {
    this.diverged = { step: this.stepCount, eta, where };
    clearPending(this.workspace);
    return NaN;
  }
}

/**
 * The dataset error: the mean over samples of ½·Σ(z − y)², by forward passes
 * alone. Uses its own workspace so it never disturbs a step in progress.
 */
export function datasetError(net: Network, set: SampleSet, ws: Workspace = createWorkspace(net)): number {
  if (set.count === 0) return NaN;
  const outStart = net.neuronOffset[net.sizes.length - 1];
  const nOut = set.outputs;
  let total = 0;
  for (let s = 0; s < set.count; s++) {
    forward(net, set.xs, ws, s * set.inputs);
    for (let j = 0; j < nOut; j++) {
      const d = set.zs[s * nOut + j] - ws.y[outStart + j];
      total += 0.5 * d * d;
    }
  }
  return total / set.count;
}

/**
 * The messages between a player's screen (renderer/) and the host (app/).
 * The renderer sends intents; the host checks each one against these
 * schemas, runs the core, and sends state back. The same schemas type both
 * ends, so a message that type-checks in the renderer is one the host takes.
 */
import { z } from 'zod';
import { ACTIVATIONS, type ActivationName } from './activation.js';
import type { Rule } from './backprop.js';
import { type DatasetSpec, datasetSpecSchema } from './dataset.js';
import { type Schedule, baseEta, scheduleSchema } from './schedule.js';
import type { Divergence, StepTrace } from './trainer.js';

/** Limits of what a player may build: up to 6 hidden layers of 16 neurons. */
export const LIMITS = {
  maxHiddenLayers: 6,
  maxNeurons: 16,
  /** |w| and |b| a player may set by hand. */
  maxWeight: 10,
  minEta: 0.0001,
  maxEta: 10,
  /** Steps per second of play: from one step every 5 s up to 20,000 a second. */
  minSpeed: 0.2,
  maxSpeed: 20_000,
  maxBatch: 64,
  /**
   * The error is scored on at most this many samples of each set (an even
   * spread of them), so that what a step or a weight edit costs the host
   * does not grow with the dataset.
   */
  maxScoredSamples: 256,
} as const;

const finite = z.number().refine(Number.isFinite, { message: 'must be a finite number' });
const index = z.number().int().min(0).max(LIMITS.maxNeurons - 1);
const layerIndex = z.number().int().min(0).max(LIMITS.maxHiddenLayers + 1);

/**
 * The largest |w| or |b| a saved network may hold. Training can take a
 * weight past LIMITS.maxWeight (that limit is for hand edits), so opened
 * files get more room, yet a bound that keeps every sum finite.
 */
export const MAX_SAVED_WEIGHT = 1e6;

const savedValue = finite.pipe(z.number().min(-MAX_SAVED_WEIGHT).max(MAX_SAVED_WEIGHT));
/** Inputs (≤ 2) × 16, 5 × 16 × 16 between hidden layers, 16 into the output: 1,328 at most. */
const MAX_WEIGHTS = 2 * LIMITS.maxNeurons + (LIMITS.maxHiddenLayers - 1) * LIMITS.maxNeurons ** 2 + LIMITS.maxNeurons;
const MAX_NEURONS = 2 + LIMITS.maxHiddenLayers * LIMITS.maxNeurons + 1;

/**
 * A network's shape and learning settings, as a player may build them:
 * hidden layer sizes (inputs and the one output follow from the dataset),
 * activations, bias, rule and minibatch size. Saved networks and levels
 * both start from it.
 */
export const networkShapeSchema = z
  .object({
    hidden: z.array(z.number().int().min(1).max(LIMITS.maxNeurons)).max(LIMITS.maxHiddenLayers),
    activation: z.enum(ACTIVATIONS),
    outputActivation: z.enum(ACTIVATIONS),
    bias: z.boolean(),
    rule: z.enum(['exact', 'article']),
    batch: z.number().int().min(1).max(LIMITS.maxBatch),
  })
  .strict();

/**
 * A whole network as the player saved it: the settings of `configure`
 * (all of them), the η schedule, and the weights and biases, flat in
 * network.ts's layout (biases one per neuron, inputs included, zero when
 * the network has none). Whether the counts fit the shape is checked by
 * networkShapeProblem, which needs the shape first.
 */
export const networkSchema = z
  .object({
    ...networkShapeSchema.shape,
    dataset: datasetSpecSchema,
    seed: z.number().int().min(0).max(0xffffffff),
    schedule: scheduleSchema,
    weights: z.array(savedValue).max(MAX_WEIGHTS),
    biases: z.array(savedValue).max(MAX_NEURONS),
  })
  .strict();

export type SavedNetwork = z.infer<typeof networkSchema>;

/** The layer sizes of a saved network, input layer first. */
export function savedNetworkLayers(n: SavedNetwork): number[] {
  return [n.dataset.kind === 'regression' ? 1 : 2, ...n.hidden, 1];
}

/** Why the weight and bias counts do not fit the network's shape, or null when they do. */
export function networkShapeProblem(n: SavedNetwork): string | null {
  const layers = savedNetworkLayers(n);
  let weights = 0;
  for (let l = 0; l + 1 < layers.length; l++) weights += layers[l] * layers[l + 1];
  const neurons = layers.reduce((a, b) => a + b, 0);
  if (n.weights.length !== weights) {
    return `a ${layers.join('-')} network has ${weights} weights, but ${n.weights.length} were given`;
  }
  if (n.biases.length !== neurons) {
    return `a ${layers.join('-')} network has ${neurons} biases (one per neuron), but ${n.biases.length} were given`;
  }
  if (!n.bias && n.biases.some((b) => b !== 0)) return 'biases are off, yet some are not 0';
  return null;
}

/** Everything the renderer may ask of the host, by message type. */
export const intentSchemas = {
  /** η of a constant schedule, or the main η of the current schedule. */
  setEta: z.object({ eta: finite.pipe(z.number().min(LIMITS.minEta).max(LIMITS.maxEta)) }).strict(),
  /**
   * Its main η within setEta's limits. The main η is the schedule's largest
   * (scheduleSchema keeps a decay falling and a warm-up's peak on top), so
   * no stage goes above it; none goes below SCHEDULE_ETA_MIN either.
   */
  setSchedule: z
    .object({
      schedule: scheduleSchema.refine((s) => baseEta(s) >= LIMITS.minEta && baseEta(s) <= LIMITS.maxEta, {
        message: `the main η must be between ${LIMITS.minEta} and ${LIMITS.maxEta}`,
      }),
    })
    .strict(),
  /** Weight from neuron `from` of layer `layer` into neuron `to` of layer `layer + 1`. */
  setWeight: z
    .object({ layer: layerIndex, to: index, from: index, value: finite.pipe(z.number().min(-LIMITS.maxWeight).max(LIMITS.maxWeight)) })
    .strict(),
  /** Bias of neuron `neuron` of layer `layer` (≥ 1). */
  setBias: z
    .object({ layer: layerIndex.min(1), neuron: index, value: finite.pipe(z.number().min(-LIMITS.maxWeight).max(LIMITS.maxWeight)) })
    .strict(),
  /** One step; the host answers with a `trace` message to animate. */
  step: z.object({}).strict(),
  play: z.object({}).strict(),
  pause: z.object({}).strict(),
  setSpeed: z.object({ stepsPerSecond: finite.pipe(z.number().min(LIMITS.minSpeed).max(LIMITS.maxSpeed)) }).strict(),
  /** New weights from the seed, step count back to 0, divergence cleared. */
  reset: z.object({}).strict(),
  /** Change the network, data or rule. Fields left out stay as they are. */
  configure: z
    .object({
      hidden: z.array(z.number().int().min(1).max(LIMITS.maxNeurons)).max(LIMITS.maxHiddenLayers).optional(),
      activation: z.enum(ACTIVATIONS).optional(),
      outputActivation: z.enum(ACTIVATIONS).optional(),
      bias: z.boolean().optional(),
      rule: z.enum(['exact', 'article']).optional(),
      batch: z.number().int().min(1).max(LIMITS.maxBatch).optional(),
      dataset: datasetSpecSchema.optional(),
      seed: z.number().int().min(0).max(0xffffffff).optional(),
    })
    .strict(),
  /**
   * Replace the whole network by a saved one (a file the player opens):
   * its shape, data, rule, schedule and every weight. The step count and
   * chart start again from 0.
   */
  loadNetwork: z.object({ network: networkSchema }).strict(),
} as const;

export type IntentType = keyof typeof intentSchemas;
export type Intent<T extends IntentType = IntentType> = z.infer<(typeof intentSchemas)[T]>;
export const INTENT_TYPES = Object.keys(intentSchemas) as IntentType[];

export type CheckedIntent = { [T in IntentType]: { type: T; body: Intent<T> } }[IntentType];

/** Checks one message; returns it typed, or a one-line reason it was refused. */
export function checkIntent(type: unknown, body: unknown): { ok: true; intent: CheckedIntent } | { ok: false; reason: string } {
  // An own key only: names such as "constructor" or "__proto__" are on every object's prototype.
  if (typeof type !== 'string' || !Object.hasOwn(intentSchemas, type)) {
    return { ok: false, reason: `unknown message ${JSON.stringify(type)}` };
  }
  const schema = intentSchemas[type as IntentType];
  const result = schema.safeParse(body ?? {});
  if (!result.success) {
    const issue = result.error.issues[0];
    const path = issue.path.length ? issue.path.join('.') + ': ' : '';
    return { ok: false, reason: `${type}: ${path}${issue.message}` };
  }
  return { ok: true, intent: { type, body: result.data } as CheckedIntent };
}

/** What the host sends a client whose message it refused. */
export interface RefusalMessage {
  /** The message type that was refused. */
  readonly type: string;
  readonly reason: string;
}

/** One point of the error chart. */
export interface ErrorPoint {
  readonly step: number;
  readonly train: number;
  /** null when the dataset has no test set. */
  readonly test: number | null;
}

/**
 * Everything the renderer draws, as plain data: the host's state as the
 * client module hands it over. Weights, biases and per-neuron values are
 * flat, in network.ts's layout.
 */
export interface SandboxSnapshot {
  readonly layers: readonly number[];
  /** Per layer; [0] is unused. */
  readonly activations: readonly ActivationName[];
  readonly bias: boolean;
  readonly rule: Rule;
  readonly batch: number;
  readonly dataset: DatasetSpec;
  readonly seed: number;
  readonly weights: readonly number[];
  readonly biases: readonly number[];
  /** e and y of every neuron for the last step's sample (layer 0: its x). */
  readonly e: readonly number[];
  readonly y: readonly number[];
  /** The last step's sample (index into the training set), or −1 before the first step. */
  readonly sample: number;
  readonly step: number;
  /** η of the next step. */
  readonly eta: number;
  readonly schedule: Schedule;
  readonly playing: boolean;
  readonly speed: number;
  readonly trainError: number | null;
  readonly testError: number | null;
  readonly history: readonly ErrorPoint[];
  readonly diverged: Divergence | null;
}

/** A StepTrace as it travels: typed arrays as plain arrays. */
export type StepTraceMessage = {
  [K in keyof StepTrace]: StepTrace[K] extends Float64Array ? number[] : StepTrace[K];
};

export function traceToMessage(t: StepTrace): StepTraceMessage {
  return {
    ...t,
    e: Array.from(t.e),
    y: Array.from(t.y),
    delta: Array.from(t.delta),
    dfde: Array.from(t.dfde),
    weightsBefore: Array.from(t.weightsBefore),
    weightsAfter: Array.from(t.weightsAfter),
    biasesBefore: Array.from(t.biasesBefore),
    biasesAfter: Array.from(t.biasesAfter),
    change: Array.from(t.change),
  };
}

/**
 * The room state as it travels (the host's Colyseus schema, as JSON): the
 * snapshot's nested objects go as JSON strings, and "none" as −1 or "".
 */
export interface WireState {
  layers: number[];
  activations: string[];
  bias: boolean;
  rule: string;
  batch: number;
  datasetJson: string;
  seed: number;
  weights: number[];
  biases: number[];
  e: number[];
  y: number[];
  sample: number;
  step: number;
  eta: number;
  scheduleJson: string;
  playing: boolean;
  speed: number;
  trainError: number;
  testError: number;
  history: { step: number; train: number; test: number }[];
  divergedJson: string;
}

export function snapshotFromWire(w: WireState): SandboxSnapshot {
  const none = (v: number) => (v < 0 || !Number.isFinite(v) ? null : v);
  return {
    layers: w.layers,
    activations: w.activations as ActivationName[],
    bias: w.bias,
    rule: w.rule as Rule,
    batch: w.batch,
    dataset: JSON.parse(w.datasetJson) as DatasetSpec,
    seed: w.seed,
    weights: w.weights,
    biases: w.biases,
    e: w.e,
    y: w.y,
    sample: w.sample,
    step: w.step,
    eta: w.eta,
    schedule: JSON.parse(w.scheduleJson) as Schedule,
    playing: w.playing,
    speed: w.speed,
    trainError: none(w.trainError),
    testError: none(w.testError),
    history: w.history.map((p) => ({ step: p.step, train: p.train, test: none(p.test) })),
    diverged: w.divergedJson ? (JSON.parse(w.divergedJson) as Divergence) : null,
  };
}

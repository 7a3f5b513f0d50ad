/**
 * The `trace` command's input and output (DESIGN.md, "The trace command"):
 * a JSON spec of a network, its weights, samples and rule in; every step's
 * e, y, δ, loss and new weights out. This module checks the spec and runs
 * it on the trainer; app/cli/trace.ts only reads files and prints.
 */
import { z } from 'zod';
import { ACTIVATIONS } from './activation.js';
import { RULES } from './backprop.js';
import { sampleSetFrom } from './dataset.js';
import {
  type Network,
  createNetwork,
  loadNestedBiases,
  loadNestedWeights,
  nestedBiases,
  nestedWeights,
} from './network.js';
import { constantSchedule } from './schedule.js';
import { Trainer } from './trainer.js';

const finite = z.number().refine(Number.isFinite, { message: 'must be a finite number' });
const activationName = z.enum(ACTIVATIONS, {
  error: (issue) => `must be one of ${ACTIVATIONS.join(', ')} (got ${JSON.stringify(issue.input)})`,
});

export const traceSpecSchema = z
  .object({
    layers: z.array(z.number().int().min(1).max(4096)).min(2).max(64),
    activation: z.union([activationName, z.array(activationName)]),
    bias: z.boolean().optional().default(false),
    weights: z.array(z.array(z.array(finite))),
    biases: z.array(z.array(finite)).optional(),
    rule: z.enum(RULES as ['exact', 'article'], {
      error: (issue) => `must be "exact" or "article" (got ${JSON.stringify(issue.input)})`,
    }),
    eta: finite,
    samples: z.array(z.object({ x: z.array(finite), z: z.array(finite) })).min(1),
    steps: z.number().int().min(0).max(100_000_000),
    batch: z.number().int().min(1).optional().default(1),
    report: z.enum(['steps', 'summary']).optional().default('steps'),
  })
  .superRefine((spec, ctx) => {
    const fail = (message: string, path: (string | number)[]) => ctx.addIssue({ code: 'custom', message, path });
    const { layers } = spec;
    const L = layers.length;
    if (Array.isArray(spec.activation) && spec.activation.length !== L - 1) {
      fail(`needs one activation per non-input layer: ${L - 1}, got ${spec.activation.length}`, ['activation']);
    }
    if (spec.weights.length !== L - 1) {
      fail(`needs ${L - 1} layers of weights for ${L} layers, got ${spec.weights.length}`, ['weights']);
      return;
    }
    for (let l = 0; l < L - 1; l++) {
      if (spec.weights[l].length !== layers[l + 1]) {
        fail(`needs ${layers[l + 1]} rows (one per neuron of layer ${l + 1}), got ${spec.weights[l].length}`, ['weights', l]);
        return;
      }
      for (let j = 0; j < layers[l + 1]; j++) {
        if (spec.weights[l][j].length !== layers[l]) {
          fail(`needs ${layers[l]} weights (one per neuron of layer ${l}), got ${spec.weights[l][j].length}`, ['weights', l, j]);
          return;
        }
      }
    }
    if (spec.bias) {
      if (!spec.biases) {
        fail('is required when bias is true', ['biases']);
        return;
      }
      if (spec.biases.length !== L - 1) {
        fail(`needs ${L - 1} layers of biases, got ${spec.biases.length}`, ['biases']);
        return;
      }
      for (let l = 0; l < L - 1; l++) {
        if (spec.biases[l].length !== layers[l + 1]) {
          fail(`needs ${layers[l + 1]} biases (one per neuron of layer ${l + 1}), got ${spec.biases[l].length}`, ['biases', l]);
          return;
        }
      }
    }
    spec.samples.forEach((s, k) => {
      if (s.x.length !== layers[0]) fail(`needs ${layers[0]} inputs, got ${s.x.length}`, ['samples', k, 'x']);
      if (s.z.length !== layers[L - 1]) fail(`needs ${layers[L - 1]} targets, got ${s.z.length}`, ['samples', k, 'z']);
    });
  });

export type TraceSpec = z.infer<typeof traceSpecSchema>;

export interface TraceStepOut {
  x: number[];
  z: number[];
  e: number[][];
  y: number[][];
  delta: number[][];
  loss: number;
  weights: number[][][];
  biases?: number[][];
}

export type TraceOutput =
  | { steps: TraceStepOut[]; weights: number[][][]; biases?: number[][] }
  | { weights: number[][][]; biases?: number[][]; lastLoss: number | null };

/** Thrown for a spec that cannot run; its message is one line for the user. */
export class TraceInputError extends Error {}

/** Thrown when the run's values stop being finite. */
export class TraceDivergedError extends Error {
  constructor(
    readonly step: number,
    readonly eta: number,
  ) {
    super(
      `the network diverged at step ${step}: its values stopped being finite (η = ${eta} is probably too large; try a smaller eta)`,
    );
  }
}

/** Checks a parsed JSON value against the spec; throws TraceInputError with one clear line. */
export function parseTraceSpec(value: unknown): TraceSpec {
  const result = traceSpecSchema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue.path.length ? formatPath(issue.path) : 'spec';
  let message = issue.message;
  if (issue.code === 'invalid_type' && /received undefined/.test(message)) message = 'is missing';
  else if (issue.code === 'unrecognized_keys') message = `has unknown field(s) ${issue.keys.join(', ')}`;
  throw new TraceInputError(`${where} ${message}`.replace(/^spec Invalid input: expected object.*/, 'the spec must be a JSON object'));
}

function formatPath(path: readonly PropertyKey[]): string {
  let s = '';
  for (const p of path) s += typeof p === 'number' ? `[${p}]` : s ? `.${String(p)}` : String(p);
  return s;
}

function perLayer(net: Network, flat: Float64Array): number[][] {
  const out: number[][] = [];
  for (let l = 1; l < net.sizes.length; l++) {
    out.push(Array.from(flat.subarray(net.neuronOffset[l], net.neuronOffset[l + 1])));
  }
  return out;
}

/** Runs a checked spec. Throws TraceDivergedError if the values stop being finite. */
export function runTrace(spec: TraceSpec): TraceOutput {
  const net = createNetwork({ layers: spec.layers, activation: spec.activation, bias: spec.bias });
  loadNestedWeights(net, spec.weights);
  if (spec.bias && spec.biases) loadNestedBiases(net, spec.biases);
  const trainer = new Trainer({
    network: net,
    samples: sampleSetFrom(spec.samples),
    rule: spec.rule,
    // The game's schedules take only positive η; the command takes any finite η as given.
    schedule: constantSchedule(spec.eta),
    batch: spec.batch,
  });
  const withBias = <T extends object>(o: T, b: () => number[][]): T & { biases?: number[][] } =>
    spec.bias ? { ...o, biases: b() } : o;
  const stopIfDiverged = () => {
    if (trainer.diverged) throw new TraceDivergedError(trainer.diverged.step, trainer.diverged.eta);
  };

  if (spec.report === 'summary') {
    trainer.run(spec.steps);
    stopIfDiverged();
    trainer.flush();
    stopIfDiverged();
    return withBias({ weights: nestedWeights(net), lastLoss: spec.steps > 0 ? trainer.lastLoss : null }, () =>
      nestedBiases(net),
    );
  }

  const steps: TraceStepOut[] = [];
  for (let k = 0; k < spec.steps; k++) {
    const t = trainer.stepTraced();
    stopIfDiverged();
    if (k === spec.steps - 1) {
      trainer.flush();
      stopIfDiverged();
    }
    steps.push(
      withBias(
        {
          x: t.x,
          z: t.z,
          e: perLayer(net, t.e),
          y: perLayer(net, t.y),
          delta: perLayer(net, t.delta),
          loss: t.loss,
          weights: nestedWeights(net),
        },
        () => nestedBiases(net),
      ),
    );
  }
  return withBias({ steps, weights: nestedWeights(net) }, () => nestedBiases(net));
}

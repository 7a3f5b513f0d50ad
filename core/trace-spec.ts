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
import { type Divergence, Trainer } from './trainer.js';

const finite = z.number().refine(Number.isFinite, { message: 'must be a finite number' });
const activationName = z.enum(ACTIVATIONS, {
  error: (issue) => `must be one of ${ACTIVATIONS.join(', ')}, got ${JSON.stringify(issue.input)}`,
});

export const traceSpecSchema = z
  .object({
    layers: z.array(z.number().int().min(1).max(4096)).min(2).max(64),
    activation: z.union([activationName, z.array(activationName)]),
    bias: z.boolean().optional().default(false),
    weights: z.array(z.array(z.array(finite))),
    biases: z.array(z.array(finite)).optional(),
    rule: z.enum(RULES as ['exact', 'article'], {
      error: (issue) => `must be "exact" or "article", got ${JSON.stringify(issue.input)}`,
    }),
    eta: finite,
    samples: z.array(z.object({ x: z.array(finite), z: z.array(finite) })).min(1),
    steps: z.number().int().min(0).max(100_000_000),
    batch: z.number().int().min(1).optional().default(1),
    report: z.enum(['steps', 'summary']).optional().default('steps'),
  })
  // Fields it does not know are left out (specs from other tools may carry
  // notes of their own); traceCommand names them in a warning, so that a
  // misspelt optional field ("bacth") does not go unnoticed.
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
    if (!spec.bias && spec.biases) {
      fail('are given but bias is not true: set "bias": true to use them, or leave them out', ['biases']);
      return;
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

/** Thrown when the run's values stop being finite; the message says what grew too large. */
export class TraceDivergedError extends Error {
  constructor(
    readonly step: number,
    readonly eta: number,
    readonly reason: string,
  ) {
    super(`the network diverged at step ${step}: ${reason}`);
  }
}

const big = (v: number) => String(Number(v.toPrecision(3)));

function largest(values: Float64Array | readonly (readonly number[])[]): number {
  let m = 0;
  for (const v of values as Iterable<number | readonly number[]>) {
    if (typeof v === 'number') m = Math.max(m, Math.abs(v));
    else for (const u of v) m = Math.max(m, Math.abs(u));
  }
  return m;
}

/**
 * In words, what grew: the weights over the run (η too large), or the
 * weights and inputs as given (nothing to do with η), and where it showed.
 */
function divergenceCause(d: Divergence, spec: TraceSpec, net: Network, startWeights: number): string {
  const now = Math.max(largest(net.weights), largest(net.biases));
  const input = spec.samples.reduce((m, s) => Math.max(m, largest([s.x])), 0);
  const grew = now > startWeights * 1.0001 + 1e-300;
  const showed =
    d.where === 'signals'
      ? 'a weighted sum e (or the loss) became too large for a number'
      : 'the update η·δ·f′(e)·y would make a weight too large for a number';
  if (grew) {
    return `${showed}; the weights had grown from at most ${big(startWeights)} to ${big(now)} in size (η = ${d.eta} is too large for this network; try a smaller eta)`;
  }
  if (d.where === 'weights' && d.eta !== 0) {
    return `${showed} (η = ${d.eta} times an error of this size is too large; try a smaller eta)`;
  }
  return `${showed}, with the weights as given (up to ${big(now)} in size) and inputs up to ${big(input)}; η played no part: make the weights or inputs smaller`;
}

/** Checks a parsed JSON value against the spec; throws TraceInputError with one clear line. */
export function parseTraceSpec(value: unknown): TraceSpec {
  const result = traceSpecSchema.safeParse(value, { error: explainIssue });
  if (!result.success) throw new TraceInputError(describeIssue(result.error.issues[0], []));
  const spec = result.data;
  if (spec.report === 'steps') {
    const perStep = stepOutputSize(spec);
    const most = Math.floor(MAX_STEPS_OUTPUT / perStep);
    if (spec.steps > most) {
      throw new TraceInputError(
        `steps ${spec.steps} with report "steps" would print about ${Math.ceil((spec.steps * perStep) / 2 ** 20).toLocaleString('en-US')} MB, more than the command can hold; ask for at most ${most} steps of this network, or set "report": "summary" to print only the final weights`,
      );
    }
  }
  return spec;
}

type Issue = z.core.$ZodIssue;
type RawIssue = z.core.$ZodRawIssue;

/** One line for the first problem: where it is (`weights[0][1]`) and what is wrong. */
function describeIssue(issue: Issue, outer: readonly PropertyKey[]): string {
  const path = [...outer, ...issue.path];
  if (issue.code === 'invalid_union') {
    // activation: a name or a list of names. Report the branch that matches
    // the value's kind (the list's bad entry, or the bad name), not both.
    const branch =
      issue.errors.find((issues) => issues.length > 0 && issues[0].path.length > 0) ??
      issue.errors.find((issues) => issues.length > 0 && issues[0].code !== 'invalid_type');
    if (branch) return describeIssue(branch[0], path);
    return `${where(path)} must be one of ${ACTIVATIONS.join(', ')}, or a list of them (one per non-input layer)`;
  }
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((k) => JSON.stringify(k)).join(', ');
    return `${where(path)} has unknown field${issue.keys.length > 1 ? 's' : ''} ${keys}`;
  }
  return `${where(path)} ${issue.message}`;
}

/** Messages for zod's own checks, written for someone editing a spec by hand. */
function explainIssue(issue: RawIssue): string | undefined {
  const input = issue.input;
  switch (issue.code) {
    case 'invalid_type':
      if (input === undefined) return 'is missing';
      if (issue.expected === 'number' && typeof input === 'number') {
        return `must be a finite number, got ${input} (JSON numbers beyond ±1.8e308, such as 1e999, overflow to Infinity)`;
      }
      if (issue.expected === 'int') return `must be a whole number, got ${show(input)}`;
      return `must be ${TYPE_NAMES[issue.expected] ?? issue.expected}, got ${kindOf(input)}`;
    case 'too_small':
    case 'too_big': {
      const bound = issue.code === 'too_small' ? issue.minimum : issue.maximum;
      const side = issue.code === 'too_small' ? 'at least' : 'at most';
      if (issue.origin === 'array') {
        const n = Array.isArray(input) ? input.length : '?';
        return `needs ${side} ${bound} entr${Number(bound) === 1 ? 'y' : 'ies'}, got ${n}`;
      }
      const strict = issue.inclusive === false ? (issue.code === 'too_small' ? 'greater than' : 'less than') : side;
      return `must be ${strict} ${bound}, got ${show(input)}`;
    }
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, got ${show(input)}`;
    default:
      return undefined;
  }
}

const TYPE_NAMES: Record<string, string> = {
  number: 'a number',
  string: 'a string',
  boolean: 'true or false',
  array: 'a list [...]',
  object: 'an object {...}',
};

function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${show(v)}`;
}

function show(v: unknown): string {
  const s = typeof v === 'number' ? String(v) : JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 40 ? `${s.slice(0, 37)}...` : s;
}

function where(path: readonly PropertyKey[]): string {
  if (path.length === 0) return 'the spec';
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

/**
 * The most characters the steps report may print: beyond this the document
 * (and the memory to build it) outgrows what one process can hold, so the
 * command refuses before running. 128 MB (a run near it takes about half a
 * gigabyte of memory).
 */
export const MAX_STEPS_OUTPUT = 128 * 2 ** 20;

/** An upper bound on the characters of one step of the steps report: ~25 per number, with its comma and brackets. */
export function stepOutputSize(spec: Pick<TraceSpec, 'layers' | 'bias'>): number {
  const { layers } = spec;
  let numbers = layers[0] + layers[layers.length - 1] + 1;
  for (let l = 1; l < layers.length; l++) numbers += 3 * layers[l] + layers[l] * layers[l - 1] + (spec.bias ? layers[l] : 0);
  return 25 * numbers + 120;
}

/** Runs a checked spec. Throws TraceDivergedError if the values stop being finite. */
export function runTrace(spec: TraceSpec): TraceOutput {
  const net = createNetwork({ layers: spec.layers, activation: spec.activation, bias: spec.bias });
  loadNestedWeights(net, spec.weights);
  if (spec.bias && spec.biases) loadNestedBiases(net, spec.biases);
  const startWeights = Math.max(largest(net.weights), largest(net.biases));
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
    const d = trainer.diverged;
    if (d) throw new TraceDivergedError(d.step, d.eta, divergenceCause(d, spec, net, startWeights));
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

/** What the trace command prints and how it ends, for the text of a spec. */
export interface TraceCommandResult {
  /** 0: ran; 1: a fault of the program itself; 2: bad input; 3: the run diverged. */
  readonly code: 0 | 1 | 2 | 3;
  /** The JSON document (code 0), without the final newline; otherwise empty. */
  readonly output: string;
  /** One line, without a newline, for every code but 0; otherwise empty. */
  readonly error: string;
  /** With code 0, a line naming spec fields that were ignored; otherwise empty. */
  readonly warning?: string;
}

const KNOWN_FIELDS = new Set(Object.keys(traceSpecSchema.shape));

/** The top-level fields of a spec that the command does not know. */
export function unknownFields(json: unknown): string[] {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return [];
  return Object.keys(json).filter((k) => !KNOWN_FIELDS.has(k));
}

/**
 * The trace command, short of reading its input: parses the JSON text,
 * checks it and runs it. app/cli/trace.ts reads the file and prints this.
 */
export function traceCommand(text: string): TraceCommandResult {
  // A byte-order mark, as some editors save UTF-8, is not part of the JSON.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') return failed(2, 'the spec is empty: expected a JSON object');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return failed(2, `the spec is not valid JSON: ${describeJsonError(text, (err as Error).message)}`);
  }
  try {
    const output = JSON.stringify(runTrace(parseTraceSpec(json)));
    const unknown = unknownFields(json);
    const warning = unknown.length
      ? `ignored unknown field${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => JSON.stringify(k)).join(', ')} (the fields are ${[...KNOWN_FIELDS].join(', ')})`
      : '';
    return { code: 0, output, error: '', warning: oneLine(warning) };
  } catch (err) {
    if (err instanceof TraceInputError) return failed(2, err.message);
    if (err instanceof TraceDivergedError) return failed(3, err.message);
    return failed(1, `internal error: ${(err as Error).message}`);
  }
}

function failed(code: 1 | 2 | 3, message: string): TraceCommandResult {
  return { code, output: '', error: oneLine(message) };
}

/**
 * The parser's complaint, with the line and column when it gives a
 * position; its quotes of the input may hold line breaks, shown as \n.
 */
function describeJsonError(text: string, message: string): string {
  const at = /\s*(?:in JSON )?at position (\d+)(?: \(line \d+ column \d+\))?/.exec(message);
  if (!at) return message;
  const pos = Number(at[1]);
  const before = text.slice(0, pos);
  const line = before.split('\n').length;
  const column = pos - before.lastIndexOf('\n');
  return `${message.slice(0, at.index)}${message.slice(at.index + at[0].length)} (line ${line}, column ${column})`;
}

/** Keeps a message on one line: line breaks and tabs become visible escapes. */
function oneLine(message: string): string {
  return message.replace(/\r/g, '\\r').replace(/\n/g, '\\n').replace(/\t/g, '\\t');
}

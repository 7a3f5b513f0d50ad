/**
 * A saved network on disk: what "Save network…" writes and "Open
 * network…" reads, in the desktop app and in the browser alike.
 *
 *   { "format": "backprop-arena/network", "version": 1,
 *     "savedAt": "2026-…Z", "step": 1200, "network": { …SavedNetwork } }
 *
 * A file to open may be anything: cut short, not JSON, huge, nested a
 * million deep, another program's JSON, a newer version of ours, or a
 * network whose weights do not fit its shape. readNetworkFile never throws;
 * it answers with the network or with a kind of problem (which the screen
 * words in the player's language) and a detail naming the field at fault.
 */
import { z } from 'zod';
import { type SandboxSnapshot, type SavedNetwork, networkSchema, networkShapeProblem } from './protocol.js';

export const NETWORK_FILE_FORMAT = 'backprop-arena/network';
export const NETWORK_FILE_VERSION = 1;
/** The file name ending of a saved network (its content is JSON). */
export const NETWORK_FILE_EXTENSION = 'bpnet';
export const NETWORK_FILE_MIME = 'application/x-backprop-arena-network+json';
/**
 * The largest network file read: the biggest network the game builds is
 * 1,328 weights, about 40 KB written out; anything far past that is not ours.
 */
export const MAX_NETWORK_FILE_BYTES = 512 * 1024;
/** JSON deeper than this is refused before parsing (ours is 4 deep). */
const MAX_DEPTH = 16;

export const networkFileSchema = z
  .object({
    format: z.literal(NETWORK_FILE_FORMAT),
    version: z.literal(NETWORK_FILE_VERSION),
    savedAt: z.string().max(64).optional(),
    /** How many steps the network had trained when saved (for the player's information). */
    step: z.number().int().min(0).optional(),
    network: networkSchema,
  })
  .strict();

export type NetworkFile = z.infer<typeof networkFileSchema>;

export type NetworkFileProblem =
  /** Larger than any network the game saves. */
  | 'tooBig'
  /** Not text in JSON form (or empty, or cut short). */
  | 'notJson'
  /** JSON, but not a Backprop Arena network file. */
  | 'notNetwork'
  /** Saved by a newer version of the game. */
  | 'newerVersion'
  /** Ours, but a value is missing, out of range or does not fit the shape. */
  | 'invalid';

export type NetworkFileResult =
  | { ok: true; file: NetworkFile }
  | { ok: false; problem: NetworkFileProblem; detail: string };

/** The file's text for a network, as "Save network…" writes it. */
export function writeNetworkFile(network: SavedNetwork, step: number, savedAt: Date = new Date()): string {
  const file: NetworkFile = {
    format: NETWORK_FILE_FORMAT,
    version: NETWORK_FILE_VERSION,
    savedAt: savedAt.toISOString(),
    step,
    network,
  };
  return JSON.stringify(file, null, 1) + '\n';
}

/** The deepest nesting of [ and { outside strings, counted without parsing. */
function nestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let k = 0; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (inString) {
      if (c === 0x5c) k++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) deepest = Math.max(deepest, ++depth);
    else if (c === 0x7d || c === 0x5d) depth--;
  }
  return deepest;
}

function describe(issue: z.core.$ZodIssue): string {
  const path = issue.path.length ? issue.path.map(String).join('.') + ': ' : '';
  return path + issue.message;
}

/**
 * Reads a network file's text (byteLength: its size on disk, when known,
 * so a huge file is refused before it is decoded).
 */
export function readNetworkFile(text: string, byteLength: number = text.length): NetworkFileResult {
  if (byteLength > MAX_NETWORK_FILE_BYTES || text.length > MAX_NETWORK_FILE_BYTES) {
    return { ok: false, problem: 'tooBig', detail: `${byteLength} bytes; a saved network is at most ${MAX_NETWORK_FILE_BYTES}` };
  }
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === '') return { ok: false, problem: 'notJson', detail: 'the file is empty' };
  if (nestingDepth(body) > MAX_DEPTH) return { ok: false, problem: 'notNetwork', detail: `nested more than ${MAX_DEPTH} levels deep` };
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch (err) {
    return { ok: false, problem: 'notJson', detail: (err as Error).message };
  }
  if (!data || typeof data !== 'object' || Array.isArray(data) || (data as { format?: unknown }).format !== NETWORK_FILE_FORMAT) {
    return { ok: false, problem: 'notNetwork', detail: 'no "format": "backprop-arena/network" field' };
  }
  const version = (data as { version?: unknown }).version;
  if (typeof version === 'number' && version > NETWORK_FILE_VERSION) {
    return { ok: false, problem: 'newerVersion', detail: `version ${version}; this game reads version ${NETWORK_FILE_VERSION}` };
  }
  const parsed = networkFileSchema.safeParse(data);
  if (!parsed.success) return { ok: false, problem: 'invalid', detail: describe(parsed.error.issues[0]) };
  const shape = networkShapeProblem(parsed.data.network);
  if (shape) return { ok: false, problem: 'invalid', detail: shape };
  return { ok: true, file: parsed.data };
}

/** A file name for a network saved now: backprop-arena-2-3-2-1-step-1200.bpnet */
export function networkFileName(network: SavedNetwork, step: number): string {
  const shape = [network.dataset.kind === 'regression' ? 1 : 2, ...network.hidden, 1].join('-');
  return `backprop-arena-${shape}-step-${step}.${NETWORK_FILE_EXTENSION}`;
}

/** The network a player sees, as a file saves it. */
export function savedNetworkFrom(s: SandboxSnapshot): SavedNetwork {
  const last = s.layers.length - 1;
  return {
    hidden: s.layers.slice(1, last),
    // activations[0] is unused; with no hidden layer, layer 1 is the output.
    activation: s.activations[1],
    outputActivation: s.activations[last],
    bias: s.bias,
    rule: s.rule,
    batch: s.batch,
    dataset: s.dataset,
    seed: s.seed,
    schedule: s.schedule,
    weights: [...s.weights],
    biases: [...s.biases],
  };
}

/**
 * Share codes: a level as a short code a player can read aloud or type,
 * such as "3KQ7" for a level of the game or a few groups of four for a
 * custom challenge, and back.
 *
 * Alphabet: the 31 digits and capital letters that remain once the look-
 * alikes 0 O, 1 I L are left out. Case, spaces and dashes are ignored when
 * reading.
 *
 * Layout: the level packed into bits (below), read as one whole number
 * behind a leading 1 bit (so leading zero bits survive), written in base
 * 31, then one check character:
 *
 *   check = Σ_k (k mod 30 + 1) · digit_k   (mod 31)
 *
 * 31 is prime and the weights are 1…30, so changing any one character, or
 * swapping two neighbours, always changes the check: a mistyped code is
 * refused, never read as another level.
 *
 * Bits, after a 3-bit version:
 *   1 bit   0 = a level of the game, then its index in LEVELS
 *           1 = a custom challenge: the dataset, the network, the seed of
 *               its starting weights, a constant η, the target, the budget
 *               and the rules (η fixed or free, no range; custom challenges
 *               start from seeded weights).
 * Whole numbers are written as a 6-bit length and that many bits.
 */
import { ACTIVATIONS, type ActivationName } from '../activation.js';
import { DATASET_KINDS } from '../dataset.js';
import { LIMITS } from '../protocol.js';
import { type Level, levelSchema } from './level.js';
import { LEVELS } from './catalog.js';

export const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const BASE = BigInt(CODE_ALPHABET.length);
const VERSION = 1;

/** Why a code could not be read. */
export type CodeProblem =
  | 'empty'
  /** A character outside the alphabet. */
  | 'characters'
  /** The check character does not match: a typo, or a code cut short. */
  | 'check'
  /** Read, but made by a newer game. */
  | 'version'
  /** Read, but names a level this game does not have. */
  | 'unknown-level'
  /** Read, but what it describes is not a valid level. */
  | 'invalid';

export type DecodedCode = { ok: true; level: Level; builtIn: boolean } | { ok: false; problem: CodeProblem };

// ---- bits

class BitWriter {
  bits: number[] = [];
  put(value: number, width: number): void {
    for (let k = width - 1; k >= 0; k--) this.bits.push(Math.floor(value / 2 ** k) % 2);
  }
  uint(value: number): void {
    const width = value === 0 ? 0 : Math.floor(Math.log2(value)) + 1;
    this.put(width, 6);
    this.put(value, width);
  }
}

class BitReader {
  private at = 0;
  constructor(private readonly bits: readonly number[]) {}
  get(width: number): number {
    if (this.at + width > this.bits.length) throw new RangeError('code too short');
    let v = 0;
    for (let k = 0; k < width; k++) v = v * 2 + this.bits[this.at++];
    return v;
  }
  uint(): number {
    const width = this.get(6);
    if (width > 32) throw new RangeError('number too long');
    return this.get(width);
  }
  get done(): boolean {
    return this.at === this.bits.length;
  }
}

/** A positive number as two significant digits: mantissa 10–99 and a power of ten from −9 to −2 (times 10). */
function putSmall(w: BitWriter, value: number, top: number): void {
  let exp = Math.floor(Math.log10(value)) - 1;
  let m = Math.round(value / 10 ** exp);
  if (m >= 100) {
    m = Math.round(m / 10);
    exp += 1;
  }
  w.put(m - 10, 7);
  w.put(Math.max(0, Math.min(15, top - exp)), 4);
}

function getSmall(r: BitReader, top: number): number {
  const m = r.get(7) + 10;
  const exp = top - r.get(4);
  // Round away the binary noise of m·10^exp so that the value reads as typed.
  return Number((m * 10 ** exp).toPrecision(2));
}

// ---- characters

function checkDigit(digits: readonly number[]): number {
  let sum = 0;
  digits.forEach((d, k) => {
    sum += ((k % 30) + 1) * d;
  });
  return sum % 31;
}

function bitsToCode(bits: readonly number[]): string {
  let n = 1n;
  for (const b of bits) n = n * 2n + BigInt(b);
  const digits: number[] = [];
  while (n > 0n) {
    digits.unshift(Number(n % BASE));
    n /= BASE;
  }
  digits.push(checkDigit(digits));
  const chars = digits.map((d) => CODE_ALPHABET[d]).join('');
  return chars.match(/.{1,4}/g)!.join('-');
}

function codeToBits(code: string): { ok: true; bits: number[] } | { ok: false; problem: CodeProblem } {
  const clean = code.toUpperCase().replace(/[\s-]+/g, '');
  if (clean.length === 0) return { ok: false, problem: 'empty' };
  const digits: number[] = [];
  for (const c of clean) {
    const d = CODE_ALPHABET.indexOf(c);
    if (d < 0) return { ok: false, problem: 'characters' };
    digits.push(d);
  }
  const check = digits.pop()!;
  if (digits.length === 0 || checkDigit(digits) !== check) return { ok: false, problem: 'check' };
  let n = 0n;
  for (const d of digits) n = n * BASE + BigInt(d);
  const bits = n.toString(2).split('').map(Number);
  if (bits[0] !== 1) return { ok: false, problem: 'check' };
  return { ok: true, bits: bits.slice(1) };
}

// ---- levels

/** What a custom challenge is made of: the sandbox's settings and the player's target and budget. */
export interface CustomChallenge {
  network: Level['network'];
  dataset: Level['dataset'];
  seed: number;
  eta: number;
  target: Level['target'];
  budget: number;
  /** true: η stays as given. */
  etaFixed: boolean;
}

const ACT = ACTIVATIONS as readonly ActivationName[];

/** The code of one of the game's levels. */
export function levelCode(index: number): string {
  const w = new BitWriter();
  w.put(VERSION, 3);
  w.put(0, 1);
  w.uint(index);
  return bitsToCode(w.bits);
}

/** The code of a custom challenge. */
export function customCode(c: CustomChallenge): string {
  const w = new BitWriter();
  w.put(VERSION, 3);
  w.put(1, 1);
  const d = c.dataset;
  w.put(DATASET_KINDS.indexOf(d.kind), 3);
  w.uint(d.count);
  w.put(Math.round(d.noise * 100), 7);
  w.put(Math.round(d.testShare * 100), 7);
  w.uint(d.seed);
  const n = c.network;
  w.put(n.hidden.length, 3);
  for (const size of n.hidden) w.put(size - 1, 4);
  w.put(ACT.indexOf(n.activation), 2);
  w.put(ACT.indexOf(n.outputActivation), 2);
  w.put(n.bias ? 1 : 0, 1);
  w.put(n.rule === 'article' ? 1 : 0, 1);
  w.put(n.batch - 1, 6);
  w.uint(c.seed);
  putSmall(w, c.eta, 1);
  w.put(c.etaFixed ? 1 : 0, 1);
  putSmall(w, c.target.error, 0);
  w.put(c.target.on === 'test' ? 1 : 0, 1);
  w.uint(c.budget);
  return bitsToCode(w.bits);
}

/** A custom challenge as a level (its words say what it asks, in both languages). */
export function customLevel(c: CustomChallenge): Level {
  const n = c.budget.toLocaleString('en-US');
  const set = { en: c.target.on === 'test' ? 'test' : 'training', ja: c.target.on === 'test' ? 'テスト' : '学習' };
  return levelSchema.parse({
    id: 'custom',
    network: c.network,
    dataset: c.dataset,
    seed: c.seed,
    schedule: { kind: 'constant', eta: c.eta },
    speed: 200,
    target: c.target,
    budget: c.budget,
    rules: { eta: c.etaFixed ? { kind: 'fixed' } : { kind: 'free' }, scheduleChanges: !c.etaFixed, training: true, handEdits: true, ruleChoice: false },
    stars: { by: 'steps', three: Math.max(1, Math.floor(c.budget / 2)), two: Math.max(1, Math.floor((c.budget * 3) / 4)) },
    text: {
      en: {
        title: 'Custom challenge',
        goal: `Bring the ${set.en} error to ${c.target.error} within ${n} steps.`,
        hint: 'A challenge made in the sandbox. Half the budget or less earns three stars.',
      },
      ja: {
        title: 'カスタムチャレンジ',
        goal: `${n}ステップ以内に${set.ja}誤差を${c.target.error}まで下げよう。`,
        hint: 'サンドボックスで作られたチャレンジ。予算の半分以内なら星3つ。',
      },
    },
  });
}

/** Reads a code; never throws. */
export function decodeCode(code: string): DecodedCode {
  const read = codeToBits(code);
  if (!read.ok) return read;
  try {
    const r = new BitReader(read.bits);
    if (r.get(3) !== VERSION) return { ok: false, problem: 'version' };
    if (r.get(1) === 0) {
      const index = r.uint();
      if (!r.done) return { ok: false, problem: 'invalid' };
      const level = LEVELS[index];
      return level ? { ok: true, level, builtIn: true } : { ok: false, problem: 'unknown-level' };
    }
    const kind = DATASET_KINDS[r.get(3)];
    const count = r.uint();
    const noise = r.get(7) / 100;
    const testShare = r.get(7) / 100;
    const dataSeed = r.uint();
    const layers = r.get(3);
    const hidden: number[] = [];
    for (let k = 0; k < layers; k++) hidden.push(r.get(4) + 1);
    const activation = ACT[r.get(2)];
    const outputActivation = ACT[r.get(2)];
    const bias = r.get(1) === 1;
    const rule = r.get(1) === 1 ? 'article' : 'exact';
    const batch = r.get(6) + 1;
    const seed = r.uint();
    const eta = getSmall(r, 1);
    const etaFixed = r.get(1) === 1;
    const error = getSmall(r, 0);
    const on = r.get(1) === 1 ? 'test' : 'train';
    const budget = r.uint();
    if (!r.done || kind === undefined || layers > LIMITS.maxHiddenLayers) return { ok: false, problem: 'invalid' };
    const level = customLevel({
      network: { hidden, activation, outputActivation, bias, rule, batch },
      dataset: { kind, count, noise, testShare, seed: dataSeed },
      seed,
      eta,
      etaFixed,
      target: { error, on },
      budget,
    });
    return { ok: true, level, builtIn: false };
  } catch {
    return { ok: false, problem: 'invalid' };
  }
}

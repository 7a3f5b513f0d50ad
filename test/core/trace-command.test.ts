/**
 * The trace command's answer to bad input: exit code 2, exactly one line on
 * stderr that names the problem, no stack trace, nothing on stdout. Every
 * case runs through core's traceCommand (what the command prints); a few of
 * them, and the file errors, also through the real command.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_STEPS_OUTPUT, stepOutputSize, traceCommand } from '../../core/trace-spec.js';
import { runTraceCommand } from './helpers.js';

const good = {
  layers: [2, 2, 1],
  activation: 'sigmoid',
  weights: [
    [
      [0.1, 0.2],
      [-0.3, 0.4],
    ],
    [[0.5, -0.6]],
  ],
  rule: 'exact',
  eta: 0.5,
  samples: [
    { x: [0, 1], z: [1] },
    { x: [1, 1], z: [0] },
  ],
  steps: 3,
};

/** `good` as JSON text with one field replaced by raw JSON text (so 1e999 stays 1e999). */
function withRaw(field: string, raw: string): string {
  const marker = '"@@RAW@@"';
  return JSON.stringify({ ...good, [field]: '@@RAW@@' }).replace(marker, raw);
}

const cases: [name: string, stdin: string, message: RegExp][] = [
  ['text that is not JSON', '{"layers": [2, 1', /the spec is not valid JSON/],
  ['an empty input', '', /the spec is empty/],
  ['JSON broken over several lines', '{\n  "layers": [2, 1],\n  "x": tru\n}\n', /the spec is not valid JSON/],
  ['a trailing comma', '{\n  "layers": [2, 1],\n}', /the spec is not valid JSON: .*\(line 3, column 1\)/],
  ['a JSON list', '[1, 2]', /the spec must be an object/],
  ['a missing field', JSON.stringify({ ...good, eta: undefined }), /^trace: eta is missing$/],
  ['a weight row of the wrong length', JSON.stringify({ ...good, weights: [[[0.1], [0.2, 0.3]], [[0.5, 0.6]]] }), /weights\[0\]\[0\] needs 2 weights.*got 1/],
  ['too few layers of weights', JSON.stringify({ ...good, weights: [[[0.1, 0.2], [0.3, 0.4]]] }), /weights needs 2 layers of weights.*got 1/],
  ['too many rows of weights', JSON.stringify({ ...good, weights: [good.weights[0], [[0.5, 0.6], [0.7, 0.8]]] }), /weights\[1\] needs 1 rows?.*got 2/],
  ['a weight that is a string', withRaw('weights', '[[["0.1", 0.2], [0.3, 0.4]], [[0.5, 0.6]]]'), /weights\[0\]\[0\]\[0\] must be a number, got string "0\.1"/],
  ['bias true without biases', JSON.stringify({ ...good, bias: true }), /biases is required when bias is true/],
  ['biases without bias: true', JSON.stringify({ ...good, biases: [[0.1, 0.2], [0.3]] }), /biases are given but bias is not true/],
  ['biases of the wrong shape', JSON.stringify({ ...good, bias: true, biases: [[0.1, 0.2], [0.3, 0.4]] }), /biases\[1\] needs 1 biases?.*got 2/],
  ['a sample with too many inputs', JSON.stringify({ ...good, samples: [good.samples[0], { x: [1, 2, 3], z: [0] }] }), /samples\[1\]\.x needs 2 inputs, got 3/],
  ['a sample with too many targets', JSON.stringify({ ...good, samples: [{ x: [1, 2], z: [0, 1] }] }), /samples\[0\]\.z needs 1 targets?, got 2/],
  ['a sample without z', JSON.stringify({ ...good, samples: [{ x: [1, 2] }] }), /samples\[0\]\.z is missing/],
  ['no samples', JSON.stringify({ ...good, samples: [] }), /samples needs at least 1/],
  ['an unknown activation', JSON.stringify({ ...good, activation: 'softmax' }), /activation must be one of sigmoid, tanh, relu, linear, got "softmax"/],
  ['an unknown activation in a list', JSON.stringify({ ...good, activation: ['tanh', 'swish'] }), /activation\[1\] must be one of .*got "swish"/],
  ['a list of activations of the wrong length', JSON.stringify({ ...good, activation: ['tanh'] }), /activation needs one activation per non-input layer: 2, got 1/],
  ['an unknown rule', JSON.stringify({ ...good, rule: 'fast' }), /rule must be "exact" or "article", got "fast"/],
  ['1e999 as a weight', withRaw('weights', '[[[0.1, 1e999], [0.3, 0.4]], [[0.5, 0.6]]]'), /weights\[0\]\[0\]\[1\] must be a finite number, got Infinity/],
  ['1e999 as η', withRaw('eta', '1e999'), /eta must be a finite number, got Infinity/],
  ['-1e999 as an input', withRaw('samples', '[{"x": [-1e999, 0], "z": [1]}]'), /samples\[0\]\.x\[0\] must be a finite number, got -Infinity/],
  ['a negative step count', JSON.stringify({ ...good, steps: -1 }), /steps must be at least 0, got -1/],
  ['a fractional step count', JSON.stringify({ ...good, steps: 2.5 }), /steps must be a whole number, got 2\.5/],
  ['batch 0', JSON.stringify({ ...good, batch: 0 }), /batch must be at least 1, got 0/],
  ['an unknown report', JSON.stringify({ ...good, report: 'all' }), /report must be one of "steps", "summary", got "all"/],
  ['a single layer', JSON.stringify({ ...good, layers: [2] }), /layers needs at least 2 entries, got 1/],
  ['a layer of no neurons', JSON.stringify({ ...good, layers: [2, 0, 1] }), /layers\[1\] must be at least 1, got 0/],
  ['bias that is not true or false', JSON.stringify({ ...good, bias: 'yes' }), /bias must be true or false, got string "yes"/],
];

function expectOneLineFailure(r: { code: number | null; stdout: string; stderr: string }, message: RegExp) {
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr.endsWith('\n')).toBe(true);
  const lines = r.stderr.slice(0, -1).split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^trace: /);
  expect(lines[0]).toMatch(message);
  expect(r.stderr).not.toMatch(/\bat .+:\d+|Error:|ZodError/);
}

describe('trace command, bad input (traceCommand)', () => {
  it('runs the good spec these cases start from', () => {
    const r = traceCommand(JSON.stringify(good));
    expect(r.code).toBe(0);
    expect(r.error).toBe('');
    expect(JSON.parse(r.output).steps).toHaveLength(3);
    expect(r.warning).toBe('');
  });

  it('runs a spec with a field it does not know, as if it were absent, and names the field', () => {
    const plain = traceCommand(JSON.stringify(good));
    const r = traceCommand(JSON.stringify({ ...good, bacth: 2, note: 'from another tool' }));
    expect(r.code).toBe(0);
    expect(r.output).toBe(plain.output);
    expect(r.warning).toMatch(/ignored unknown fields "bacth", "note"/);
  });

  it.each(cases)('%s', (_name, stdin, message) => {
    const r = traceCommand(stdin);
    expect(r.code).toBe(2);
    expect(r.output).toBe('');
    expect(r.error).not.toMatch(/\n/);
    expect(r.error).toMatch(new RegExp(message.source.replace(/^\^trace: /, '^')));
    expect(r.error).not.toMatch(/\bat .+:\d+|Error:|ZodError/);
  });
});

describe('trace command, input a text editor may have saved', () => {
  it('takes a spec that starts with a UTF-8 byte-order mark as if it had none', () => {
    const plain = traceCommand(JSON.stringify(good));
    const r = traceCommand('\uFEFF' + JSON.stringify(good, null, 2));
    expect(r.error).toBe('');
    expect(r.code).toBe(0);
    expect(r.output).toBe(plain.output);
  });

  it('the real command reads such a file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'trace-bom-'));
    try {
      const file = path.join(dir, 'spec.json');
      writeFileSync(file, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify(good))]));
      const r = await runTraceCommand([file]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout).steps).toHaveLength(3);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('trace command, a steps report too large to print', () => {
  const most = Math.floor(MAX_STEPS_OUTPUT / stepOutputSize({ layers: good.layers, bias: false }));

  it('is refused before it runs, in one line that says how many steps fit and offers the summary report', () => {
    // Just past the bound first: if the bound were not checked, this would run (for seconds) rather than hang.
    expect(traceCommand(JSON.stringify({ ...good, steps: most + 1 })).code).toBe(2);
    const started = performance.now();
    const r = traceCommand(JSON.stringify({ ...good, steps: 100_000_000 }));
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(r.code).toBe(2);
    expect(r.output).toBe('');
    expect(r.error).not.toMatch(/\n/);
    expect(r.error).toMatch(/^steps 100000000 with report "steps" would print about [\d,]+ MB.*at most \d+ steps.*"report": "summary"/);
    expect(r.error).toContain(`at most ${most} steps`);
  });

  it('the bound is the printed size: the same count runs as a summary, and a count that fits is not refused', () => {
    expect(traceCommand(JSON.stringify({ ...good, steps: most + 1, report: 'summary' })).code).toBe(0);
    // A steps report of 2,000 steps (well inside the bound) is about this size, below its estimate.
    const r = traceCommand(JSON.stringify({ ...good, steps: 2000 }));
    expect(r.code).toBe(0);
    expect(r.output.length).toBeLessThanOrEqual(2000 * stepOutputSize({ layers: good.layers, bias: false }));
    expect(r.output.length).toBeGreaterThan(0.3 * 2000 * stepOutputSize({ layers: good.layers, bias: false }));
  });

  it('the real command: exit code 2, one line, nothing on stdout, at once', async () => {
    expectOneLineFailure(await runTraceCommand(['-'], JSON.stringify({ ...good, steps: 100_000_000 })), /would print about .* MB/);
  }, 120_000);
});

describe('trace command, bad input (the real command)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'trace-bad-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const picked = ['JSON broken over several lines', '1e999 as a weight', 'an unknown activation', 'a weight row of the wrong length'];
  it.concurrent.each(cases.filter(([name]) => picked.includes(name)))(
    '%s',
    async (_name, stdin, message) => {
      expectOneLineFailure(await runTraceCommand(['-'], stdin), message);
    },
    120_000,
  );

  it.concurrent('a file that does not exist', async () => {
    expectOneLineFailure(await runTraceCommand([path.join(dir, 'nope.json')]), /cannot read .*nope\.json: no such file/);
  }, 120_000);

  it.concurrent('a folder instead of a file', async () => {
    expectOneLineFailure(await runTraceCommand([dir]), /it is a folder, not a file/);
  }, 120_000);

  it.concurrent('no file at all', async () => {
    expectOneLineFailure(await runTraceCommand([]), /no spec given; usage/);
  }, 120_000);
});

/**
 * The shared vectors (../shared/vectors): each spec, run by the core and by
 * the real `trace` command, must give the independent implementation's
 * output to 1e-9 relative.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleSetFrom } from '../../core/dataset.js';
import { createNetwork, loadNestedBiases, loadNestedWeights, nestedBiases, nestedWeights } from '../../core/network.js';
import { constantSchedule } from '../../core/schedule.js';
import { parseTraceSpec, runTrace } from '../../core/trace-spec.js';
import { type StepPath, Trainer } from '../../core/trainer.js';
import { jsonMismatch, loadVectors, runTraceCommand } from './helpers.js';

const vectors = loadVectors();

describe('shared vectors', () => {
  it('are there to check (the article under both rules and the random ones)', () => {
    const names = vectors.map((v) => v.name);
    expect(names).toContain('article-exact.json');
    expect(names).toContain('article-article.json');
    expect(vectors.length).toBeGreaterThanOrEqual(5);
  });

  it('the comparison notices a change in the 8th significant digit', () => {
    const v = vectors.find((x) => x.name === 'article-exact.json')!;
    const out = JSON.parse(JSON.stringify(v.expected));
    out.steps[3].delta[0][1] *= 1 + 1e-8;
    expect(jsonMismatch(out, v.expected)).toMatch(/steps\[3\]\.delta\[0\]\[1\]/);
    expect(jsonMismatch(v.expected, v.expected)).toBeNull();
  });

  for (const v of vectors) {
    it(`${v.name}: core runTrace matches`, () => {
      const out = runTrace(parseTraceSpec(v.spec));
      expect(jsonMismatch(out, v.expected)).toBeNull();
    });
  }

  it('include networks over the compiled step’s limit, which the unrolled loops train', () => {
    const big = vectors.filter((v) => {
      const layers = v.spec.layers as number[];
      return layers.slice(1).reduce((s, n, l) => s + n * layers[l], 0) > 160;
    });
    expect(big.map((v) => v.name)).toEqual(expect.arrayContaining(['big-0.json', 'big-1.json']));
  });

  it('the article rule and the exact rule give different hidden δ on the article network', () => {
    const a = vectors.find((x) => x.name === 'article-article.json')!.expected as { steps: { delta: number[][] }[] };
    const e = vectors.find((x) => x.name === 'article-exact.json')!.expected as { steps: { delta: number[][] }[] };
    expect(a.steps[0].delta[2]).toEqual(e.steps[0].delta[2]);
    expect(Math.abs(a.steps[0].delta[1][0] - e.steps[0].delta[1][0])).toBeGreaterThan(0.1);
  });
});

/** Runs a vector's spec on a trainer that uses one copy of the step, and writes what the trace command would. */
function traceOn(path: StepPath, spec: ReturnType<typeof parseTraceSpec>): unknown {
  const net = createNetwork({ layers: spec.layers, activation: spec.activation, bias: spec.bias });
  loadNestedWeights(net, spec.weights);
  if (spec.bias && spec.biases) loadNestedBiases(net, spec.biases);
  const trainer = new Trainer({ network: net, samples: sampleSetFrom(spec.samples), rule: spec.rule, schedule: constantSchedule(spec.eta), batch: spec.batch, path });
  const perLayer = (flat: Float64Array) => spec.layers.slice(1).map((n, l) => Array.from(flat.subarray(net.neuronOffset[l + 1], net.neuronOffset[l + 1] + n)));
  const withBias = <T extends object>(o: T) => (spec.bias ? { ...o, biases: nestedBiases(net) } : o);
  const steps = [];
  for (let k = 0; k < spec.steps; k++) {
    const t = trainer.stepTraced();
    expect(trainer.diverged).toBeNull();
    if (k === spec.steps - 1) trainer.flush();
    steps.push(withBias({ x: t.x, z: t.z, e: perLayer(t.e), y: perLayer(t.y), delta: perLayer(t.delta), loss: t.loss, weights: nestedWeights(net) }));
  }
  return withBias({ steps, weights: nestedWeights(net) });
}

describe('shared vectors on every copy of the step', () => {
  for (const path of ['textbook', 'unrolled', 'fastest'] as const) {
    for (const v of vectors) {
      it(`${v.name}: ${path}`, () => {
        expect(jsonMismatch(traceOn(path, parseTraceSpec(v.spec)), v.expected)).toBeNull();
      });
    }
  }
});

describe('shared vectors through the trace command', () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'trace-vectors-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  // One vector goes through stdin (below); every other one through a file.
  it.concurrent.each(vectors.filter((v) => v.name !== 'article-exact.json').map((v) => [v.name, v] as const))(
    '%s, spec in a file',
    async (name, v) => {
      const file = path.join(dir, name);
      writeFileSync(file, JSON.stringify(v.spec));
      const r = await runTraceCommand([file]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout.endsWith('\n')).toBe(true);
      expect(jsonMismatch(JSON.parse(r.stdout), v.expected)).toBeNull();
    },
    120_000,
  );

  it.concurrent('article-exact.json, spec on stdin (-), pretty-printed', async () => {
    const v = vectors.find((x) => x.name === 'article-exact.json')!;
    const r = await runTraceCommand(['-'], JSON.stringify(v.spec, null, 2));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(jsonMismatch(JSON.parse(r.stdout), v.expected)).toBeNull();
  }, 120_000);
});

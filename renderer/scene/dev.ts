/**
 * The scene's dev page: runs core in the page (no host) and feeds the scene
 * snapshots and step traces, so the picture can be looked at, clicked and
 * timed on its own. Served by Vite at /scene/dev.html. Also exposes
 * `window.sceneDev` for scripted screenshots and frame-time checks.
 */
import { ARTICLE_DATASET, type DatasetSpec, makeDataset } from '../../core/dataset.js';
import type { Rule } from '../../core/backprop.js';
import { createNetwork, initializeWeights, loadNestedWeights, type Network } from '../../core/network.js';
import { type SandboxSnapshot, type StepTraceMessage, traceToMessage } from '../../core/protocol.js';
import { constantSchedule } from '../../core/schedule.js';
import { Trainer, datasetError } from '../../core/trainer.js';
import { type NetworkScene, type PhaseCaption, createNetworkScene } from './index.js';
import { sceneClock } from './beat-player.js';

/** The article's network with the weights of the public test vectors. */
const ARTICLE_WEIGHTS = [
  [
    [0.15, -0.25],
    [0.4, 0.1],
    [-0.3, 0.35],
  ],
  [
    [0.2, -0.5, 0.3],
    [0.45, 0.25, -0.15],
  ],
  [[0.6, -0.4]],
];

interface World {
  net: Network;
  trainer: Trainer;
  dataset: DatasetSpec;
  last: StepTraceMessage | null;
  playing: boolean;
  eta: number;
}

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

function makeWorld(layers: number[], rule: Rule, bias = false): World {
  const net = createNetwork({ layers, activation: 'sigmoid', bias });
  const article = layers.join() === '2,3,2,1' && !bias;
  const dataset: DatasetSpec = article
    ? ARTICLE_DATASET
    : { kind: layers[0] === 1 ? 'regression' : 'circles', count: 200, noise: 0.1, testShare: 0, seed: 7 };
  if (article) loadNestedWeights(net, ARTICLE_WEIGHTS);
  else initializeWeights(net, 11);
  const eta = 0.5;
  const trainer = new Trainer({ network: net, samples: makeDataset(dataset).train, rule, schedule: constantSchedule(eta) });
  return { net, trainer, dataset, last: null, playing: false, eta };
}

function snapshotOf(w: World): SandboxSnapshot {
  const { net, trainer } = w;
  const stepped = trainer.stepCount > 0;
  const sample = stepped ? (trainer.cursor + trainer.samples.count - 1) % trainer.samples.count : -1;
  const err = datasetError(net, trainer.samples);
  return {
    layers: net.sizes,
    activations: net.activations,
    bias: net.bias,
    rule: trainer.rule,
    batch: trainer.batch,
    dataset: w.dataset,
    seed: 11,
    weights: Array.from(net.weights),
    biases: Array.from(net.biases),
    e: stepped ? Array.from(trainer.workspace.e) : [],
    y: stepped ? Array.from(trainer.workspace.y) : [],
    sample,
    step: trainer.stepCount,
    eta: trainer.eta,
    schedule: constantSchedule(w.eta),
    playing: w.playing,
    speed: 30,
    trainError: err,
    testError: null,
    history: [],
    diverged: trainer.diverged,
  };
}

async function main(): Promise<void> {
  const host = $<HTMLDivElement>('host');
  const phaseEl = $('phase');
  const formulaEl = $('formula');
  const dragEl = $('drag');
  const statsEl = $('stats');
  const captions: PhaseCaption[] = [];
  const drags: { ref: unknown; value: number; done: boolean }[] = [];
  let world = makeWorld([2, 3, 2, 1], 'exact');

  const scene: NetworkScene = await createNetworkScene(host, {
    onPhase(c) {
      if (c) captions.push(c);
      phaseEl.textContent = c ? c.phase : '–';
      formulaEl.textContent = c ? c.formula : '–';
    },
    onWeightDrag(ref, value, done) {
      drags.push({ ref, value, done });
      dragEl.textContent = `${JSON.stringify(ref)} → ${value}${done ? ' (done)' : ''}`;
      // Stand in for the host: take the value, then send a fresh snapshot.
      world.net.weights[world.net.weightOffset[ref.layer] + ref.to * world.net.sizes[ref.layer] + ref.from] = value;
      scene.show(snapshotOf(world));
    },
  });
  scene.show(snapshotOf(world));

  let playTimer = 0;
  const frameTimes: number[] = [];
  const showTimes: number[] = [];

  function rebuild(): void {
    pause();
    const layers = $<HTMLSelectElement>('shape').value.split(',').map(Number);
    world = makeWorld(layers, $<HTMLSelectElement>('rule').value as Rule, $<HTMLInputElement>('bias').checked);
    scene.show(snapshotOf(world));
  }

  let stepStart = 0;
  let stepDuration = 0;

  async function step(durationMs = Number($<HTMLInputElement>('duration').value) || 0): Promise<void> {
    const trace = traceToMessage(world.trainer.stepTraced());
    world.last = trace;
    stepStart = sceneClock.now();
    stepDuration = durationMs;
    const done = scene.playStep(trace, { durationMs });
    scene.show(snapshotOf(world));
    await done;
  }

  function play(stepsPerFrame = 1): void {
    if (world.playing) return;
    world.playing = true;
    let last = performance.now();
    let odd = false;
    const frame = (now: number) => {
      if (!world.playing) return;
      frameTimes.push(now - last);
      last = now;
      odd = !odd;
      if (odd) {
        world.trainer.run(stepsPerFrame);
        const s = snapshotOf(world);
        const t0 = performance.now();
        scene.show(s);
        showTimes.push(performance.now() - t0);
      }
      statsEl.textContent = `step ${world.trainer.stepCount}`;
      playTimer = requestAnimationFrame(frame);
    };
    playTimer = requestAnimationFrame(frame);
  }

  function pause(): void {
    world.playing = false;
    cancelAnimationFrame(playTimer);
    scene.show(snapshotOf(world));
  }

  $('step').addEventListener('click', () => void step());
  $('play').addEventListener('click', () => play());
  $('pause').addEventListener('click', pause);
  $('reset').addEventListener('click', rebuild);
  $('shape').addEventListener('change', rebuild);
  $('rule').addEventListener('change', rebuild);
  $('bias').addEventListener('change', rebuild);
  const setSize = (value: string) => {
    const [w, h] = value.split('x');
    host.style.width = `${w}px`;
    host.style.height = `${h}px`;
  };
  $<HTMLSelectElement>('size').addEventListener('change', (e) => setSize((e.target as HTMLSelectElement).value));
  $<HTMLInputElement>('reduced').addEventListener('change', (e) => scene.setReducedMotion((e.target as HTMLInputElement).checked));

  const percentile = (xs: number[], p: number) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length ? s[Math.min(s.length - 1, Math.floor(p * s.length))] : NaN;
  };

  Object.assign(window, {
    sceneDev: {
      scene,
      captions,
      drags,
      step,
      play,
      pause,
      rebuild,
      setSize(value: string) {
        $<HTMLSelectElement>('size').value = value;
        setSize(value);
      },
      setShape(layers: string, rule: Rule = 'exact', bias = false) {
        if (![...$<HTMLSelectElement>('shape').options].some((o) => o.value === layers)) {
          $<HTMLSelectElement>('shape').append(new Option(layers, layers));
        }
        $<HTMLInputElement>('bias').checked = bias;
        $<HTMLSelectElement>('shape').value = layers;
        $<HTMLSelectElement>('rule').value = rule;
        rebuild();
      },
      /** Holds the running step still at this fraction of its duration (null lets time run again). */
      freeze(fraction: number | null) {
        if (fraction === null) {
          sceneClock.now = () => performance.now();
          return;
        }
        const t = stepStart + fraction * stepDuration;
        sceneClock.now = () => t;
      },
      runSteps(n: number) {
        world.trainer.run(n);
        scene.show(snapshotOf(world));
      },
      /** Plays fast for `ms` and reports frame intervals and show() times (ms). */
      async bench(ms: number, stepsPerFrame = 1) {
        frameTimes.length = 0;
        showTimes.length = 0;
        play(stepsPerFrame);
        await new Promise((r) => setTimeout(r, ms));
        pause();
        const frames = frameTimes.slice(2);
        return {
          frames: frames.length,
          p50: percentile(frames, 0.5),
          p95: percentile(frames, 0.95),
          max: Math.max(...frames),
          showP95: percentile(showTimes, 0.95),
          showMax: Math.max(...showTimes),
        };
      },
    },
  });
}

void main();

/** backprop-arena's own core: the Trainer the game runs, and the same Trainer on each slower copy of its step. */
import { MAX_COMPILED_WEIGHTS } from '../../core/compiled-step.js';
import { createNetwork, loadNestedBiases, loadNestedWeights } from '../../core/network.js';
import { constantSchedule } from '../../core/schedule.js';
import { type StepPath, Trainer } from '../../core/trainer.js';
import type { Workload } from '../workloads.js';
import type { Peer } from './peer.js';

/** How the fastest path runs a workload: compiled-step.ts for small networks, else the unrolled loops. */
function fastestNote(w: Workload): string {
  const weights = w.layers.slice(1).reduce((s, n, l) => s + n * w.layers[l], 0);
  return weights <= MAX_COMPILED_WEIGHTS ? 'exact rule; the step compiled for the shape' : 'exact rule; the unrolled loops';
}

function corePath(name: string, path: StepPath, note: (w: Workload) => string): Peer {
  return {
    name,
    note,
    prepare(w) {
      const net = createNetwork({ layers: w.layers, activation: w.activation, bias: w.bias });
      loadNestedWeights(net, w.weights);
      loadNestedBiases(net, w.biases);
      const trainer = new Trainer({ network: net, samples: w.samples, rule: 'exact', schedule: constantSchedule(w.eta), batch: w.batch, path });
      return {
        train(n) {
          const done = trainer.run(n);
          if (trainer.diverged) throw new Error(`core diverged on ${w.id} at step ${trainer.diverged.step}`);
          return done;
        },
      };
    },
  };
}

export const corePeer = corePath('core', 'fastest', fastestNote);
export const coreUnrolledPeer = corePath('core, unrolled loops', 'unrolled', () => 'unrolled-step.ts on every shape');
export const coreTextbookPeer = corePath('core, textbook step', 'textbook', () => 'backprop.ts, plain loops');

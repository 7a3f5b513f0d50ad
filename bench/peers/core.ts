/** backprop-arena's own core: the Trainer the game runs. */
import { createNetwork, loadNestedBiases, loadNestedWeights } from '../../core/network.js';
import { constantSchedule } from '../../core/schedule.js';
import { Trainer } from '../../core/trainer.js';
import type { Peer } from './peer.js';

export const corePeer: Peer = {
  name: 'core',
  note: () => 'exact rule, as specified',
  prepare(w) {
    const net = createNetwork({ layers: w.layers, activation: w.activation, bias: w.bias });
    loadNestedWeights(net, w.weights);
    loadNestedBiases(net, w.biases);
    const trainer = new Trainer({
      network: net,
      samples: w.samples,
      rule: 'exact',
      schedule: constantSchedule(w.eta),
      batch: w.batch,
    });
    return {
      train(n) {
        const done = trainer.run(n);
        if (trainer.diverged) throw new Error(`core diverged on ${w.id} at step ${trainer.diverged.step}`);
        return done;
      },
    };
  },
};


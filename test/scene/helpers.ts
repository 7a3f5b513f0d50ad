/** A step of the article's network, traced by core, as the scene receives it. */
import type { Rule } from '../../core/backprop.js';
import { ARTICLE_XOR, sampleSetFrom } from '../../core/dataset.js';
import { createNetwork, initializeWeights, loadNestedWeights } from '../../core/network.js';
import { type StepTraceMessage, traceToMessage } from '../../core/protocol.js';
import { constantSchedule } from '../../core/schedule.js';
import { Trainer } from '../../core/trainer.js';

/** The weights of the public test vectors for the article's network. */
export const ARTICLE_WEIGHTS = [
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

export function articleTrace(rule: Rule, steps = 1, batch = 1): StepTraceMessage {
  const net = createNetwork({ layers: [2, 3, 2, 1], activation: 'sigmoid', bias: false });
  loadNestedWeights(net, ARTICLE_WEIGHTS);
  const trainer = new Trainer({ network: net, samples: sampleSetFrom(ARTICLE_XOR), rule, schedule: constantSchedule(0.5), batch });
  for (let k = 1; k < steps; k++) trainer.step();
  return traceToMessage(trainer.stepTraced());
}

export function bigTrace(layers: number[], rule: Rule = 'exact'): StepTraceMessage {
  const net = createNetwork({ layers, activation: 'sigmoid', bias: false });
  initializeWeights(net, 5);
  const samples = sampleSetFrom(ARTICLE_XOR);
  const trainer = new Trainer({ network: net, samples, rule, schedule: constantSchedule(0.5) });
  return traceToMessage(trainer.stepTraced());
}

/**
 * Lesson "rules", side by side: one training step of the article's rule
 * and one of the exact gradient, each on its own copy of the network, on
 * the same sample with the same η. While the two copies still hold the
 * same weights, the steps differ only in how δ travels back:
 *
 *   article   δm = Σn wmn·δn                 (as printed in the article)
 *   exact     δm = Σn wmn·(dfn(e)/de)·δn      (the slope of E = ½·(z − y)²)
 *
 * The output neuron's δ = z − y is the same under both; every hidden δ
 * differs (unless a derivative happens to be 1, which the sigmoid's never
 * is). The update w' = w + η·δn·dfn(e)/de·(input) is the same formula in
 * both, so the weights into the output neuron change alike on a first
 * step and every earlier weight changes differently.
 *
 * The host runs both steps and marks which δ differ; the screen only
 * shows the rows it is sent.
 */
import { type Network } from '../network.js';
import { sampleSetFrom } from '../dataset.js';
import { constantSchedule } from '../schedule.js';
import { type StepTrace, Trainer } from '../trainer.js';

/** One neuron's δ under each rule, in the article's numbering (1 … 6 for its network). */
export interface DeltaRow {
  /** The neuron's number, counting from 1 after the inputs. */
  readonly neuron: number;
  readonly article: number;
  readonly exact: number;
  /** Whether the two δ differ (beyond rounding in the last bits). */
  readonly differs: boolean;
}

export interface RuleComparison {
  readonly article: StepTrace;
  readonly exact: StepTrace;
  readonly rows: DeltaRow[];
}

/** How far apart two δ may be and still count as the same: a few units in the last place of a double. */
const SAME = 1e-12;

function stepOnce(net: Network, rule: 'article' | 'exact', x: readonly number[], z: readonly number[], eta: number): StepTrace {
  const trainer = new Trainer({ network: net, samples: sampleSetFrom([{ x: [...x], z: [...z] }]), rule, schedule: constantSchedule(eta) });
  return trainer.stepTraced();
}

/**
 * One step of each rule, on `articleNet` and `exactNet` (each changes in
 * place), and the δ of every neuron under both.
 */
export function compareRules(articleNet: Network, exactNet: Network, x: readonly number[], z: readonly number[], eta: number): RuleComparison {
  const article = stepOnce(articleNet, 'article', x, z, eta);
  const exact = stepOnce(exactNet, 'exact', x, z, eta);
  const inputs = articleNet.sizes[0];
  const rows: DeltaRow[] = [];
  for (let n = inputs; n < article.delta.length; n++) {
    const a = article.delta[n];
    const e = exact.delta[n];
    rows.push({ neuron: n - inputs + 1, article: a, exact: e, differs: Math.abs(a - e) > SAME * Math.max(1, Math.abs(a), Math.abs(e)) });
  }
  return { article, exact, rows };
}

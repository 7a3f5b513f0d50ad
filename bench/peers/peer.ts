/** What every peer of the benchmark provides. */
import type { Workload } from '../workloads.js';

export interface PreparedRun {
  /** Trains for about `sampleSteps` sample-steps (whole batches or epochs); returns how many it did. */
  train(sampleSteps: number): number | Promise<number>;
  /** Anything to release afterwards. */
  dispose?(): void;
}

export interface Peer {
  readonly name: string;
  /** How this peer's run differs from the workload, if it cannot match it exactly. */
  note(w: Workload): string;
  prepare(w: Workload): PreparedRun | Promise<PreparedRun>;
}

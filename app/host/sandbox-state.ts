/**
 * The synced state of a sandbox room (Colyseus schema): what every client
 * sees, delta-encoded by the framework. Its JSON form is core/protocol.ts's
 * WireState; the client turns it into a SandboxSnapshot.
 */
import { ArraySchema, Schema, type } from '@colyseus/schema';

export class ErrorPointState extends Schema {
  @type('float64') step = 0;
  @type('float64') train = 0;
  /** −1 when there is no test set. */
  @type('float64') test = -1;
}

export class SandboxState extends Schema {
  @type(['uint8']) layers = new ArraySchema<number>();
  @type(['string']) activations = new ArraySchema<string>();
  @type('boolean') bias = false;
  @type('string') rule = 'exact';
  @type('uint8') batch = 1;
  @type('string') datasetJson = '{}';
  @type('float64') seed = 1;
  @type(['float64']) weights = new ArraySchema<number>();
  @type(['float64']) biases = new ArraySchema<number>();
  @type(['float64']) e = new ArraySchema<number>();
  @type(['float64']) y = new ArraySchema<number>();
  @type('int32') sample = -1;
  @type('float64') step = 0;
  @type('float64') eta = 0.5;
  @type('string') scheduleJson = '{}';
  @type('boolean') playing = false;
  @type('float64') speed = 1;
  /** −1 when unknown. */
  @type('float64') trainError = -1;
  @type('float64') testError = -1;
  @type([ErrorPointState]) history = new ArraySchema<ErrorPointState>();
  /** "" while the network is fine; JSON of core's Divergence after it diverged. */
  @type('string') divergedJson = '';
}

/**
 * The sandbox room: one player's network on the host. Every message is
 * checked (core/protocol.ts) and rate-limited before it reaches the
 * session; refusals go back to the sender only. Play runs on the room's
 * clock; the state is patched to the client at display rate, not per step.
 */
import { type Client, Room } from '@colyseus/core';
import type { ArraySchema } from '@colyseus/schema';
import { type CheckedIntent, type RefusalMessage, checkIntent, traceToMessage } from '../../core/protocol.js';
import type { StepTrace } from '../../core/trainer.js';
import { RateLimiter } from './rate-limit.js';
import { type IntentOutcome, SandboxSession } from './sandbox-session.js';
import { ErrorPointState, SandboxState } from './sandbox-state.js';

/** Frames a second of state sent to the screen. */
export const DISPLAY_RATE = 30;
/** How long a player who drops keeps their network and place. */
export const RECONNECT_SECONDS = 30;

function syncNumbers(target: ArraySchema<number>, values: ArrayLike<number>): void {
  if (target.length !== values.length) {
    target.clear();
    for (let k = 0; k < values.length; k++) target.push(values[k]);
    return;
  }
  for (let k = 0; k < values.length; k++) {
    const v = values[k];
    if (target[k] !== v) target[k] = v;
  }
}

export class SandboxRoom extends Room<SandboxState> {
  override maxClients = 1;
  protected session = new SandboxSession();
  private limits = new Map<string, RateLimiter>();
  private lastHistoryLength = -1;
  private lastHistoryStep = -1;
  private lastHistoryTrain = NaN;

  override onCreate(): void {
    this.setState(this.makeState());
    this.setPatchRate(1000 / DISPLAY_RATE);
    this.syncState();
    this.onMessage('*', (client, type, body) => this.handle(client, type, body));
    this.setSimulationInterval((dtMs) => this.play(dtMs), 1000 / DISPLAY_RATE);
  }

  /** The synced state; a room that carries more (a challenge's goal) makes a subclass of it. */
  protected makeState(): SandboxState {
    return new SandboxState();
  }

  override onJoin(client: Client): void {
    this.limits.set(client.sessionId, new RateLimiter());
  }

  override async onLeave(client: Client, consented: boolean): Promise<void> {
    if (consented) {
      this.limits.delete(client.sessionId);
      return;
    }
    try {
      await this.allowReconnection(client, RECONNECT_SECONDS);
    } catch {
      this.limits.delete(client.sessionId);
    }
  }

  /** Survives a message whose bytes cannot even be decoded. */
  protected override _onMessage(client: Client & never, buffer: Buffer): void {
    try {
      super._onMessage(client, buffer);
    } catch {
      this.refuse(client, { type: '?', reason: 'a message could not be read; it was ignored' });
    }
  }

  protected handle(client: Client, type: string | number, body: unknown): void {
    const limiter = this.limits.get(client.sessionId);
    if (limiter && !limiter.take()) {
      if (limiter.shouldWarn()) this.refuse(client, { type: String(type), reason: 'too many messages; slow down' });
      return;
    }
    const checked = checkIntent(type, body);
    if (!checked.ok) {
      this.refuse(client, { type: String(type), reason: checked.reason });
      return;
    }
    const outcome = this.applyIntent(checked.intent);
    if (outcome.kind === 'refused') this.refuse(client, { type: String(type), reason: outcome.reason });
    if (outcome.kind === 'stepped') this.sendTrace(outcome.trace);
    this.syncState();
  }

  /** Where a checked intent goes: the session (a challenge puts its rules in front). */
  protected applyIntent(intent: CheckedIntent): IntentOutcome {
    return this.session.apply(intent);
  }

  protected refuse(client: Client, message: RefusalMessage): void {
    client.send('refused', message);
  }

  protected sendTrace(trace: StepTrace): void {
    this.broadcast('trace', traceToMessage(trace));
  }

  protected play(dtMs: number): void {
    if (!this.session.playing) return;
    const traces = this.session.tick(Math.min(dtMs, 250) / 1000);
    for (const t of traces) this.sendTrace(t);
    this.syncState();
  }

  /** Copies the session into the synced state (only what changed goes out). */
  protected syncState(): void {
    const s = this.session;
    const st = this.state;
    const net = s.network;
    syncNumbers(st.layers, net.sizes);
    if (st.activations.length !== net.sizes.length || net.activations.some((a, k) => st.activations[k] !== a)) {
      st.activations.clear();
      for (const a of net.activations) st.activations.push(a);
    }
    st.bias = s.config.bias;
    st.rule = s.config.rule;
    st.batch = s.config.batch;
    const dataset = JSON.stringify(s.config.dataset);
    if (st.datasetJson !== dataset) st.datasetJson = dataset;
    st.seed = s.config.seed;
    syncNumbers(st.weights, net.weights);
    syncNumbers(st.biases, net.biases);
    syncNumbers(st.e, s.trainer.workspace.e);
    syncNumbers(st.y, s.trainer.workspace.y);
    st.sample = s.lastSample;
    st.step = s.trainer.stepCount;
    st.eta = s.eta;
    const schedule = JSON.stringify(s.schedulePlan);
    if (st.scheduleJson !== schedule) st.scheduleJson = schedule;
    st.playing = s.playing;
    st.speed = s.speed;
    st.trainError = s.trainError ?? -1;
    st.testError = s.testError ?? -1;
    const diverged = s.trainer.diverged ? JSON.stringify(s.trainer.diverged) : '';
    if (st.divergedJson !== diverged) st.divergedJson = diverged;
    this.syncHistory();
  }

  private syncHistory(): void {
    const h = this.session.history;
    const last = h[h.length - 1];
    const lastStep = last ? last.step : -1;
    const lastTrain = last ? last.train : NaN;
    if (h.length === this.lastHistoryLength && lastStep === this.lastHistoryStep && Object.is(lastTrain, this.lastHistoryTrain)) return;
    const st = this.state.history;
    // Appending is the common case; a reset or a thinning rewrites the list.
    const appendOnly =
      h.length >= st.length && st.length > 0 && st.length <= h.length &&
      st[st.length - 1].step === h[st.length - 1]?.step;
    if (!appendOnly) st.clear();
    else if (st.length > 0) {
      const p = h[st.length - 1];
      const q = st[st.length - 1];
      q.train = p.train;
      q.test = p.test ?? -1;
    }
    for (let k = st.length; k < h.length; k++) {
      const p = h[k];
      const point = new ErrorPointState();
      point.step = p.step;
      point.train = p.train;
      point.test = p.test ?? -1;
      st.push(point);
    }
    this.lastHistoryLength = h.length;
    this.lastHistoryStep = lastStep;
    this.lastHistoryTrain = lastTrain;
  }
}

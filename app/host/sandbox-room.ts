/**
 * The sandbox room: one player's network on the host. Every message is
 * checked (core/protocol.ts) and rate-limited before it reaches the
 * session; refusals go back to the sender only. Play runs on the room's
 * clock; the state is patched to the client at display rate, not per step.
 */
import { type Client, Protocol, Room } from '@colyseus/core';
import { unpack } from '@colyseus/msgpackr';
import { type ArraySchema, decode } from '@colyseus/schema';
import { type CheckedIntent, type RefusalMessage, checkIntent, traceToMessage } from '../../core/protocol.js';
import type { StepTrace } from '../../core/trainer.js';
import { RateLimiter } from './rate-limit.js';
import { WorkBudget } from './work-budget.js';
import { type IntentOutcome, SandboxSession } from './sandbox-session.js';
import { ErrorPointState, SandboxState } from './sandbox-state.js';

/** Frames a second of state sent to the screen. */
export const DISPLAY_RATE = 30;
/** How long a player who drops keeps their network and place. */
export const RECONNECT_SECONDS = 30;
/** Rebuilding the network and its data costs more than other intents: fewer a second. */
export const CONFIGURE_RATE = 4;
/** State updates a second a room gets even when it is over its work budget. */
export const MIN_PATCH_RATE = 6;
/** Times a second the error is scored while playing. */
export const SCORE_RATE = 10;
/** WebSocket close code for a client closed for flooding (4000–4999 are the application's). */
export const CLOSE_FLOODING = 4008;

/**
 * What each synced list last held, as plain numbers: comparing against
 * this is far cheaper than reading the schema's change-tracked list.
 */
const sent = new WeakMap<ArraySchema<number>, Float64Array>();

function syncNumbers(target: ArraySchema<number>, values: ArrayLike<number>): void {
  const last = sent.get(target);
  if (!last || last.length !== values.length || target.length !== values.length) {
    target.clear();
    for (let k = 0; k < values.length; k++) target.push(values[k]);
    sent.set(target, Float64Array.from(values));
    return;
  }
  for (let k = 0; k < values.length; k++) {
    const v = values[k];
    if (!Object.is(last[k], v)) {
      target[k] = v;
      last[k] = v;
    }
  }
}

export class SandboxRoom extends Room<SandboxState> {
  override maxClients = 1;
  protected session = new SandboxSession();
  private limits = new Map<string, RateLimiter>();
  private configureLimits = new Map<string, RateLimiter>();
  /** Shared by every room of one host (server.ts gives each host its own). */
  protected budget = new WorkBudget();
  /** The player dropped without leaving: the network waits, paused, for them to come back. */
  private away = false;
  /** Milliseconds of work this room may still do (work-budget.ts). */
  private credit = 0;
  private lastScored = -Infinity;
  private patchesSkipped = 0;
  /** The session changed since the state was last copied. */
  private dirty = false;
  private lastHistoryLength = -1;
  private lastHistoryStep = -1;
  private lastHistoryTrain = NaN;

  override onCreate(): void {
    this.setState(this.makeState());
    this.setPatchRate(1000 / DISPLAY_RATE);
    this.syncState();
    this.onMessage('*', (client, type, body) => this.handle(client, type, body));
    // The state is copied once per patch, however many intents came in between.
    this.onBeforePatch = () => {
      if (!this.dirty) return;
      this.dirty = false;
      // A new or reset network goes out with its error (paid from the room's credit like any scoring).
      if (this.session.trainError === null) {
        const t0 = performance.now();
        if (this.session.refreshErrors()) this.spend(performance.now() - t0);
      }
      this.syncState();
    };
    this.setSimulationInterval((dtMs) => this.play(dtMs), 1000 / DISPLAY_RATE);
  }

  /** The synced state; a room that carries more (a challenge's goal) makes a subclass of it. */
  protected makeState(): SandboxState {
    return new SandboxState();
  }

  override onJoin(client: Client): void {
    this.limits.set(client.sessionId, new RateLimiter());
    this.configureLimits.set(client.sessionId, new RateLimiter(CONFIGURE_RATE, CONFIGURE_RATE * 2));
  }

  override async onLeave(client: Client, consented: boolean): Promise<void> {
    const flooded = this.limits.get(client.sessionId)?.persistent ?? false;
    if (consented || flooded) {
      this.forget(client);
      return;
    }
    // Gone without leaving (a dropped network, a closed lid): keep the place, stop training.
    this.away = true;
    try {
      await this.allowReconnection(client, RECONNECT_SECONDS);
      this.away = false;
    } catch {
      this.forget(client);
    }
  }

  override onDispose(): void {
    this.budget.forget(this);
  }

  /** Tells the player the host is closing, before the rooms close. */
  announceClosing(): void {
    this.broadcast('refused', { type: 'host', reason: 'the host is shutting down; your network is not kept' } satisfies RefusalMessage);
  }

  private forget(client: Client): void {
    this.limits.delete(client.sessionId);
    this.configureLimits.delete(client.sessionId);
  }

  /**
   * A frame whose bytes cannot be decoded is refused to its sender and
   * otherwise ignored (the framework would close the connection).
   */
  protected override _onMessage(client: Client & never, buffer: Buffer): void {
    if (buffer && buffer[0] === Protocol.ROOM_DATA) {
      try {
        const it = { offset: 1 };
        if (decode.stringCheck(buffer, it)) decode.string(buffer, it);
        else decode.number(buffer, it);
        if (buffer.byteLength > it.offset) unpack(buffer.subarray(it.offset, buffer.byteLength));
      } catch {
        if (this.admit(client, '?')) this.refuse(client, { type: '?', reason: 'a message could not be read; it was ignored' });
        return;
      }
    }
    try {
      super._onMessage(client, buffer);
    } catch {
      if (this.admit(client, '?')) this.refuse(client, { type: '?', reason: 'a message could not be read; it was ignored' });
    }
  }

  /**
   * Counts a message against its sender's budget: false if it must be
   * dropped. A client that keeps flooding after being told is disconnected.
   */
  private admit(client: Client, type: string): boolean {
    const limiter = this.limits.get(client.sessionId);
    if (!limiter) return true;
    if (limiter.take()) return true;
    if (limiter.persistent) {
      this.refuse(client, { type, reason: 'disconnected: far too many messages for too long; reload the page to play again' });
      client.leave(CLOSE_FLOODING);
    } else if (limiter.shouldWarn()) {
      this.refuse(client, { type, reason: 'too many messages; slow down' });
    }
    return false;
  }

  protected handle(client: Client, type: string | number, body: unknown): void {
    const name = typeof type === 'string' ? type.slice(0, 40) : String(type);
    if (!this.admit(client, name)) return;
    if (type === 'configure') {
      const slow = this.configureLimits.get(client.sessionId);
      if (slow && !slow.take()) {
        this.refuse(client, { type: name, reason: `configure: at most ${CONFIGURE_RATE} changes of the network a second; wait a moment` });
        return;
      }
    }
    const checked = checkIntent(type, body);
    if (!checked.ok) {
      this.refuse(client, { type: String(type), reason: checked.reason });
      return;
    }
    const outcome = this.applyIntent(checked.intent);
    if (outcome.kind === 'refused') this.refuse(client, { type: name, reason: outcome.reason });
    // Score the error now if the room can afford it, so the step and its error travel in one update;
    // a room out of credit has it scored on a later tick instead.
    if (this.credit > 0 && !this.session.playing) {
      const t0 = performance.now();
      if (this.session.refreshErrors()) this.spend(performance.now() - t0);
    }
    if (outcome.kind === 'stepped') this.sendTrace(outcome.trace);
    this.dirty = true;
  }

  /** Where a checked intent goes: the session (a challenge puts its rules in front). */
  protected applyIntent(intent: CheckedIntent): IntentOutcome {
    return this.session.apply(intent);
  }

  /** One tick of play within `allowanceMs` of work: the session's (a challenge stops at its goal). */
  protected advancePlay(dtSeconds: number, allowanceMs: number): StepTrace[] {
    return this.session.tick(dtSeconds, { allowanceMs });
  }

  protected refuse(client: Client, message: RefusalMessage): void {
    client.send('refused', message);
  }

  protected sendTrace(trace: StepTrace): void {
    this.broadcast('trace', traceToMessage(trace));
  }

  /**
   * One tick of the room's clock: play, then score the error if steps or
   * edits made it stale, both paid from the room's credit (work-budget.ts).
   * While playing, the error is scored at most SCORE_RATE times a second.
   */
  protected play(dtMs: number): void {
    const s = this.session;
    this.credit = this.budget.earn(this.credit, Math.min(dtMs, 250));
    let changed = false;
    // The error first when it is due, so that fast play, which spends all the credit it may, cannot starve it.
    const now = this.clock.currentTime;
    if (this.credit > 0 && (!s.playing || now - this.lastScored >= 1000 / SCORE_RATE)) {
      const t0 = performance.now();
      if (s.refreshErrors()) {
        this.lastScored = now;
        this.spend(performance.now() - t0);
        changed = true;
      }
    }
    if (s.playing && !this.away && this.credit > 0) {
      const t0 = performance.now();
      const traces = this.advancePlay(Math.min(dtMs, 250) / 1000, this.credit);
      for (const t of traces) this.sendTrace(t);
      this.spend(performance.now() - t0);
      changed = true;
    }
    if (changed) this.dirty = true;
  }

  /**
   * Sending the state is paid from the same credit: copying and encoding
   * the largest network's state costs about as much as many steps. A room
   * out of credit sends fewer updates (at least MIN_PATCH_RATE a second).
   */
  override broadcastPatch(): boolean {
    if (this.credit < 0 && this.patchesSkipped < DISPLAY_RATE / MIN_PATCH_RATE - 1) {
      this.patchesSkipped++;
      return false;
    }
    this.patchesSkipped = 0;
    const t0 = performance.now();
    const changed = super.broadcastPatch();
    this.spend(performance.now() - t0);
    return changed;
  }

  private spend(ms: number): void {
    this.credit -= ms;
    this.budget.worked(this);
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

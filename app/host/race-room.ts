/**
 * A race room: one challenge played by many, on the host.
 *
 * The teacher's screen creates the room (role "host") and gets the join
 * code, which is the room's id; students join by that code with a
 * nickname. The host alone decides: it runs every player's network
 * (race-player.ts), checks every message, caps every player's steps a
 * second, ranks everyone (core/race/ranking.ts) and ends the race.
 *
 * What travels, so that a class of 40 or a hall of 2,000 can play:
 *   - the shared state (race-state.ts) is tiny: phase, settings, clock,
 *     counts; in play it changes once a second, with the clock, or every
 *     10 seconds in a race of more than 200 (the screens count down);
 *   - each player gets what changed of their own network (race-self.ts)
 *     right after each of their intents and otherwise 5 times a second
 *     (2 in a race of more than 200), a share of the players on each 20 Hz
 *     tick, and nothing while nothing changed; the top 10 ride along at
 *     most once a second, when they changed;
 *   - the host's screen gets the leaderboard 4 times a second and every
 *     network for the projector once a second.
 * Everything lives in the room's own fields; nothing in module globals.
 */
import { type Client, Room, ServerError, matchMaker } from '@colyseus/core';
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { performance as nodePerformance } from 'node:perf_hooks';
import { type Level, type StepTrace, traceToMessage } from '../../core/index.js';
import {
  type ArchivedMessage,
  type BoardMessage,
  type BoardRow,
  type CheckedHostMessage,
  type ClosedMessage,
  NICKNAME_PROBLEMS,
  type NicknameProblem,
  type ProjectorNet,
  DEFAULT_RACE_LEVEL,
  RACE_LIMITS,
  type RaceOverMessage,
  type RacePhase,
  type ResultRow,
  type ResultsMessage,
  type Standing,
  type TopRow,
  checkHostMessage,
  checkNickname,
  checkRaceIntent,
  findRaceLevel,
  generateJoinCode,
  joinOptionsSchema,
  nicknameKey,
  rankStandings,
  resultsCsv,
} from '../../core/race/index.js';
import { RateLimiter } from './rate-limit.js';
import type { WorkBudget } from './work-budget.js';
import type { RaceArchive } from './race-archive.js';
import { isLoopbackAddress } from './loopback.js';
import { RacePlayer } from './race-player.js';
import { SelfLine } from './race-self.js';
import { RaceState } from './race-state.js';

/** Opens the host to the local network while a race is hosted (server.ts). */
export interface LanGate {
  /** Starts listening beyond loopback (counted); resolves to the addresses to open. */
  open(): Promise<string[]>;
  /** One race no longer needs it; the last one closes it. */
  close(): Promise<void>;
}

/** The host's front door (front-door.ts), told when a connection takes a seat. */
export interface SeatDoor {
  seat(socket: Socket): void;
}

export interface RaceRoomConfig {
  lan?: LanGate;
  /** Seated players' connections count against the race, not their address (a class behind one router). */
  door?: SeatDoor;
  /** The host's work budget, shared with its other rooms (work-budget.ts); none: the race is not held back. */
  budget?: WorkBudget;
  /** Where finished races are kept for the teacher's Past races (race-archive.ts); none: they are not kept. */
  archive?: Pick<RaceArchive, 'keep'>;
  /** How long a dropped player (or host) keeps their seat. */
  reconnectSeconds: number;
  countdownSeconds: number;
  /** A race of more players than this is a hall: it sends each kind of news less often (the *_EVERY constants). */
  hallSize: number;
}

/** Join refusals: a code per problem, so every screen can say it in its language. */
export const JOIN_REFUSALS = {
  empty: 4401,
  tooLong: 4402,
  characters: 4403,
  taken: 4404,
  ended: 4405,
  kicked: 4406,
  notHost: 4407,
  full: 4408,
} as const;

const TICK_MS = 50;
/** Each player's own message goes out every SELF_EVERY ticks (5 Hz)… */
const SELF_EVERY = 4;
/** …or every BIG_SELF_EVERY ticks (2 Hz) in a race of more than `hallSize` players; the echo of an intent goes out at once either way. */
const BIG_SELF_EVERY = 10;
/** Self-updates sent in one go before the host reads its messages again. */
const SELF_CHUNK = 40;
const BOARD_EVERY = 5;
/** A race of more than `hallSize` players (200 by default) sends the host's screen the whole board once a second instead. */
const BIG_BOARD_EVERY = 20;
const BIG_RANK_EVERY = 5;
/** In a hall the host sets the screens' clocks right every this many seconds (they count down between). */
const BIG_CLOCK_EVERY = 10;
/**
 * The largest share of the host's loop a race's play may use: more than
 * one player's room (it plays for many), still bounded by the host's even
 * split among the rooms at work, so it cannot starve the others.
 */
export const RACE_SHARE = 0.4;
/**
 * In a hall the messages themselves keep the loop busy. Play then gets what
 * is left of the loop below this share, measured each second, so that the
 * host always has time to read the next intent: LOOP_BUSY_TARGET − (the
 * loop's busy share besides play), never below MIN_RACE_SHARE.
 */
const LOOP_BUSY_TARGET = 0.7;
const MIN_RACE_SHARE = 0.1;
const PROJECTOR_EVERY = 20;
const eventLoopUtilization = nodePerformance.eventLoopUtilization.bind(nodePerformance);
/** Steps the fastest player takes in one turn when the work budget is short (race-room.ts, play). */
const STEPS_PER_SHORT_TURN = 10;
/** The longest a tick may work on play, in ms: a round that needs more goes on at the next tick. */
const MAX_PLAY_MS_PER_TICK = 20;
/** Ticks between two updates of the player count in the shared state, outside play (in play they go with the clock). */
const COUNT_EVERY = 20;
const TOP = 10;
/** The top 10 go to a player at most this often. */
const TOP_EVERY_MS = 1000;
/** Networks on the projector (the first this many by place). */
const PROJECTOR_MAX = 60;

interface Seat {
  readonly id: string;
  readonly nickname: string;
  readonly key: string;
  player: RacePlayer;
  client: Client | null;
  limiter: RateLimiter;
  reachedMs: number | null;
  kicked: boolean;
  /** The seat's index in the send rotation. */
  slot: number;
  /** What the player's screen was last sent. */
  line: SelfLine;
  /** When the top 10 last went to this player (room clock, ms). */
  topSentAt: number;
}

interface SeatStanding extends Standing {
  readonly seat: Seat;
}

/** The TCP connection under a client's WebSocket (the ws library keeps it as `_socket`). */
function socketOf(client: Client): Socket | undefined {
  return (client.ref as { _socket?: Socket } | undefined)?._socket;
}

/** One player's line of the results, as the CSV and the kept race both hold it. */
function resultRow(r: ResultsMessage['rows'][number]): ResultRow {
  return { place: r.place, nickname: r.nickname, reached: r.reached, steps: r.steps, error: r.error, seconds: r.seconds, eta: r.eta, schedule: r.schedule };
}

export class RaceRoom extends Room<RaceState> {
  protected config: RaceRoomConfig = { reconnectSeconds: 30, countdownSeconds: 3, hallSize: 200 };
  private level: Level = DEFAULT_RACE_LEVEL;
  private seats = new Map<string, Seat>();
  private kickedKeys = new Set<string>();
  private hostId: string | null = null;
  private hostLimiter = new RateLimiter(30, 60);
  private lanUrls: string[] = [];
  private lanOpen = false;
  private elapsedMs = 0;
  private ticks = 0;
  private slots = 0;
  private ranked: { place: number; standing: SeatStanding }[] = [];
  private places = new Map<string, number>();
  private top: TopRow[] = [];
  private topJson = '';
  private topVersion = 0;
  private countdownTimer: { clear(): void } | null = null;
  /** The ranking and the host's board are out of date (someone joined or left). */
  private rankDue = false;
  /** Milliseconds of play the race may still do (work-budget.ts). */
  private credit = 0;
  /** Milliseconds one step of play cost lately, all included (judging, scoring). */
  private msPerStep = 0.002;
  /** Players who reached the target (published with the count, publishCounts). */
  private reachedCount = 0;
  /** Time of play every player is owed, paid out once it makes a whole step (ms). */
  private pacedMs = 0;
  /** The round of play under way: every player at play in it gets `slice` seconds; `next` is whose turn it is. */
  private round: { slice: number; seats: Seat[]; next: number } | null = null;
  /** The share of the loop play may use (playShare), the loop's use when it was last measured, and play's time since. */
  private share = RACE_SHARE;
  private loopSeen = eventLoopUtilization();
  private loopAt = performance.now();
  private playedMs = 0;
  /** The rest of a tick's self-updates, waiting for the host's messages to be read first. */
  private selvesLater: NodeJS.Immediate | null = null;
  /** The share of every player's speed the last tick of play could pay for, in percent (for the host's screen). */
  private pacePercent = 100;

  /** Runs on the matchmaking request: who may create or join at all. */
  static override async onAuth(_token: string, options: unknown, context: { headers: IncomingMessage['headers']; req?: IncomingMessage }): Promise<boolean> {
    // A page of another site never gets here: the host's front door refuses it (front-door.ts).
    const parsed = joinOptionsSchema.safeParse(options);
    if (!parsed.success) throw new ServerError(4400, 'join options not understood: give a nickname');
    if (parsed.data.role === 'host' && !isLoopbackAddress(context.req?.socket.remoteAddress)) {
      throw new ServerError(JOIN_REFUSALS.notHost, 'a race can only be hosted from the host computer itself');
    }
    return true;
  }

  override async onCreate(): Promise<void> {
    this.roomId = this.freshCode();
    this.setState(new RaceState());
    this.state.code = this.roomId;
    this.applySettings(this.level, this.level.id, this.level.budget, RACE_LIMITS.defaultTimeLimit);
    this.state.stepsPerSecondCap = RACE_LIMITS.stepsPerSecondCap;
    this.setSeatReservationTime(60);
    this.onMessage('*', (client, type, body) => this.handle(client, type, body));
    this.setSimulationInterval((dt) => this.tick(dt), TICK_MS);
    if (this.config.lan) {
      this.lanOpen = true;
      this.lanUrls = await this.config.lan.open();
    }
  }

  private freshCode(): string {
    const random = () => crypto.getRandomValues(new Uint32Array(1))[0] / 2 ** 32;
    // A code that names a room still open is drawn again.
    for (;;) {
      const code = generateJoinCode(random);
      if (!matchMaker.getLocalRoomById(code)) return code;
    }
  }

  override onJoin(client: Client, options: unknown): void {
    const parsed = joinOptionsSchema.parse(options);
    if (parsed.role === 'host') {
      if (this.hostId !== null) throw new ServerError(JOIN_REFUSALS.notHost, 'this race already has a host');
      this.hostId = client.sessionId;
      client.send('lan', { urls: this.lanUrls });
      this.sendBoard();
      return;
    }
    if (this.state.phase === 'ended') throw new ServerError(JOIN_REFUSALS.ended, 'this race is over; ask for the next code');
    if (this.seats.size >= RACE_LIMITS.maxPlayers) {
      throw new ServerError(JOIN_REFUSALS.full, `this race is full (${RACE_LIMITS.maxPlayers} players); ask the teacher to host another`);
    }
    const taken = new Set<string>();
    for (const s of this.seats.values()) taken.add(s.key);
    for (const k of this.kickedKeys) taken.add(k);
    const checked = checkNickname(parsed.nickname, taken);
    if (!checked.ok) {
      const problem: NicknameProblem = checked.problem;
      if (problem === 'taken' && this.kickedKeys.has(nicknameKey(parsed.nickname))) {
        throw new ServerError(JOIN_REFUSALS.kicked, 'the host removed this player from the race');
      }
      throw new ServerError(JOIN_REFUSALS[problem], NICKNAME_PROBLEMS[problem]);
    }
    const seat: Seat = {
      id: client.sessionId,
      nickname: checked.nickname,
      key: checked.key,
      player: this.newPlayer(),
      client,
      limiter: new RateLimiter(),
      reachedMs: null,
      kicked: false,
      slot: this.slots++,
      line: new SelfLine(),
      topSentAt: -Infinity,
    };
    this.seats.set(seat.id, seat);
    this.seatConnection(client);
    // Ranked and shown on the host's board on the next tick: a class joining at once costs one ranking a tick, not one a join.
    this.rankDue = true;
    this.sendSelf(seat);
  }

  override async onLeave(client: Client, consented: boolean): Promise<void> {
    if (client.sessionId === this.hostId) {
      if (consented) {
        this.finish('host-ended');
        this.closeSeats('host-left');
        return;
      }
      try {
        await this.allowReconnection(client, this.config.reconnectSeconds);
        client.send('lan', { urls: this.lanUrls });
        this.sendBoard(true);
      } catch {
        this.hostId = null;
        this.finish('host-left');
        this.closeSeats('host-left');
      }
      return;
    }
    const seat = this.seats.get(client.sessionId);
    if (!seat) return;
    seat.client = null;
    if (seat.kicked || consented) {
      this.freeSeat(seat);
      return;
    }
    this.sendBoard();
    try {
      const back = await this.allowReconnection(client, this.config.reconnectSeconds);
      if (!this.seats.has(seat.id)) return;
      seat.client = back;
      seat.line.restart();
      this.seatConnection(back);
      this.sendSelf(seat);
      this.sendBoard();
    } catch {
      this.freeSeat(seat);
    }
  }

  override async onDispose(): Promise<void> {
    this.countdownTimer?.clear();
    if (this.selvesLater) clearImmediate(this.selvesLater);
    this.config.budget?.forget(this);
    await this.closeLan();
  }

  private async closeLan(): Promise<void> {
    if (!this.lanOpen || !this.config.lan) return;
    this.lanOpen = false;
    await this.config.lan.close();
  }

  private seatConnection(client: Client): void {
    const socket = socketOf(client);
    if (socket) this.config.door?.seat(socket);
  }

  /** After 30 s away (or leaving on purpose) the seat is free; a finished race keeps its results. */
  private freeSeat(seat: Seat): void {
    if (this.state.phase === 'ended' && !seat.kicked) return;
    this.seats.delete(seat.id);
    this.rankDue = true;
  }

  private closeSeats(reason: ClosedMessage['reason']): void {
    for (const seat of this.seats.values()) seat.client?.send('closed', { reason } satisfies ClosedMessage);
  }

  /** Survives a message whose bytes cannot even be decoded. */
  protected override _onMessage(client: Client & never, buffer: Buffer): void {
    try {
      super._onMessage(client, buffer);
    } catch {
      (client as Client).send('refused', { type: '?', reason: 'a message could not be read; it was ignored' });
    }
  }

  private handle(client: Client, type: string | number, body: unknown): void {
    if (client.sessionId === this.hostId) {
      if (!this.hostLimiter.take()) return;
      const checked = checkHostMessage(type, body);
      if (!checked.ok) return void client.send('refused', { type: String(type), reason: checked.reason });
      const refusal = this.hostAct(checked.message);
      if (refusal) client.send('refused', { type: String(type), reason: refusal });
      return;
    }
    const seat = this.seats.get(client.sessionId);
    if (!seat) return;
    if (!seat.limiter.take()) {
      if (seat.limiter.shouldWarn()) client.send('refused', { type: String(type), reason: 'too many messages; slow down' });
      return;
    }
    const checked = checkRaceIntent(type, body);
    if (!checked.ok) return void client.send('refused', { type: String(type), reason: checked.reason });
    const why = this.whyNot(seat);
    if (why) return void client.send('refused', { type: String(type), reason: `${String(type)}: ${why}` });
    const outcome = seat.player.apply(checked.intent);
    if (outcome.kind === 'refused') client.send('refused', { type: String(type), reason: outcome.reason });
    if (outcome.kind === 'stepped') this.sendTraces(seat, [outcome.trace]);
    this.checkReached(seat);
    this.sendSelf(seat);
  }

  /** Why a player may not steer now, or null. */
  private whyNot(seat: Seat): string | null {
    switch (this.state.phase as RacePhase) {
      case 'lobby':
      case 'countdown':
        return 'the race has not started yet; wait for the countdown';
      case 'paused':
        return 'the host paused the race; wait for it to resume';
      case 'ended':
        return 'the race is over';
      case 'running':
        return seat.player.reachedSteps !== null ? 'you reached the target; your place is kept' : null;
    }
  }

  /** Carries out one of the host's messages; returns a refusal in words, or null. */
  private hostAct(m: CheckedHostMessage): string | null {
    const phase = this.state.phase as RacePhase;
    switch (m.type) {
      case 'race.settings': {
        if (phase !== 'lobby') return 'the settings can change only in the lobby';
        const level = findRaceLevel(m.body.challenge.trim());
        if (!level) return `there is no level or share code "${m.body.challenge}"; check the code`;
        this.applySettings(level, m.body.challenge.trim(), m.body.stepBudget, m.body.timeLimitSeconds);
        this.round = null;
        for (const seat of this.seats.values()) {
          seat.player = this.newPlayer();
          seat.line.restart();
          this.sendSelf(seat);
        }
        return null;
      }
      case 'race.start':
        if (phase !== 'lobby') return 'the race has already started';
        if (this.seats.size === 0) return 'nobody has joined yet; share the join code first';
        this.startCountdown();
        return null;
      case 'race.pause':
        if (phase !== 'running') return 'only a running race can pause';
        this.state.phase = 'paused';
        this.state.secondsLeft = this.secondsLeft();
        return null;
      case 'race.resume':
        if (phase !== 'paused') return 'the race is not paused';
        this.state.phase = 'running';
        return null;
      case 'race.end':
        if (phase === 'ended') return 'the race is already over';
        this.finish('host-ended');
        return null;
      case 'race.kick': {
        const seat = this.seats.get(m.body.seat);
        if (!seat) return 'that player is no longer in the race';
        seat.kicked = true;
        this.kickedKeys.add(seat.key);
        if (seat.client) {
          seat.client.send('closed', { reason: 'kicked' } satisfies ClosedMessage);
          seat.client.leave(4000);
        } else {
          this.freeSeat(seat);
        }
        return null;
      }
    }
  }

  private newPlayer(): RacePlayer {
    return new RacePlayer(this.level, this.state.stepBudget, RACE_LIMITS.stepsPerSecondCap);
  }

  private applySettings(level: Level, name: string, stepBudget: number, timeLimitSeconds: number): void {
    this.level = level;
    const st = this.state;
    st.challenge = name;
    st.titleEn = level.text.en.title;
    st.titleJa = level.text.ja.title;
    st.targetError = level.target.error;
    st.targetOn = level.target.on;
    st.stepBudget = stepBudget;
    st.timeLimitSeconds = timeLimitSeconds;
    st.secondsLeft = timeLimitSeconds;
  }

  private startCountdown(): void {
    this.state.phase = 'countdown';
    this.state.countdown = this.config.countdownSeconds;
    // Everyone starts from the same seeded weights, and play from nothing owed.
    this.round = null;
    this.pacedMs = 0;
    for (const seat of this.seats.values()) {
      seat.player = this.newPlayer();
      seat.line.restart();
      seat.reachedMs = null;
      this.sendSelf(seat);
    }
    const go = () => {
      this.countdownTimer?.clear();
      this.countdownTimer = null;
      if (this.state.phase !== 'countdown') return;
      this.state.countdown = 0;
      this.state.phase = 'running';
      this.elapsedMs = 0;
    };
    if (this.state.countdown <= 0) return go();
    this.countdownTimer = this.clock.setInterval(() => {
      this.state.countdown -= 1;
      if (this.state.countdown <= 0) go();
    }, 1000);
  }

  /** A hall: more players than the room sends everything to at full rate. */
  private get isHall(): boolean {
    return this.seats.size > this.config.hallSize;
  }

  /** Whole seconds left on the race's clock. */
  private secondsLeft(): number {
    return Math.max(0, Math.ceil(this.state.timeLimitSeconds - this.elapsedMs / 1000));
  }

  private publishCounts(): void {
    this.state.players = this.seats.size;
    this.state.reached = this.reachedCount;
  }

  private tick(dtMs: number): void {
    this.ticks++;
    // Outside play the count goes into the shared state at most once a second: every change of
    // it is a message to every player, and a hall of 2,000 joining would otherwise send millions.
    const running = this.state.phase === 'running';
    if (!running && this.ticks % COUNT_EVERY === 0) this.publishCounts();
    if (running) {
      const dt = Math.min(dtMs, 250);
      this.elapsedMs += dt;
      this.play(dt);
      // The screens count the clock down themselves (race-client.ts); the host sets it right every
      // second, or every BIG_CLOCK_EVERY seconds in a hall (each setting is a message to every
      // player at once), and the counts go in the same patch.
      const secondsLeft = this.secondsLeft();
      if (secondsLeft !== this.state.secondsLeft && (!this.isHall || secondsLeft % BIG_CLOCK_EVERY === 0)) {
        this.state.secondsLeft = secondsLeft;
        this.publishCounts();
      }
      // A hall's places change on the screens twice a second at most: ranking it 4 times a second is enough.
      if (this.rankDue || !this.isHall || this.ticks % BIG_RANK_EVERY === 0) this.rank();
      if (this.elapsedMs >= this.state.timeLimitSeconds * 1000) return this.finish('time');
      if (this.allDone()) return this.finish('finished');
    } else if (this.rankDue) this.rank();
    if (running || this.state.phase === 'paused') {
      const every = this.isHall ? BIG_SELF_EVERY : SELF_EVERY;
      const turn = this.ticks % every;
      const due: Seat[] = [];
      for (const seat of this.seats.values()) if (seat.slot % every === turn) due.push(seat);
      this.sendSelves(due, 0);
    }
    if (this.ticks % (this.isHall ? BIG_BOARD_EVERY : BOARD_EVERY) === 0) this.sendBoard();
    if (this.ticks % PROJECTOR_EVERY === 0 && this.state.phase !== 'lobby') this.sendProjector();
  }

  /**
   * One tick of everyone's play, paid from the host's work budget. A race
   * is fair: when the budget cannot pay for every player's steps, every
   * player gets the same smaller slice of time (`pace`), so everyone slows
   * alike and nobody's network is skipped. The cost of a step is learnt as
   * the race goes; a tick that cost more than it had leaves the credit
   * below zero, and the next ticks play less until it is paid back.
   *
   *   wanted = Σ over players at play of min(speed, cap) · dt
   *   pace   = min(1, min(credit, MAX_PLAY_MS_PER_TICK) / (wanted · msPerStep))
   *
   * Play goes in rounds: a round gives every player at play the same slice
   * of time, and may take several ticks, each working at most
   * MAX_PLAY_MS_PER_TICK, so that a hall of 2,000 never holds the host's
   * loop (and everyone's messages) for long.
   */
  private play(dtMs: number): void {
    const budget = this.config.budget;
    const cap = this.state.stepsPerSecondCap;
    let wanted = 0;
    let fastest = 0;
    for (const seat of this.seats.values()) {
      if (!seat.player.playing) continue;
      const speed = Math.min(seat.player.speed, cap);
      wanted += speed * (dtMs / 1000);
      fastest = Math.max(fastest, speed);
    }
    if (wanted === 0 && !this.round) {
      this.pacePercent = 100;
      return;
    }
    let pace = 1;
    /** What this tick may spend on play, in ms. */
    let affordable = MAX_PLAY_MS_PER_TICK;
    if (budget) {
      this.credit = budget.earn(this.credit, dtMs, this.playShare());
      affordable = Math.min(this.credit, MAX_PLAY_MS_PER_TICK);
      if (wanted > 0) pace = affordable <= 0 ? 0 : Math.min(1, affordable / (wanted * this.msPerStep));
    }
    this.pacePercent = Math.round(pace * 100);
    if (wanted === 0) pace = 0;
    // Everyone's share of time adds up here until it buys the fastest player a whole step, or
    // several when the budget is short: each player's turn has a cost of its own besides its
    // steps (judging, scoring), and a turn of one step each would spend the budget on that.
    this.pacedMs += dtMs * pace;
    if (!this.round) {
      if ((this.pacedMs * fastest) / 1000 < (pace < 1 ? STEPS_PER_SHORT_TURN : 1)) return;
      const seats: Seat[] = [];
      for (const seat of this.seats.values()) if (seat.player.playing) seats.push(seat);
      this.round = { slice: this.pacedMs / 1000, seats, next: 0 };
      this.pacedMs = 0;
    }
    if (affordable <= 0) return;
    const round = this.round;
    const t0 = performance.now();
    let steps = 0;
    let spent = 0;
    while (round.next < round.seats.length && spent < affordable) {
      const seat = round.seats[round.next++];
      if (!this.seats.has(seat.id) || !seat.player.playing) continue;
      const before = seat.player.steps;
      const traces = seat.player.tick(round.slice);
      steps += seat.player.steps - before;
      if (traces.length > 0) this.sendTraces(seat, traces);
      this.checkReached(seat);
      spent = performance.now() - t0;
    }
    if (round.next >= round.seats.length) this.round = null;
    // The cost of a step, learnt; an estimate too high (a slow first tick) wears off.
    const sample = steps > 0 ? spent / steps : this.msPerStep / 2;
    this.msPerStep = Math.min(1, Math.max(1e-4, 0.8 * this.msPerStep + 0.2 * sample));
    if (budget) {
      // A tick that cost far more than its share (the first, while the code warms up) is paid back within a second.
      this.credit = Math.max(this.credit - spent, -budget.share(this.share) * 1000);
      this.playedMs += spent;
      budget.worked(this);
    }
  }

  /** The share of the loop play may use now: RACE_SHARE, or less while messages keep the loop busy. */
  private playShare(): number {
    const now = performance.now();
    if (now - this.loopAt >= 1000) {
      const seen = eventLoopUtilization();
      const d = eventLoopUtilization(seen, this.loopSeen);
      const elapsed = d.active + d.idle;
      const others = elapsed > 0 ? Math.max(0, d.active - this.playedMs) / elapsed : 0;
      const room = Math.min(RACE_SHARE, Math.max(MIN_RACE_SHARE, LOOP_BUSY_TARGET - others));
      this.share = 0.5 * this.share + 0.5 * room;
      this.loopSeen = seen;
      this.loopAt = now;
      this.playedMs = 0;
    }
    return this.share;
  }

  /** Everyone who is still here reached the target or has no steps left. */
  private allDone(): boolean {
    if (this.seats.size === 0) return false;
    for (const seat of this.seats.values()) if (!seat.player.done) return false;
    return true;
  }

  /** The challenge session judges the win; the room notes when it came. */
  private checkReached(seat: Seat): void {
    if (this.state.phase !== 'running' || seat.reachedMs !== null || seat.player.reachedSteps === null) return;
    seat.reachedMs = this.elapsedMs;
    this.reachedCount += 1;
  }

  private rank(): void {
    this.rankDue = false;
    const standings: SeatStanding[] = [];
    for (const seat of this.seats.values()) {
      standings.push({ id: seat.id, seat, reachedSteps: seat.player.reachedSteps, reachedMs: seat.reachedMs, error: seat.player.error });
    }
    this.ranked = rankStandings(standings);
    this.places.clear();
    for (const r of this.ranked) this.places.set(r.standing.id, r.place);
    this.top = this.ranked.slice(0, TOP).map((r) => {
      const p = r.standing.seat.player;
      return { place: r.place, nickname: r.standing.seat.nickname, error: p.error, steps: p.steps, reached: p.reachedSteps !== null };
    });
    const json = JSON.stringify(this.top);
    if (json !== this.topJson) {
      this.topJson = json;
      this.topVersion++;
    }
  }

  private row(seat: Seat, place: number): BoardRow {
    return {
      seat: seat.id,
      place,
      nickname: seat.nickname,
      error: seat.player.error,
      steps: seat.player.steps,
      reached: seat.player.reachedSteps !== null,
      reachedSeconds: seat.reachedMs === null ? null : seat.reachedMs / 1000,
      connected: seat.client !== null,
    };
  }

  /**
   * The tick's updates, SELF_CHUNK players at a time with the host's
   * messages read between (setImmediate runs after the waiting I/O), so
   * that in a hall a player's intent never waits for hundreds of sends.
   */
  private sendSelves(seats: readonly Seat[], from: number): void {
    this.selvesLater = null;
    const end = Math.min(seats.length, from + SELF_CHUNK);
    for (let k = from; k < end; k++) this.sendSelf(seats[k]);
    if (end < seats.length) this.selvesLater = setImmediate(() => this.sendSelves(seats, end));
  }

  /** What changed of the player's own race since their screen last heard, if anything did. */
  private sendSelf(seat: Seat, forceTop = false): void {
    if (!seat.client) return;
    const now = this.clock.currentTime;
    const withTop = forceTop || now - seat.topSentAt >= TOP_EVERY_MS;
    const update = seat.line.next(
      {
        seat: seat.id,
        nickname: seat.nickname,
        revision: seat.player.revision,
        snapshot: () => seat.player.snapshot(),
        steps: seat.player.steps,
        reached: seat.player.reachedSteps !== null,
        place: this.places.get(seat.id) ?? this.seats.size,
        players: this.seats.size,
        top: this.top,
        topVersion: this.topVersion,
      },
      withTop,
    );
    if (!update) return;
    if (update.top) seat.topSentAt = now;
    seat.client.send('you', update);
  }

  private sendTraces(seat: Seat, traces: StepTrace[]): void {
    if (!seat.client) return;
    for (const t of traces) seat.client.send('trace', traceToMessage(t));
  }

  private hostClient(): Client | undefined {
    return this.hostId === null ? undefined : this.clients.getById(this.hostId);
  }

  private sendBoard(force = false): void {
    const host = this.hostClient();
    if (!host) return;
    if (force) this.rank();
    host.send('board', { rows: this.ranked.map((r) => this.row(r.standing.seat, r.place)), pacePercent: this.pacePercent } satisfies BoardMessage);
  }

  private sendProjector(): void {
    const host = this.hostClient();
    if (!host) return;
    const nets: ProjectorNet[] = this.ranked.slice(0, PROJECTOR_MAX).map((r) => {
      const seat = r.standing.seat;
      const net = seat.player.network;
      return {
        seat: seat.id,
        nickname: seat.nickname,
        place: r.place,
        error: seat.player.error,
        reached: seat.player.reachedSteps !== null,
        steps: seat.player.steps,
        layers: Array.from(net.sizes),
        weights: Array.from(net.weights),
        eta: seat.player.eta,
      };
    });
    host.send('projector', { nets });
  }

  private finish(reason: RaceOverMessage['reason']): void {
    if (this.state.phase === 'ended') return;
    // A race ended from the lobby was never played: there is nothing to keep.
    const played = this.state.phase !== 'lobby';
    this.countdownTimer?.clear();
    this.countdownTimer = null;
    for (const seat of this.seats.values()) seat.player.stop();
    this.state.phase = 'ended';
    this.state.endReason = reason;
    this.state.secondsLeft = this.secondsLeft();
    this.publishCounts();
    this.rank();
    this.broadcast('over', { reason } satisfies RaceOverMessage);
    for (const seat of this.seats.values()) this.sendSelf(seat, true);
    this.sendBoard();
    this.sendProjector();
    const results = this.results();
    this.hostClient()?.send('results', results);
    if (played) void this.keepResults(results);
    // The race is over: nobody new can join, so the host goes back to this computer only.
    void this.closeLan();
  }

  private results(): ResultsMessage {
    const rows = this.ranked.map((r) => {
      const seat = r.standing.seat;
      const seconds = (seat.reachedMs ?? this.elapsedMs) / 1000;
      return { ...this.row(seat, r.place), eta: seat.player.eta, schedule: seat.player.schedule, seconds };
    });
    return { rows, csv: resultsCsv(rows.map(resultRow)) };
  }

  /** Hands the results to the archive (a race with no players is not kept) and tells the host's screen how it went. */
  private async keepResults(results: ResultsMessage): Promise<void> {
    const archive = this.config.archive;
    if (!archive || this.ranked.length === 0) return;
    const st = this.state;
    const note = await archive.keep({
      ended: new Date().toISOString(),
      challenge: { code: st.challenge, titleEn: st.titleEn, titleJa: st.titleJa },
      targetError: st.targetError,
      targetOn: st.targetOn === 'test' ? 'test' : 'train',
      stepBudget: st.stepBudget,
      timeLimitSeconds: st.timeLimitSeconds,
      playedSeconds: Math.round(this.elapsedMs) / 1000,
      reason: st.endReason as RaceOverMessage['reason'],
      rows: results.rows.map(resultRow),
    });
    this.hostClient()?.send('archived', note satisfies ArchivedMessage);
  }
}

/** A race room type bound to one host's settings (its LAN gate, its timings). */
export function raceRoomType(config: Partial<RaceRoomConfig>): typeof RaceRoom {
  const full: RaceRoomConfig = { reconnectSeconds: 30, countdownSeconds: 3, hallSize: 200, ...config };
  return class BoundRaceRoom extends RaceRoom {
    protected override config = full;
  };
}

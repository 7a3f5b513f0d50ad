/**
 * The lesson room: one player working through the lessons. Every message
 * is checked (core/lessons/protocol.ts) and rate-limited before it reaches
 * the session; the room answers the sender with the lesson's view, a
 * verdict, a slope reading, a trace or a refusal. There is no shared state
 * to sync: everything a lesson shows changes only when the player acts.
 */
import { randomInt } from 'node:crypto';
import { type Client, Room } from '@colyseus/core';
import { type LessonVerdict, checkLessonIntent } from '../../core/lessons/index.js';
import { type RefusalMessage, traceToMessage } from '../../core/protocol.js';
import { type LessonProgressStore, memoryLessonProgress } from './lesson-progress.js';
import { LessonSession } from './lesson-session.js';
import { RateLimiter } from './rate-limit.js';

export const LESSON_RECONNECT_SECONDS = 30;

/** A lesson room class that keeps progress in `store` (one store per host). */
export function lessonRoomWith(store: LessonProgressStore): typeof LessonRoom {
  return class extends LessonRoom {
    protected override readonly store = store;
  };
}

export class LessonRoom extends Room {
  override maxClients = 1;
  protected readonly store: LessonProgressStore = memoryLessonProgress();
  private session!: LessonSession;
  private limits = new Map<string, RateLimiter>();

  override onCreate(): void {
    // The check numbers are drawn from this seed; the player never sees it.
    this.session = new LessonSession(this.store, randomInt(0, 2 ** 31));
    this.onMessage('*', (client, type, body) => this.handle(client, type, body));
  }

  override onJoin(client: Client): void {
    this.limits.set(client.sessionId, new RateLimiter());
    client.send('progress', { done: this.store.done() });
  }

  override async onLeave(client: Client, consented: boolean): Promise<void> {
    if (consented) {
      this.limits.delete(client.sessionId);
      return;
    }
    try {
      await this.allowReconnection(client, LESSON_RECONNECT_SECONDS);
      if (this.session.lesson) client.send('lesson', this.session.view());
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

  private handle(client: Client, type: string | number, body: unknown): void {
    const limiter = this.limits.get(client.sessionId);
    if (limiter && !limiter.take()) {
      if (limiter.shouldWarn()) this.refuse(client, { type: String(type), reason: 'too many messages; slow down' });
      return;
    }
    const checked = checkLessonIntent(type, body);
    if (!checked.ok) {
      this.refuse(client, { type: String(type), reason: checked.reason });
      return;
    }
    const outcome = this.session.apply(checked.intent);
    switch (outcome.kind) {
      case 'refused':
        this.refuse(client, { type: String(type), reason: outcome.reason });
        return;
      case 'verdict':
        client.send('verdict', outcome.verdict satisfies LessonVerdict);
        break;
      case 'slope':
        client.send('slope', outcome.reading);
        break;
      case 'stepped':
        client.send('trace', traceToMessage(outcome.trace));
        break;
      case 'compared':
        client.send('compare', outcome.comparison);
        break;
      case 'view':
        break;
    }
    client.send('lesson', this.session.view());
  }

  private refuse(client: Client, message: RefusalMessage): void {
    client.send('refused', message);
  }
}

import { isDatabaseUnavailable } from '../database/database.problems';
import type { Sql } from '../database/sql';
import { DEFAULT_RETRY, type AsyncConsumer, type RetryPolicy } from './async-consumer';
import type { AllStreamCursor } from './commit-order';
import { CheckpointMoved, type Checkpoint, type ConsumerCheckpoints, type Lease } from './consumer-checkpoints';
import type { EventStore } from './event-store';
import type { RecordedEvent } from './recorded-event';
import { Wakeup, type WakeReason } from './wakeup';

/** What a runner needs from the engine that owns it. */
export interface RunnerContext {
  readonly sql: Sql;
  readonly store: EventStore;
  readonly checkpoints: ConsumerCheckpoints;
  /** This instance, as recorded with each lease it takes. */
  readonly instance: string;
  readonly pollMs: number;
  readonly batchSize: number;
  /** The consumer's advisory lock, on the engine's session: false when another session holds it, or there is no session. */
  tryLock(consumer: string): Promise<boolean>;
  unlock(consumer: string): Promise<void>;
  readonly log: RunnerLog;
}

export interface RunnerLog {
  log(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** After a wake that found nothing below the horizon, the next look comes this soon, then ever later up to the poll interval. */
const FIRST_IDLE_DELAY_MS = 20;
/** The longest a runner waits after the database failed it before trying again. */
const MAX_OUTAGE_DELAY_MS = 10_000;

/**
 * Runs one consumer on this instance whenever this instance holds its lease. Each round it takes the
 * lease if it has none (the consumer's advisory lock, then a raised epoch), reads the next batch in
 * commit-safe order after the checkpoint, and applies it in one transaction that first moves the
 * checkpoint under its epoch (ConsumerCheckpoints.advance): a runner that lost its lease, or whose
 * consumer was paused, reset or rebuilt meanwhile, writes nothing and reads the checkpoint again.
 *
 * A batch that throws is applied again one event at a time, so the event that fails is found and the
 * ones before it are kept. That event is retried with a doubling delay, each failure recorded on
 * the checkpoint; after the last attempt the consumer pauses on it or dead-letters it, as configured.
 * The database being unreachable is not the event's fault: it is waited out, and never counted;
 * neither is a failure the consumer calls transient (a broker down), which is retried, whole batch,
 * with a capped backoff until it passes.
 */
export class ConsumerRunner {
  private readonly wakeup = new Wakeup();
  private lockHeld = false;
  private lease: Lease | null = null;
  private checkpoint: Checkpoint | null = null;
  /** Set after a batch failed: events are applied one at a time until past this cursor's position. */
  private singly: AllStreamCursor | null = null;
  /** The event the last failure was on, its attempts so far, and whether they were transient (consumer.isTransient). */
  private failing: { readonly position: number; readonly attempts: number; readonly transient: boolean } | null = null;
  private idleDelay = FIRST_IDLE_DELAY_MS;
  private outages = 0;
  private stopped = false;
  private running: Promise<void> | null = null;

  constructor(
    readonly consumer: AsyncConsumer,
    private readonly context: RunnerContext,
  ) {}

  get holdsLease(): boolean {
    return this.lease !== null;
  }

  start(): void {
    this.running ??= this.loop();
  }

  /** New events were committed (a NOTIFY), or its checkpoint was changed by someone (pause, resume, reset). */
  wake(reason: Exclude<WakeReason, 'stop'>): void {
    if (reason === 'events') this.idleDelay = FIRST_IDLE_DELAY_MS;
    this.wakeup.wake(reason);
  }

  /** The engine's session ended: the advisory lock went with it, so whatever this runner held is gone. */
  sessionLost(): void {
    if (this.lease) this.context.log.warn(`${this.consumer.name}: lost its lease with the database session`);
    this.lockHeld = false;
    this.lease = null;
  }

  /** Stops after the batch in flight, and lets go of the lease. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wakeup.wake('stop');
    await this.running;
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      try {
        await this.step();
        this.outages = 0;
      } catch (error) {
        this.outages += 1;
        const delay = Math.min(this.context.pollMs * 2 ** (this.outages - 1), MAX_OUTAGE_DELAY_MS);
        const what = isDatabaseUnavailable(error) ? 'the database is not reachable' : errorText(error);
        this.context.log.warn(`${this.consumer.name}: ${what}; trying again in ${delay} ms`);
        await this.wakeup.sleep(delay, []);
      }
    }
    await this.letGo();
  }

  private async step(): Promise<void> {
    if (!this.lease || !this.checkpoint) {
      await this.contend();
      return;
    }
    if (this.checkpoint.status === 'paused') {
      await this.wakeup.sleep(this.context.pollMs, ['control']);
      await this.refresh();
      return;
    }
    const from = this.checkpoint.cursor;
    const one = this.singly !== null && compare(from, this.singly) < 0;
    if (!one) this.singly = null;
    const { events } = await this.context.store.readAll(from, one ? 1 : this.context.batchSize);
    if (events.length === 0) {
      await this.idle();
      return;
    }
    await this.apply(events, from);
  }

  private async contend(): Promise<void> {
    if (!this.lockHeld) this.lockHeld = await this.context.tryLock(this.consumer.name);
    if (!this.lockHeld) {
      // Another instance runs it: look again in a poll interval, or sooner if its checkpoint changes hands.
      await this.wakeup.sleep(this.context.pollMs, ['control']);
      return;
    }
    const { lease, checkpoint } = await this.context.checkpoints.takeLease(this.consumer.name, this.context.instance);
    this.lease = lease;
    this.checkpoint = checkpoint;
    this.failing = null;
    this.context.log.log(
      `${this.consumer.name}: runs here (epoch ${lease.epoch}) from position ${checkpoint.cursor.position}` +
        (checkpoint.status === 'paused' ? `, paused: ${checkpoint.pausedReason ?? ''}` : ''),
    );
  }

  /** Nothing below the horizon: wait for a NOTIFY, then look again soon, then ever later. */
  private async idle(): Promise<void> {
    const delay = this.idleDelay;
    this.idleDelay = Math.min(this.idleDelay * 2, this.context.pollMs);
    const woken = await this.wakeup.sleep(delay, ['events', 'control']);
    // A full poll interval with nothing to do: the checkpoint may have been changed by a tool that could not notify.
    if (woken === 'control' || (woken === 'timeout' && delay >= this.context.pollMs)) await this.refresh();
  }

  private async apply(events: readonly RecordedEvent[], from: AllStreamCursor): Promise<void> {
    const last = events.at(-1)!;
    const to = { transactionId: last.transactionId, position: last.position };
    try {
      await this.context.sql.transaction(async (transaction) => {
        await this.context.checkpoints.advance(transaction, this.lease!, from, to);
        await this.consumer.apply(events, transaction);
      });
      this.checkpoint = { ...this.checkpoint!, cursor: to, failure: null };
      this.failing = null;
    } catch (error) {
      if (error instanceof CheckpointMoved) {
        await this.refresh();
        return;
      }
      if (isDatabaseUnavailable(error)) throw error;
      if (this.consumer.isTransient?.(error)) {
        await this.unavailable(events[0], from, error);
        return;
      }
      if (events.length > 1) {
        this.singly = to;
        return;
      }
      await this.failed(events[0], from, error);
    }
  }

  /**
   * What the events are sent to failed them (consumer.isTransient): the batch is tried again whole,
   * after a delay that doubles up to the retry policy's cap, for as long as it takes.
   */
  private async unavailable(first: RecordedEvent, from: AllStreamCursor, error: unknown): Promise<void> {
    const retry = this.consumer.retry ?? DEFAULT_RETRY;
    const attempts = this.attemptsAt(first, true);
    const message = errorText(error);
    if (!(await this.context.checkpoints.recordFailure(this.lease!, from, first, attempts, message))) {
      await this.refresh();
      return;
    }
    const delay = backoff(retry, attempts);
    this.context.log.warn(
      `${this.consumer.name}: could not deliver from event ${first.position} (attempt ${attempts}), trying again in ${delay} ms: ${message}`,
    );
    await this.retryAfter(delay);
  }

  private async failed(event: RecordedEvent, from: AllStreamCursor, error: unknown): Promise<void> {
    const { name, onPoison } = this.consumer;
    const retry = this.consumer.retry ?? DEFAULT_RETRY;
    const attempts = this.attemptsAt(event, false);
    const message = errorText(error);
    const what = `${name}: event ${event.position} (${event.type} of ${event.streamId}, version ${event.streamVersion})`;
    if (!(await this.context.checkpoints.recordFailure(this.lease!, from, event, attempts, message))) {
      await this.refresh();
      return;
    }
    if (attempts < retry.attempts) {
      const delay = backoff(retry, attempts);
      this.context.log.warn(`${what} failed (attempt ${attempts} of ${retry.attempts}), retrying in ${delay} ms: ${message}`);
      await this.retryAfter(delay);
      return;
    }
    if (onPoison === 'pause') {
      const reason = `event ${event.position} (${event.type} of ${event.streamId}) failed ${attempts} times: ${message}`;
      await this.context.checkpoints.pauseOnPoison(this.lease!, from, reason);
      this.context.log.error(`${what} failed ${attempts} times; the consumer is paused until it is resumed: ${message}`);
      await this.refresh();
      return;
    }
    const to = { transactionId: event.transactionId, position: event.position };
    await this.context.sql.transaction(async (transaction) => {
      await this.context.checkpoints.advance(transaction, this.lease!, from, to);
      await this.context.checkpoints.deadLetter(transaction, name, event, attempts, message);
    });
    this.context.log.error(`${what} failed ${attempts} times; recorded as a dead letter, and the consumer moved on: ${message}`);
    this.checkpoint = { ...this.checkpoint!, cursor: to, failure: null };
    this.failing = null;
  }

  /** Counts this failure: on from the last ones when they were on the same event and of the same kind, else afresh. */
  private attemptsAt(event: RecordedEvent, transient: boolean): number {
    const same = this.failing?.position === event.position && this.failing.transient === transient;
    const attempts = (same ? this.failing!.attempts : 0) + 1;
    this.failing = { position: event.position, attempts, transient };
    return attempts;
  }

  private async retryAfter(delayMs: number): Promise<void> {
    // Only a change to the checkpoint (a pause, a reset) cuts the wait short, not new events.
    if ((await this.wakeup.sleep(delayMs, ['control'])) === 'control') await this.refresh();
  }

  /** The checkpoint as stored: where to go on from, whether it is paused, and whether the lease is still this runner's. */
  private async refresh(): Promise<void> {
    const stored = await this.context.checkpoints.read(this.consumer.name);
    if (stored === null || !this.lease || stored.epoch !== this.lease.epoch) {
      if (this.lease) this.context.log.warn(`${this.consumer.name}: another runner took the lease (epoch ${stored?.epoch})`);
      await this.letGo();
      return;
    }
    if (stored.status !== this.checkpoint?.status || compare(stored.cursor, this.checkpoint.cursor) !== 0) {
      // Paused, resumed, reset or rebuilt by someone: an event it was failing on starts afresh.
      this.failing = null;
      this.singly = null;
    }
    this.checkpoint = stored;
  }

  private async letGo(): Promise<void> {
    this.lease = null;
    this.checkpoint = null;
    if (!this.lockHeld) return;
    this.lockHeld = false;
    await this.context.unlock(this.consumer.name).catch(() => undefined);
  }
}

/** The wait after the `attempts`th failure: doubling from the first delay, never more than the cap. */
function backoff(retry: RetryPolicy, attempts: number): number {
  return Math.min(retry.firstDelayMs * 2 ** Math.min(attempts - 1, 30), retry.maxDelayMs);
}

/** Order of two cursors in commit-safe order: (transaction id, position). */
export function compare(a: AllStreamCursor, b: AllStreamCursor): number {
  const byTransaction = BigInt(a.transactionId) - BigInt(b.transactionId);
  if (byTransaction !== 0n) return byTransaction < 0n ? -1 : 1;
  return Math.sign(Number(a.position) - Number(b.position));
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

import type { Metric } from 'prom-client';
import type { SqlClient } from '../database/sql';
import type { ProjectedTable } from './inline-projection';
import type { RecordedEvent } from './recorded-event';

/**
 * What a consumer does with an event its handler still throws on after every retry: `pause` stops
 * the consumer on it until someone resumes it (read models, which must not have holes); `dead-letter`
 * records it in the consumer's dead-letter ledger and moves on (deliveries, where one bad event must
 * not hold back every later one). Either way the health and the admin API say so.
 */
export type PoisonPolicy = 'pause' | 'dead-letter';

export interface RetryPolicy {
  /** Tries in all, the first included, before the poison policy applies. */
  readonly attempts: number;
  /** The wait after the first failure; it doubles after each one, up to `maxDelayMs`. */
  readonly firstDelayMs: number;
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, firstDelayMs: 250, maxDelayMs: 10_000 };

/**
 * An asynchronous consumer of the global log: a name, a handler, its own checkpoint and a failure
 * policy. The engine (projection-engine.ts) runs it on exactly one instance at a time and hands it
 * events in commit-safe order (commit-order.ts), in batches, each inside the transaction that also
 * moves its checkpoint past them: what `apply` writes there commits with the checkpoint or not at
 * all. What it sends elsewhere (a broker, a queue outside this database) is at least once: a batch
 * that fails after sending is handed over again.
 */
export interface AsyncConsumer {
  readonly name: string;
  readonly onPoison: PoisonPolicy;
  readonly retry?: RetryPolicy;
  /**
   * The tables `apply` writes, none for a consumer that only delivers: a reset empties them, and a
   * rebuild or verify replays the log into copies of them.
   */
  readonly tables: readonly ProjectedTable[];
  /**
   * Handles `events`, in commit-safe order, in `transaction`. A throw rolls the batch back; the
   * engine then applies its events one at a time to find the one that fails.
   */
  apply(events: readonly RecordedEvent[], transaction: SqlClient): Promise<void>;
  /**
   * Whether a failure of `apply` is not the events' fault but that of what it sends them to (a broker
   * that is down or unreachable). Such a batch is tried again whole, after the retry policy's doubling
   * delay capped at its `maxDelayMs`, for as long as the failure lasts: it is never counted toward the
   * poison policy, so an outage neither pauses the consumer nor dead-letters what it was sending. Each
   * failure is recorded on the checkpoint meanwhile, so health and the admin API show it `retrying`.
   * Without it, every failure counts toward the poison policy.
   */
  isTransient?(error: unknown): boolean;
  /** Metrics of its own, served with the service's (ProjectionsModule registers them). */
  readonly metrics?: readonly Metric[];
  /** Lets go of what it holds outside the database (a broker connection) once the engine has stopped its runner. */
  close?(): Promise<void>;
}

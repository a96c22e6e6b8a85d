import type { Sql } from '../database/sql';
import type { AsyncConsumer, PoisonPolicy } from './async-consumer';
import { toCheckpoint, type CheckpointRow } from './consumer-checkpoints';
import { advisoryLockHeld, LEASE_LOCKS } from './engine-channels';

/**
 * - running: an instance holds its lease and applies events as they come;
 * - retrying: its runner is failing on an event and trying it again;
 * - paused: stopped on purpose or on an event that kept failing, until resumed;
 * - stopped: no instance holds its lease (none runs, or all are starting): nothing is applied.
 */
export type ConsumerState = 'running' | 'retrying' | 'paused' | 'stopped';

export interface ConsumerReport {
  readonly name: string;
  readonly state: ConsumerState;
  readonly onPoison: PoisonPolicy;
  /** The last event applied, in commit-safe order. */
  readonly checkpoint: { readonly transactionId: string; readonly position: number; readonly appliedAt: string | null };
  /**
   * Committed events not applied yet, and how long ago the first of them was recorded (0 when there
   * are none): what a reader of this consumer's output is behind by.
   */
  readonly lag: { readonly events: number; readonly seconds: number };
  /** The instance that holds the lease now; null when none does. */
  readonly runner: { readonly instance: string; readonly since: string } | null;
  readonly paused: { readonly reason: string; readonly at: string } | null;
  /** The event it is failing on, with the last error, while it fails. */
  readonly failure: {
    readonly position: number;
    readonly type: string | null;
    readonly streamId: string | null;
    readonly attempts: number;
    readonly error: string;
    readonly since: string;
  } | null;
  /** Events it gave up on and recorded in its dead-letter ledger. */
  readonly deadLetters: number;
}

interface ReportRow extends CheckpointRow {
  held: boolean;
  lag_events: number;
  lag_seconds: number;
  failure_type: string | null;
  failure_stream_id: string | null;
  dead_letters: number;
}

/**
 * Reads each consumer's state and lag from the database, so every instance (and the CLI) reports the
 * same thing whichever instance runs it. Whether a lease is held comes from pg_locks, not from what
 * the checkpoint last recorded, so an instance that died shows as `stopped` at once.
 */
export class ConsumerStatusReader {
  constructor(
    private readonly sql: Sql,
    private readonly consumers: readonly AsyncConsumer[],
  ) {}

  async reports(): Promise<ConsumerReport[]> {
    // A consumer no engine has started yet has no checkpoint row: it is reported at the start of the log.
    const rows = await this.sql.query<ReportRow>(
      `SELECT wanted.name, coalesce(c.transaction_id, '0') AS transaction_id, coalesce(c.position, 0) AS position,
         coalesce(c.epoch, 0) AS epoch, coalesce(c.status, 'running') AS status, c.paused_reason, c.paused_at,
         c.runner, c.runner_since, c.failure_position, c.failure_attempts, c.failure_error, c.failure_since, c.applied_at,
         ${advisoryLockHeld('$2', 'wanted.name')} AS held,
         (SELECT count(*) FROM events e
          WHERE (e.transaction_id, e.position) > (coalesce(c.transaction_id, '0'), coalesce(c.position, 0)))::int AS lag_events,
         coalesce((SELECT extract(epoch FROM now() - e.recorded_at) FROM events e
                   WHERE (e.transaction_id, e.position) > (coalesce(c.transaction_id, '0'), coalesce(c.position, 0))
                   ORDER BY e.transaction_id, e.position LIMIT 1), 0)::float8 AS lag_seconds,
         failed.type AS failure_type, failed.stream_id AS failure_stream_id,
         (SELECT count(*) FROM projection_dead_letters d WHERE d.consumer = wanted.name)::int AS dead_letters
       FROM unnest($1::text[]) AS wanted(name)
       LEFT JOIN projection_checkpoints c ON c.name = wanted.name
       LEFT JOIN events failed ON failed.position = c.failure_position`,
      [this.consumers.map((consumer) => consumer.name), LEASE_LOCKS],
    );
    const byName = new Map(rows.map((row) => [row.name, row]));
    return this.consumers.flatMap((consumer) => {
      const row = byName.get(consumer.name);
      return row ? [toReport(consumer, row)] : [];
    });
  }
}

function toReport(consumer: AsyncConsumer, row: ReportRow): ConsumerReport {
  const checkpoint = toCheckpoint(row);
  const { failure } = checkpoint;
  const state: ConsumerState =
    checkpoint.status === 'paused' ? 'paused' : !row.held ? 'stopped' : failure !== null ? 'retrying' : 'running';
  return {
    name: consumer.name,
    state,
    onPoison: consumer.onPoison,
    checkpoint: {
      transactionId: checkpoint.cursor.transactionId,
      position: Number(checkpoint.cursor.position),
      appliedAt: checkpoint.appliedAt?.toISOString() ?? null,
    },
    lag: { events: row.lag_events, seconds: Math.max(0, row.lag_seconds) },
    runner: row.held && checkpoint.runner ? { instance: checkpoint.runner, since: checkpoint.runnerSince!.toISOString() } : null,
    paused:
      checkpoint.status === 'paused' ? { reason: checkpoint.pausedReason ?? '', at: checkpoint.pausedAt!.toISOString() } : null,
    failure:
      failure === null
        ? null
        : {
            position: failure.position,
            type: row.failure_type,
            streamId: row.failure_stream_id,
            attempts: failure.attempts,
            error: failure.error,
            since: failure.since.toISOString(),
          },
    deadLetters: row.dead_letters,
  };
}

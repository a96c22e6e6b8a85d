import type { Sql, SqlClient, Statement } from '../database/sql';
import type { AllStreamCursor } from './commit-order';
import { identifier } from './table-copies';
import type { RecordedEvent } from './recorded-event';

export type ConsumerStatus = 'running' | 'paused';

/** The event a consumer is failing on, as its runner last recorded it. */
export interface ConsumerFailure {
  readonly position: number;
  readonly attempts: number;
  readonly error: string;
  readonly since: Date;
}

export interface Checkpoint {
  readonly name: string;
  /** The last event applied, in commit-safe order. */
  readonly cursor: AllStreamCursor;
  /** Raised by every runner that takes the lease; a write under an older one is refused. */
  readonly epoch: string;
  readonly status: ConsumerStatus;
  readonly pausedReason: string | null;
  readonly pausedAt: Date | null;
  /** The instance that took the lease last (it may since have lost it: see ConsumerStatusReader). */
  readonly runner: string | null;
  readonly runnerSince: Date | null;
  readonly failure: ConsumerFailure | null;
  /** When the checkpoint last moved. */
  readonly appliedAt: Date | null;
}

/** The lease a runner holds: the consumer, and the epoch it raised when it took it. */
export interface Lease {
  readonly name: string;
  readonly epoch: string;
}

/**
 * The checkpoint was not where the runner expected it, under its epoch, running: another runner took
 * the lease, or someone paused, reset or rebuilt the consumer. Nothing of the batch was written.
 */
export class CheckpointMoved extends Error {
  constructor(readonly consumer: string) {
    super(`the checkpoint of ${consumer} moved under its runner; the batch was rolled back`);
    this.name = 'CheckpointMoved';
  }
}

export interface CheckpointRow {
  name: string;
  transaction_id: string;
  position: string;
  epoch: string;
  status: ConsumerStatus;
  paused_reason: string | null;
  paused_at: Date | null;
  runner: string | null;
  runner_since: Date | null;
  failure_position: string | null;
  failure_attempts: number | null;
  failure_error: string | null;
  failure_since: Date | null;
  applied_at: Date | null;
}

const CHECKPOINT_COLUMNS = `name, transaction_id, position, epoch, status, paused_reason, paused_at, runner, runner_since,
  failure_position, failure_attempts, failure_error, failure_since, applied_at`;

/**
 * The fence: the first statement of every batch's transaction. It moves the checkpoint only from
 * where the runner left it, under the epoch it took the lease with, while the consumer runs, and
 * holds the row until the batch commits, so a pause, a reset, a rebuild's swap or a new runner's
 * lease wait for the batch instead of interleaving with it.
 */
const ADVANCE: Statement = {
  name: 'copydesk_checkpoint_advance_v1',
  text: `
    UPDATE projection_checkpoints
    SET transaction_id = $5::xid8, position = $6::bigint, applied_at = now(),
        failure_position = NULL, failure_attempts = NULL, failure_error = NULL, failure_since = NULL
    WHERE name = $1 AND epoch = $2::bigint AND status = 'running' AND transaction_id = $3::xid8 AND position = $4::bigint`,
};

const FENCE = `name = $1 AND epoch = $2::bigint AND transaction_id = $3::xid8 AND position = $4::bigint`;

/** Checkpoints, leases and dead letters of the asynchronous consumers, in `projection_checkpoints`. */
export class ConsumerCheckpoints {
  constructor(private readonly sql: Sql) {}

  /** A row for each consumer the code lists, at the start of the log; existing rows are left alone. */
  async ensure(names: readonly string[]): Promise<void> {
    await this.sql.query(`INSERT INTO projection_checkpoints (name) SELECT unnest($1::text[]) ON CONFLICT (name) DO NOTHING`, [
      names,
    ]);
  }

  async read(name: string, client: SqlClient = this.sql): Promise<Checkpoint | null> {
    const [row] = await client.query<CheckpointRow>(`SELECT ${CHECKPOINT_COLUMNS} FROM projection_checkpoints WHERE name = $1`, [
      name,
    ]);
    return row ? toCheckpoint(row) : null;
  }

  /**
   * Raises the epoch for a runner that has just taken the consumer's advisory lock: from now on
   * only its writes move the checkpoint, whatever a runner that lost the lock still tries.
   */
  async takeLease(name: string, runner: string): Promise<{ lease: Lease; checkpoint: Checkpoint }> {
    const [row] = await this.sql.query<CheckpointRow>(
      `UPDATE projection_checkpoints SET epoch = epoch + 1, runner = $2, runner_since = now()
       WHERE name = $1 RETURNING ${CHECKPOINT_COLUMNS}`,
      [name, runner],
    );
    if (!row) throw new Error(`no checkpoint for ${name}`);
    const checkpoint = toCheckpoint(row);
    return { lease: { name, epoch: checkpoint.epoch }, checkpoint };
  }

  /** Moves the checkpoint from `from` to `to` in the batch's transaction, or throws CheckpointMoved. */
  async advance(transaction: SqlClient, lease: Lease, from: AllStreamCursor, to: AllStreamCursor): Promise<void> {
    const { rowCount } = await transaction.run(ADVANCE, [...fence(lease, from), to.transactionId, String(to.position)]);
    if (rowCount === 0) throw new CheckpointMoved(lease.name);
  }

  /** Records a failed attempt at the event after `at`; false when the checkpoint moved meanwhile. */
  async recordFailure(
    lease: Lease,
    at: AllStreamCursor,
    event: RecordedEvent,
    attempts: number,
    error: string,
  ): Promise<boolean> {
    const { rowCount } = await this.sql.run(
      {
        name: 'copydesk_checkpoint_failure_v1',
        text: `UPDATE projection_checkpoints
               SET failure_position = $5::bigint, failure_attempts = $6,  failure_error = $7,
                   failure_since = CASE WHEN failure_position = $5::bigint THEN failure_since ELSE now() END
               WHERE ${FENCE}`,
      },
      [...fence(lease, at), event.position, attempts, error],
    );
    return rowCount > 0;
  }

  /** Stops the consumer on the event it keeps failing on; the failure stays recorded beside the reason. */
  async pauseOnPoison(lease: Lease, at: AllStreamCursor, reason: string): Promise<boolean> {
    const rows = await this.sql.query(
      `UPDATE projection_checkpoints SET status = 'paused', paused_reason = $5, paused_at = now()
       WHERE ${FENCE} AND status = 'running' RETURNING name`,
      [...fence(lease, at), reason],
    );
    return rows.length > 0;
  }

  /** In the transaction that advances past `event`: the ledger keeps it, with why it was given up on. */
  async deadLetter(
    transaction: SqlClient,
    consumer: string,
    event: RecordedEvent,
    attempts: number,
    error: string,
  ): Promise<void> {
    await transaction.query(
      `INSERT INTO projection_dead_letters
         (consumer, position, transaction_id, event_id, stream_id, stream_version, type, attempts, error)
       VALUES ($1, $2, $3::xid8, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (consumer, position) DO UPDATE
         SET attempts = EXCLUDED.attempts, error = EXCLUDED.error, dead_lettered_at = now()`,
      [
        consumer,
        event.position,
        event.transactionId,
        event.eventId,
        event.streamId,
        event.streamVersion,
        event.type,
        attempts,
        error,
      ],
    );
  }

  /** Paused by someone: the runner stops at its next batch (one in flight finishes first). */
  async pause(name: string, reason: string): Promise<void> {
    await this.sql.query(
      `UPDATE projection_checkpoints SET status = 'paused', paused_reason = $2, paused_at = now()
       WHERE name = $1 AND status = 'running'`,
      [name, reason],
    );
  }

  /** Running again; an event it was paused on is tried afresh, with all its attempts. */
  async resume(name: string): Promise<void> {
    await this.sql.query(
      `UPDATE projection_checkpoints SET status = 'running', paused_reason = NULL, paused_at = NULL,
         failure_position = NULL, failure_attempts = NULL, failure_error = NULL, failure_since = NULL
       WHERE name = $1`,
      [name],
    );
  }

  /**
   * Back to the start of the log with its tables emptied, in one transaction that first waits for a
   * batch in flight (the row lock its fence holds). Its runner meets a checkpoint that moved, and
   * starts again from the beginning. The dead-letter ledger is kept.
   */
  async reset(name: string, tables: readonly string[]): Promise<void> {
    await this.sql.transaction(async (transaction) => {
      await transaction.query(`SELECT name FROM projection_checkpoints WHERE name = $1 FOR UPDATE`, [name]);
      if (tables.length > 0) await transaction.query(`TRUNCATE ${tables.map(identifier).join(', ')}`);
      await transaction.query(
        `UPDATE projection_checkpoints SET transaction_id = '0', position = 0, applied_at = NULL,
           failure_position = NULL, failure_attempts = NULL, failure_error = NULL, failure_since = NULL
         WHERE name = $1`,
        [name],
      );
    });
  }

  /** How many events each consumer has given up on. */
  async deadLetterCounts(): Promise<Map<string, number>> {
    const rows = await this.sql.query<{ consumer: string; count: number }>(
      `SELECT consumer, count(*)::int AS count FROM projection_dead_letters GROUP BY consumer`,
    );
    return new Map(rows.map((row) => [row.consumer, row.count]));
  }
}

const fence = (lease: Lease, at: AllStreamCursor): unknown[] => [lease.name, lease.epoch, at.transactionId, String(at.position)];

export function toCheckpoint(row: CheckpointRow): Checkpoint {
  return {
    name: row.name,
    cursor: { transactionId: String(row.transaction_id), position: Number(row.position) },
    epoch: String(row.epoch),
    status: row.status,
    pausedReason: row.paused_reason,
    pausedAt: row.paused_at,
    runner: row.runner,
    runnerSince: row.runner_since,
    failure:
      row.failure_position === null
        ? null
        : {
            position: Number(row.failure_position),
            attempts: row.failure_attempts ?? 0,
            error: row.failure_error ?? '',
            since: row.failure_since ?? new Date(0),
          },
    appliedAt: row.applied_at,
  };
}

import { performance } from 'node:perf_hooks';
import type { Sql, SqlSession } from '../database/sql';
import { commitOrderQuery, START_OF_LOG, type AllStreamCursor } from './commit-order';
import { notifyConsumer, REBUILD_LOCKS } from './engine-channels';
import type { ProjectedTable } from './inline-projection';
import { currentSchema, type Replayer } from './projection-replay';
import { EVENT_COLUMNS, toRecordedEvent, type EventRow } from './recorded-event';
import { pipelinedWrites } from './replay-transaction';
import { copyTables, identifier } from './table-copies';

/** What is rebuilt: a projection's tables, the replayer that writes them, and for an asynchronous consumer its checkpoint. */
export interface RebuildTarget {
  readonly name: string;
  readonly replayer: Replayer;
  /** Set for an asynchronous consumer: its checkpoint moves to where the rebuilt tables are, in the swap. */
  readonly consumer?: string;
}

export type RebuildPhase = 'copying' | 'swapping' | 'done';

export interface RebuildProgress {
  readonly phase: RebuildPhase;
  /** Events read and applied so far. */
  readonly events: number;
  /** Events in the log when the rebuild began, or read since if more. */
  readonly total: number;
  readonly elapsedMs: number;
}

export interface RebuildResult {
  readonly events: number;
  readonly elapsedMs: number;
  /** How long appends (and reads of the projection's tables) waited for the swap. */
  readonly swapMs: number;
}

/** Another rebuild of the same projection holds its lock, here or on another instance. */
export class RebuildAlreadyRunning extends Error {
  constructor(readonly projection: string) {
    super(`a rebuild of ${projection} is already running`);
    this.name = 'RebuildAlreadyRunning';
  }
}

export interface RunningRebuild {
  readonly done: Promise<RebuildResult>;
}

const BATCH = 5_000;
const SWAP_LOCK_TIMEOUT = '5s';
const SWAP_ATTEMPTS = 3;
/** lock_not_available: the swap could not take its locks within the timeout. */
const LOCK_NOT_AVAILABLE = '55P03';

/**
 * Rebuilds a projection's tables while the service runs (blue/green):
 *
 * 1. Empty copies of its tables (copyTables) in a schema of its own, `rebuild_<name>`: unlogged,
 *    with its constraints and unique indexes but without its other indexes yet.
 * 2. The log replayed into them through the projection's own code (a Replayer), in commit-safe
 *    order below the horizon, a batch per transaction on a pipelined session: no transaction stays
 *    open long enough to hold back the consumers' horizon or vacuum, and appends go on. Then the
 *    other indexes are built, the copies are made logged (written to the WAL once, as they are
 *    now, instead of at every update of every row), and the events committed meanwhile applied.
 * 3. The swap, in one transaction: appends are held off (LOCK events IN EXCLUSIVE MODE waits for
 *    those in flight and blocks new ones; reads go on), then the projection's live tables are locked;
 *    the events committed since the last batch are applied, the columns no event decides (a
 *    scheduler's lease) are carried over from the live rows, the live tables move to a retired
 *    schema and the copies take their place under their names, and an asynchronous consumer's
 *    checkpoint moves to where the copies are (its runner, fenced, continues from there). Appends
 *    wait for this transaction only: milliseconds.
 * 4. The retired tables are dropped.
 *
 * One rebuild per projection at a time, across instances and the CLI (an advisory lock). Progress
 * is kept in `projection_rebuilds`, so any instance reports it. A rebuild that fails or is stopped
 * rolls back its batch and drops its schema; the live tables were never touched.
 */
export class ProjectionRebuild {
  constructor(private readonly sql: Sql) {}

  /** Resolves once the rebuild holds its lock and has begun (or throws RebuildAlreadyRunning); `done` follows it to the end. */
  async start(
    target: RebuildTarget,
    options: { readonly by: string; readonly onProgress?: (progress: RebuildProgress) => void; readonly signal?: AbortSignal },
  ): Promise<RunningRebuild> {
    const session = await this.sql.session({ pipeline: true });
    try {
      const [{ locked }] = await session.query<{ locked: boolean }>(
        `SELECT pg_try_advisory_lock($1::integer, hashtext($2)) AS locked`,
        [REBUILD_LOCKS, target.name],
      );
      if (!locked) throw new RebuildAlreadyRunning(target.name);
      await session.query(
        `INSERT INTO projection_rebuilds (projection, status, started_at, started_by, events_applied, events_total)
         VALUES ($1, 'copying', now(), $2, 0, (SELECT count(*) FROM events))
         ON CONFLICT (projection) DO UPDATE SET status = 'copying', started_at = now(), started_by = $2,
           finished_at = NULL, events_applied = 0, events_total = EXCLUDED.events_total, swap_ms = NULL, error = NULL`,
        [target.name, options.by],
      );
    } catch (error) {
      await session.end();
      throw error;
    }
    const run = new Run(this.sql, session, target, options.onProgress ?? (() => undefined), options.signal);
    return { done: run.execute().finally(() => session.end().catch(() => undefined)) };
  }
}

class Run {
  private readonly started = performance.now();
  private readonly writes;
  private readonly schema: string;
  private readonly retired: string;
  private liveSchema = 'public';
  private cursor: AllStreamCursor = START_OF_LOG;
  private events = 0;
  private total = 0;

  constructor(
    private readonly sql: Sql,
    private readonly session: SqlSession,
    private readonly target: RebuildTarget,
    private readonly onProgress: (progress: RebuildProgress) => void,
    private readonly signal: AbortSignal | undefined,
  ) {
    this.writes = pipelinedWrites(session);
    const slug = target.name.toLowerCase().replace(/[^a-z0-9]+/g, '_');
    this.schema = `rebuild_${slug}`;
    this.retired = `rebuild_${slug}_retired`;
  }

  private get tables(): readonly ProjectedTable[] {
    return this.target.replayer.tables;
  }

  async execute(): Promise<RebuildResult> {
    try {
      this.liveSchema = await currentSchema(this.session);
      [{ total: this.total }] = await this.session.query<{ total: number }>(
        `SELECT events_total::int AS total FROM projection_rebuilds WHERE projection = $1`,
        [this.target.name],
      );
      await this.session.query(`DROP SCHEMA IF EXISTS ${identifier(this.schema)} CASCADE`);
      await this.session.query(`DROP SCHEMA IF EXISTS ${identifier(this.retired)} CASCADE`);
      await this.session.query(`CREATE SCHEMA ${identifier(this.schema)}`);
      const indexes = await copyTables(
        this.session,
        this.tables.map((table) => table.name),
        this.liveSchema,
        this.schema,
        { unlogged: true },
      );
      while (await this.copyBatch()) this.progress('copying');
      // Full up to the horizon: the read indexes in one pass each, and the tables written to the WAL once.
      await indexes.create();
      for (const table of this.tables) {
        await this.session.query(`ALTER TABLE ${identifier(this.schema)}.${identifier(table.name)} SET LOGGED`);
      }
      while (await this.copyBatch()) this.progress('copying');
      await this.sql.query(`UPDATE projection_rebuilds SET status = 'swapping' WHERE projection = $1`, [this.target.name]);
      this.progress('swapping');
      const swapMs = await this.swapWithRetries();
      await this.session.query(`DROP SCHEMA IF EXISTS ${identifier(this.retired)} CASCADE`);
      await this.session.query(`DROP SCHEMA IF EXISTS ${identifier(this.schema)} CASCADE`);
      if (this.target.consumer) await notifyConsumer(this.sql, this.target.consumer);
      this.progress('done');
      return { events: this.events, elapsedMs: performance.now() - this.started, swapMs };
    } catch (error) {
      await this.session.query('ROLLBACK').catch(() => undefined);
      await this.session.query(`DROP SCHEMA IF EXISTS ${identifier(this.schema)} CASCADE`).catch(() => undefined);
      await this.sql
        .query(`UPDATE projection_rebuilds SET status = 'failed', finished_at = now(), error = $2 WHERE projection = $1`, [
          this.target.name,
          error instanceof Error ? error.message : String(error),
        ])
        .catch(() => undefined);
      throw error;
    }
  }

  /** One batch below the horizon in its own transaction; false once the log is read up to the horizon. */
  private async copyBatch(): Promise<boolean> {
    this.signal?.throwIfAborted();
    await this.session.query('BEGIN');
    const read = await this.applyAfterCursor(false);
    await this.session.query(
      `UPDATE projection_rebuilds SET events_applied = $2, events_total = greatest(events_total, $2) WHERE projection = $1`,
      [this.target.name, this.events],
    );
    await this.session.query('COMMIT');
    return read === BATCH;
  }

  /** Reads the next batch after the cursor in the open transaction and applies it; answers how many were read. */
  private async applyAfterCursor(everyCommitted: boolean): Promise<number> {
    await this.session.query(`SET LOCAL search_path = ${identifier(this.schema)}, ${identifier(this.liveSchema)}`);
    const { text, values } = commitOrderQuery({ columns: EVENT_COLUMNS, after: this.cursor, limit: BATCH, everyCommitted });
    const batch = (await this.session.query<EventRow>(text, values)).map(toRecordedEvent);
    if (batch.length > 0) {
      await this.target.replayer.apply(batch, this.writes);
      await this.writes.settle();
      const last = batch.at(-1)!;
      this.cursor = { transactionId: last.transactionId, position: last.position };
      this.events += batch.length;
      this.total = Math.max(this.total, this.events);
    }
    return batch.length;
  }

  private async swapWithRetries(): Promise<number> {
    for (let attempt = 1; ; attempt++) {
      this.signal?.throwIfAborted();
      try {
        return await this.swap();
      } catch (error) {
        await this.session.query('ROLLBACK').catch(() => undefined);
        if ((error as { code?: unknown }).code !== LOCK_NOT_AVAILABLE || attempt === SWAP_ATTEMPTS) throw error;
        // Someone held a lock the swap needs for longer than it waits: catch up, then try again.
        while (await this.copyBatch()) this.progress('copying');
      }
    }
  }

  /** The swap's one transaction (see the class comment); answers how long it held appends off. */
  private async swap(): Promise<number> {
    const live = (table: string) => `${identifier(this.liveSchema)}.${identifier(table)}`;
    await this.session.query('BEGIN');
    await this.session.query(`SET LOCAL lock_timeout = '${SWAP_LOCK_TIMEOUT}'`);
    await this.session.query(`LOCK TABLE ${live('events')} IN EXCLUSIVE MODE`);
    const held = performance.now();
    if (this.target.consumer) {
      // Waits for the consumer's batch in flight, whose fence holds this row.
      await this.session.query(`SELECT name FROM projection_checkpoints WHERE name = $1 FOR UPDATE`, [this.target.consumer]);
    }
    const names = this.tables.map((table) => table.name);
    await this.session.query(`LOCK TABLE ${names.map(live).join(', ')} IN ACCESS EXCLUSIVE MODE`);
    // Appends are held off: every event there is has committed, so the horizon no longer applies.
    while ((await this.applyAfterCursor(true)) === BATCH);
    for (const table of this.tables) await this.carryOver(table, live(table.name));
    await this.session.query(`CREATE SCHEMA ${identifier(this.retired)}`);
    for (const name of names) {
      await this.session.query(`ALTER TABLE ${live(name)} SET SCHEMA ${identifier(this.retired)}`);
      await this.session.query(
        `ALTER TABLE ${identifier(this.schema)}.${identifier(name)} SET SCHEMA ${identifier(this.liveSchema)}`,
      );
    }
    if (this.target.consumer) {
      // A consumer no engine has started yet has no row: it gets one, at the rebuilt tables' end.
      await this.session.query(
        `INSERT INTO projection_checkpoints (name, transaction_id, position, applied_at) VALUES ($1, $2::xid8, $3::bigint, now())
         ON CONFLICT (name) DO UPDATE SET transaction_id = EXCLUDED.transaction_id, position = EXCLUDED.position,
           applied_at = now(), failure_position = NULL, failure_attempts = NULL, failure_error = NULL, failure_since = NULL`,
        [this.target.consumer, this.cursor.transactionId, String(this.cursor.position)],
      );
    }
    const swapMs = Math.round(performance.now() - held);
    await this.session.query(
      `UPDATE projection_rebuilds SET status = 'done', finished_at = now(), events_applied = $2,
         events_total = greatest(events_total, $2), swap_ms = $3
       WHERE projection = $1`,
      [this.target.name, this.events, swapMs],
    );
    await this.session.query('COMMIT');
    return swapMs;
  }

  /** Columns no event decides at all (a lease) are the live rows' own: they come across as they are. */
  private async carryOver(table: ProjectedTable, live: string): Promise<void> {
    const columns = (table.notFromEvents ?? []).filter((rule) => rule.when === undefined).flatMap((rule) => rule.columns);
    if (columns.length === 0) return;
    const key = identifier(table.key);
    await this.session.query(
      `UPDATE ${identifier(this.schema)}.${identifier(table.name)} AS copy
       SET ${columns.map((column) => `${identifier(column)} = live_row.${identifier(column)}`).join(', ')}
       FROM ${live} AS live_row WHERE copy.${key} = live_row.${key}`,
    );
  }

  private progress(phase: RebuildPhase): void {
    this.onProgress({ phase, events: this.events, total: this.total, elapsedMs: performance.now() - this.started });
  }
}

import { performance } from 'node:perf_hooks';
import { Injectable, Optional } from '@nestjs/common';
import { violatedUniqueConstraint } from '../database/driver-errors';
import { Sql, type SqlClient } from '../database/sql';
import { AppendTimer } from './append-timer';
import { ConcurrencyError, DuplicateEventError } from './event-store.errors';
import { canonicalEventAround, GENESIS_HASH, recordedAtText } from './event-hash';
import { commitOrderQuery, START_OF_LOG, type AllStreamCursor } from './commit-order';
import { ANY_VERSION, requiredCurrentVersion, type ExpectedVersion } from './expected-version';
import type { ProjectionTransaction } from './inline-projection';
import { InlineProjections } from './inline-projections';
import { EVENT_COLUMNS, toRecordedEvent, type EventRow, type NewEvent, type RecordedEvent } from './recorded-event';
import { patchStatement } from './row-patch';
import { MAX_STREAM_VERSION } from '../common/stream-version';

export interface AppendResult {
  /** The stream's version after the append. */
  readonly version: number;
  readonly events: readonly RecordedEvent[];
}

/** What the caller decided on, when it did not read it from the stream in this transaction. */
export interface DecidedOn {
  /** The stream's state at the expected version: the inline projections start from it instead of folding the stream. */
  readonly state?: unknown;
  /** The chain hash of the event at the expected version that `state` was folded up to: checked by the append itself. */
  readonly previousHash?: string;
}

/** Retries for `any`, which has no expectation to fail and only loses races to other writers. */
const ANY_VERSION_ATTEMPTS = 10;

/*
 * One statement both checks the expected version and appends, so an append without inline
 * projections costs one round trip. The new versions follow the expected one; the check is only
 * that the expected version exists. A stream that has moved past it already holds the first new
 * version, so the unique (stream_id, stream_version) index refuses the insert (23505): of writers
 * that all saw version n, exactly one gets n+1. A stream that is short of it has no row to chain to.
 * Both statements are named, so each connection plans them once; a single event (the common case)
 * binds typed parameters rather than a JSON array to unpack (measured with npm run bench:append).
 *
 * The hash chain is computed by the same statement: version n's hash (32 zero bytes for version 0)
 * is read by the select that checks n exists, and each new hash is sha256(previous || canonical
 * form). The canonical form (event-hash.ts) comes from here in two halves, and the statement puts
 * the recorded_at it stores in between, so the time is covered too. The data and metadata stored
 * are parsed from that same canonical text, so what is hashed and what is stored cannot differ.
 * Version n is immutable and unique, so the row chained to is the only predecessor the new version
 * can ever have: whichever concurrent writer wins n+1 — with an exact expected version or `any` —
 * chains to the same hash, and the chain cannot fork. `_v4`: the statements' text changed, so their
 * names did too, and a connection that prepared an older text never meets a name it knows with a
 * different meaning.
 *
 * The same select reads the transaction id stored with version n, and the new rows store the greater
 * of it and this transaction's own (`_v5`). A transaction takes its id at its first write, which can
 * come before the stream is read (an idempotency key's claim), so without this version n+1 could
 * carry a lower id than version n, and a reader in commit-safe order (commit-order.ts) would meet a
 * stream's versions out of order. The stored id is never below the appending transaction's own, so
 * "below the oldest running transaction" still means "ended".
 *
 * A caller that decided on a state it holds in memory, without reading the stream, also names the
 * hash that state was folded up to (`previousHash`): the row at version n must then carry it, or
 * nothing is inserted and the append is a ConcurrencyError. The check costs no extra statement.
 */
const previousHash = (anchor: string) => `
  SELECT hash, transaction_id FROM events WHERE stream_id = $1 AND stream_version = $2::integer
    AND (${anchor}::text IS NULL OR hash = decode(${anchor}::text, 'hex'))
  UNION ALL
  SELECT '\\x${GENESIS_HASH.toString('hex')}'::bytea, NULL::xid8 WHERE $2::integer = 0`;
const TRANSACTION_ID = 'greatest(pg_current_xact_id(), previous.transaction_id)';
/**
 * The first half of the canonical form, closed with an empty recordedAt: the event's own fields as
 * jsonb. (OFFSET 0 keeps the planner from pulling the subquery up and parsing the text once per use.)
 */
const fieldsOf = (before: string) => `(${before} || '""}')::jsonb`;
const canonicalAt = (before: string, after: string) =>
  `convert_to(${before} || '"' || ${recordedAtText('now.at')} || '"' || ${after}, 'UTF8')`;
const RETURNED = `RETURNING position, stream_version, recorded_at, transaction_id, hash`;
const APPEND_ONE = {
  name: 'copydesk_append_one_v5',
  text: `
    INSERT INTO events (event_id, stream_id, stream_version, type, schema_version, data, metadata, recorded_at, hash,
                        transaction_id)
    SELECT $3::uuid, $1, $2::integer + 1, $4, $5::smallint, fields.event->'data', fields.event->'metadata', now.at,
           sha256(previous.hash || ${canonicalAt('$6::text', '$7::text')}), ${TRANSACTION_ID}
    FROM (SELECT clock_timestamp() AS at) AS now, (${previousHash('$8')}) AS previous,
         (SELECT ${fieldsOf('$6::text')} AS event OFFSET 0) AS fields
    ${RETURNED}`,
};
const APPEND_MANY = {
  name: 'copydesk_append_many_v5',
  text: `
    WITH RECURSIVE now AS (
      SELECT clock_timestamp() AS at
    ), batch AS (
      SELECT e.before, e.after, e.n::integer AS n, ${fieldsOf('e.before')} AS event
      FROM unnest($3::text[], $4::text[]) WITH ORDINALITY AS e(before, after, n)
    ), previous AS (
      ${previousHash('$7')}
    ), chain (n, hash) AS (
      SELECT 0, previous.hash FROM previous
      UNION ALL
      SELECT chain.n + 1, sha256(chain.hash || ${canonicalAt('batch.before', 'batch.after')})
      FROM chain JOIN batch ON batch.n = chain.n + 1, now
    )
    INSERT INTO events (event_id, stream_id, stream_version, type, schema_version, data, metadata, recorded_at, hash,
                        transaction_id)
    SELECT (batch.event->>'eventId')::uuid, $1, $2::integer + batch.n, ($5::text[])[batch.n],
           ($6::smallint[])[batch.n], batch.event->'data', batch.event->'metadata', now.at, chain.hash, ${TRANSACTION_ID}
    FROM batch JOIN chain ON chain.n = batch.n, now, previous
    ORDER BY batch.n
    ${RETURNED}`,
};
const CURRENT_VERSION_SQL = `SELECT coalesce(max(stream_version), 0) AS version FROM events WHERE stream_id = $1`;

@Injectable()
export class EventStore {
  constructor(
    private readonly sql: Sql,
    private readonly projections: InlineProjections,
    @Optional() private readonly timer?: AppendTimer,
  ) {}

  /**
   * Appends `events` to the stream if it is at `expected`, and runs the inline projections for them
   * in the same transaction. Throws ConcurrencyError when the stream is elsewhere or a concurrent
   * writer got there first.
   */
  async append(streamId: string, expected: ExpectedVersion, events: readonly NewEvent[]): Promise<AppendResult> {
    for (let attempt = 1; ; attempt++) {
      try {
        if (!events.some((event) => this.projections.handles(event.type))) {
          return await this.insert(this.sql, streamId, expected, events);
        }
        return await this.sql.transaction((transaction) => this.appendWithin(transaction, streamId, expected, events));
      } catch (error) {
        if (!(error instanceof ConcurrencyError && expected === ANY_VERSION && attempt < ANY_VERSION_ATTEMPTS)) throw error;
      }
    }
  }

  /** Append inside a transaction the caller owns, then run the inline projections in it. */
  async appendWithin(
    transaction: SqlClient,
    streamId: string,
    expected: ExpectedVersion,
    events: readonly NewEvent[],
    decidedOn: DecidedOn = {},
  ): Promise<AppendResult> {
    const result = await this.insert(transaction, streamId, expected, events, decidedOn.previousHash ?? null);
    if (!result.events.some((event) => this.projections.handles(event.type))) return result;
    const projecting = this.projectionTransaction(transaction);
    let state = decidedOn.state;
    for (const event of result.events) state = await this.projections.apply(event, projecting, state);
    return result;
  }

  /** The stream's events in version order, from and to the given versions, at most `limit` of them. */
  async readStream(
    streamId: string,
    range: { fromVersion?: number; toVersion?: number; limit?: number } = {},
    client: SqlClient = this.sql,
  ): Promise<RecordedEvent[]> {
    const rows = await client.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM events
       WHERE stream_id = $1 AND stream_version >= $2 AND stream_version <= $3
       ORDER BY stream_version LIMIT $4`,
      [streamId, range.fromVersion ?? 1, range.toVersion ?? MAX_STREAM_VERSION, range.limit ?? null],
    );
    return rows.map(toRecordedEvent);
  }

  /**
   * The global log after `cursor`, in commit-safe order (commit-order.ts): a transaction that took a
   * lower position but commits later is never skipped by a reader that moved on.
   */
  async readAll(
    cursor: AllStreamCursor = START_OF_LOG,
    limit = 500,
    client: SqlClient = this.sql,
  ): Promise<{ events: RecordedEvent[]; cursor: AllStreamCursor }> {
    const { text, values } = commitOrderQuery({ columns: EVENT_COLUMNS, after: cursor, limit });
    const events = (await client.query<EventRow>(text, values)).map(toRecordedEvent);
    const last = events.at(-1);
    return { events, cursor: last ? { transactionId: last.transactionId, position: last.position } : cursor };
  }

  /** `work` in one transaction: commands decide, append and project in it. */
  inTransaction<T>(work: (transaction: SqlClient) => Promise<T>): Promise<T> {
    return this.sql.transaction(work);
  }

  private async insert(
    executor: SqlClient,
    streamId: string,
    expected: ExpectedVersion,
    events: readonly NewEvent[],
    previousHash: string | null = null,
  ): Promise<AppendResult> {
    if (events.length === 0) throw new RangeError('nothing to append');
    const began = performance.now();
    // `any` appends after whatever is there now; losing a race to another writer is retried by append().
    const required = requiredCurrentVersion(expected) ?? (await this.currentVersion(executor, streamId));
    const payload = events.map((event, index) => {
      const schemaVersion = event.schemaVersion ?? 1;
      const version = required + index + 1;
      return { ...event, schemaVersion, canonical: canonicalEventAround({ ...event, schemaVersion, streamId, version }) };
    });
    let rows: Pick<EventRow, 'position' | 'stream_version' | 'recorded_at' | 'transaction_id' | 'hash'>[];
    try {
      const [only] = payload;
      ({ rows } =
        payload.length === 1
          ? await executor.run<(typeof rows)[number]>(APPEND_ONE, [
              streamId,
              required,
              only.eventId,
              only.type,
              only.schemaVersion,
              only.canonical.before,
              only.canonical.after,
              previousHash,
            ])
          : await executor.run<(typeof rows)[number]>(APPEND_MANY, [
              streamId,
              required,
              payload.map((event) => event.canonical.before),
              payload.map((event) => event.canonical.after),
              payload.map((event) => event.type),
              payload.map((event) => event.schemaVersion),
              previousHash,
            ]));
    } catch (error) {
      throw translateWriteError(error, streamId, expected, events);
    }
    if (rows.length === 0) {
      throw new ConcurrencyError(streamId, expected, await this.currentVersion(executor, streamId));
    }
    const recorded = rows.map((row) => {
      const event = payload[row.stream_version - required - 1];
      return toRecordedEvent({
        ...row,
        event_id: event.eventId,
        stream_id: streamId,
        type: event.type,
        schema_version: event.schemaVersion,
        data: event.data as Record<string, unknown>,
        metadata: event.metadata as Record<string, unknown>,
      });
    });
    this.timer?.appended((performance.now() - began) / 1000);
    return { version: recorded.at(-1)!.streamVersion, events: recorded };
  }

  /** The stream's last version whose recorded_at is at or before `time`; 0 when it had none yet. */
  async versionAt(streamId: string, time: Date): Promise<number> {
    const [row] = await this.sql.query<{ version: number }>(
      `SELECT coalesce(max(stream_version), 0) AS version FROM events WHERE stream_id = $1 AND recorded_at <= $2`,
      [streamId, time],
    );
    return row.version;
  }

  /** The stream's last version now; 0 when it has none. */
  streamVersion(streamId: string): Promise<number> {
    return this.currentVersion(this.sql, streamId);
  }

  private async currentVersion(executor: SqlClient, streamId: string): Promise<number> {
    const [row] = await executor.query<{ version: number }>(CURRENT_VERSION_SQL, [streamId]);
    return row.version;
  }

  /**
   * What projections may do in the append's transaction: its SQL, and read what it sees of a stream.
   * A replay passes its own `write` and `patch`, which need not send each statement there and then.
   */
  projectionTransaction(
    transaction: SqlClient,
    replay: Pick<ProjectionTransaction, 'write' | 'patch'> | null = null,
  ): ProjectionTransaction {
    const write = async (text: string, parameters?: readonly unknown[]) => {
      await transaction.query(text, parameters);
    };
    return {
      query: (text, parameters) => transaction.query(text, parameters),
      write: replay?.write ?? write,
      patch:
        replay?.patch ??
        ((patch) => {
          const { text, values } = patchStatement(patch);
          return write(text, values);
        }),
      readStream: (streamId, toVersion) => this.readStream(streamId, { toVersion }, transaction),
    };
  }
}

function translateWriteError(error: unknown, streamId: string, expected: ExpectedVersion, events: readonly NewEvent[]): unknown {
  const constraint = violatedUniqueConstraint(error);
  if (constraint === null) return error;
  if (constraint === 'events_event_id_unique') return new DuplicateEventError(events.map((event) => event.eventId));
  return new ConcurrencyError(streamId, expected, null);
}

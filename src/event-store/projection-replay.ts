import { Injectable } from '@nestjs/common';
import type { SqlClient } from '../database/sql';
import { EventStore } from './event-store';
import type { InlineProjections } from './inline-projections';
import { EVENT_COLUMNS, toRecordedEvent, type EventRow } from './recorded-event';

/** The temporary schema: copies made there are the session's own and go with the transaction. */
export const TEMPORARY_SCHEMA = 'pg_temp';

const BATCH = 1_000;

export interface ReplayOptions {
  /**
   * Where the copies go: TEMPORARY_SCHEMA (dropped when the transaction ends), or an existing schema
   * of the caller's, where they stay after a commit, e.g. to be swapped for the live tables.
   */
  readonly schema: string;
  /** Replay only this stream's events (its rows alone are then meaningful). */
  readonly streamId?: string;
}

export interface ReplayResult {
  /** The schema the live tables are in: the first on the search path when the replay began. */
  readonly liveSchema: string;
  readonly schema: string;
  /** Events applied (those some projection handles). */
  readonly events: number;
}

/**
 * Replays the event log through projections into empty copies of their tables, inside a transaction
 * the caller owns. The projections run their own code unchanged: their SQL names tables without a
 * schema, so once the copies' schema is first on the search path (SET LOCAL: for this transaction
 * only) every statement they send lands in the copies, and `events` — never copied — is still read
 * from the live schema behind it.
 *
 * The copies are made LIKE the live tables INCLUDING ALL (defaults, constraints, indexes), so a
 * replay meets the same unique slugs and the same lookups as the appends did. Constraint and index
 * names are generated afresh, though: code that recognises a violation by constraint name (the slug
 * check) sees a plain database error in a copy.
 *
 * Order: by position, in the caller's snapshot. EventStore.readAll orders by (transaction id,
 * position) below the oldest running transaction because its readers move on from one snapshot to
 * the next and must not pass a late commit. Here one snapshot holds still, so nothing can commit
 * late into it, and that horizon would leave out events the live tables already show. A stream's
 * versions are in position order (version n+1 is inserted only once n is committed, and takes its
 * position then), which a transaction id does not promise: it is taken at a transaction's first
 * write, which may come before the stream is read (an idempotency key's claim). Between streams the
 * order only matters where rows of different articles meet — a slug freed by one article and taken
 * by another in transactions that overlapped — and there no stored order is the commit order.
 *
 * To compare or swap the result with the live tables, run it in a REPEATABLE READ transaction: the
 * events replayed and the live rows are then the same moment's.
 */
@Injectable()
export class ProjectionReplay {
  constructor(private readonly store: EventStore) {}

  async run(runner: SqlClient, projections: InlineProjections, options: ReplayOptions): Promise<ReplayResult> {
    const [{ schema: liveSchema }] = await runner.query<{ schema: string }>(`SELECT current_schema() AS schema`);
    const { schema, streamId } = options;
    for (const table of projections.all.flatMap((projection) => projection.tables)) {
      const live = `${identifier(liveSchema)}.${identifier(table.name)}`;
      await runner.query(
        schema === TEMPORARY_SCHEMA
          ? `CREATE TEMPORARY TABLE ${identifier(table.name)} (LIKE ${live} INCLUDING ALL) ON COMMIT DROP`
          : `CREATE TABLE ${identifier(schema)}.${identifier(table.name)} (LIKE ${live} INCLUDING ALL)`,
      );
    }
    await runner.query(`SET LOCAL search_path = ${identifier(schema)}, ${identifier(liveSchema)}`);

    const transaction = this.store.projectionTransaction(runner);
    // Every event, handled or not, so that each stream's state is folded as the commands folded it.
    const states = new Map<string, unknown>();
    let events = 0;
    for (let after = 0; ;) {
      const rows = await runner.query<EventRow>(
        `SELECT ${EVENT_COLUMNS} FROM events
         WHERE position > $1 ${streamId === undefined ? '' : 'AND stream_id = $3'}
         ORDER BY position LIMIT $2`,
        streamId === undefined ? [after, BATCH] : [after, BATCH, streamId],
      );
      for (const event of rows.map(toRecordedEvent)) {
        const before = states.get(event.streamId) ?? projections.initialState;
        states.set(event.streamId, await projections.apply(event, transaction, before));
        if (projections.handles(event.type)) events += 1;
        after = event.position;
      }
      if (rows.length < BATCH) return { liveSchema, schema, events };
    }
  }
}

/** A schema or table name as SQL: these come from code, but quoting keeps an odd one from being read as SQL. */
export function identifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

import { Injectable } from '@nestjs/common';
import type { SqlClient } from '../database/sql';
import type { AsyncConsumer } from './async-consumer';
import { commitOrderQuery, START_OF_LOG, type AllStreamCursor } from './commit-order';
import { EventStore } from './event-store';
import type { ProjectedTable } from './inline-projection';
import type { InlineProjections } from './inline-projections';
import { EVENT_COLUMNS, toRecordedEvent, type EventRow, type RecordedEvent } from './recorded-event';
import { awaitedWrites, type ReplayTransaction } from './replay-transaction';
import { copyTables, identifier } from './table-copies';

const BATCH = 1_000;

/**
 * What a replay applies events through: inline projections (each stream folded as the commands
 * fold it) or an asynchronous consumer, with the tables they write.
 */
export interface Replayer {
  readonly tables: readonly ProjectedTable[];
  /** Applies `events`, in commit-safe order, in `transaction`; answers how many of them it handles. */
  apply(events: readonly RecordedEvent[], transaction: ReplayTransaction): Promise<number>;
}

export interface ReplayOptions {
  /**
   * Where the copies go: TEMPORARY_SCHEMA (dropped when the transaction ends), or an existing schema
   * of the caller's, where they stay after a commit.
   */
  readonly schema: string;
  /** Replay only this stream's events (its rows alone are then meaningful). */
  readonly streamId?: string;
  /** Replay only up to this event: an asynchronous consumer's checkpoint. */
  readonly upTo?: AllStreamCursor;
  /** The schema of the live tables; by default the first on the search path. */
  readonly liveSchema?: string;
}

export interface ReplayResult {
  readonly liveSchema: string;
  readonly schema: string;
  /** Events applied (those the replayer handles). */
  readonly events: number;
}

/**
 * Replays the event log through projections into empty copies of their tables (copyTables: same
 * constraints and indexes, same names), inside a transaction the caller owns. The projections run
 * their own code unchanged: their SQL names tables without a schema, so once the copies' schema is
 * first on the search path (SET LOCAL: this transaction only) every statement they send lands in
 * the copies, and `events` — never copied — is still read from the live schema behind it.
 *
 * `run` reads every event the caller's snapshot sees, in commit-safe order but without the horizon
 * (one snapshot holds still: nothing can commit late into it), so that with a REPEATABLE READ
 * snapshot the replay and the live tables are the same moment's. A rebuild (projection-rebuild.ts)
 * applies the same replayers batch by batch below the horizon instead, then under a lock.
 */
@Injectable()
export class ProjectionReplay {
  constructor(private readonly store: EventStore) {}

  /** Inline projections as a replay runs them: it keeps each stream's state (one per stream, in memory) as it goes. */
  inline(projections: InlineProjections): Replayer {
    const states = new Map<string, unknown>();
    return {
      tables: projections.all.flatMap((projection) => projection.tables),
      apply: async (events, transaction) => {
        const projecting = this.store.projectionTransaction(transaction, {
          write: (text, parameters) => transaction.write(text, parameters),
          patch: (patch) => transaction.patch(patch),
        });
        let handled = 0;
        // Every event, handled or not, so that each stream's state is folded as the commands folded it.
        for (const event of events) {
          const before = states.get(event.streamId) ?? projections.initialState;
          states.set(event.streamId, await projections.apply(event, projecting, before));
          if (projections.handles(event.type)) handled += 1;
        }
        return handled;
      },
    };
  }

  consumer(consumer: AsyncConsumer): Replayer {
    return {
      tables: consumer.tables,
      apply: async (events, transaction) => {
        await consumer.apply(events, transaction);
        return events.length;
      },
    };
  }

  async run(runner: SqlClient, replayer: Replayer, options: ReplayOptions): Promise<ReplayResult> {
    const liveSchema = options.liveSchema ?? (await currentSchema(runner));
    const { schema, streamId, upTo } = options;
    await copyTables(
      runner,
      replayer.tables.map((table) => table.name),
      liveSchema,
      schema,
    );
    await runner.query(`SET LOCAL search_path = ${identifier(schema)}, ${identifier(liveSchema)}`);
    const transaction = awaitedWrites(runner);
    let events = 0;
    for (let after = START_OF_LOG; ;) {
      const { text, values } = commitOrderQuery({
        columns: EVENT_COLUMNS,
        after,
        limit: BATCH,
        everyCommitted: true,
        where: (parameter) => [
          ...(streamId === undefined ? [] : [`stream_id = ${parameter(streamId)}`]),
          ...(upTo === undefined
            ? []
            : [
                `(transaction_id, position) <= (${parameter(upTo.transactionId)}::xid8, ${parameter(String(upTo.position))}::bigint)`,
              ]),
        ],
      });
      const batch = (await runner.query<EventRow>(text, values)).map(toRecordedEvent);
      if (batch.length > 0) events += await replayer.apply(batch, transaction);
      await transaction.settle();
      if (batch.length < BATCH) return { liveSchema, schema, events };
      after = { transactionId: batch.at(-1)!.transactionId, position: batch.at(-1)!.position };
    }
  }
}

export async function currentSchema(runner: SqlClient): Promise<string> {
  const [{ schema }] = await runner.query<{ schema: string }>(`SELECT current_schema() AS schema`);
  return schema;
}

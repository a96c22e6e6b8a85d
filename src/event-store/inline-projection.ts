import type { SqlClient } from '../database/sql';
import type { RecordedEvent } from './recorded-event';
import type { RowPatch } from './row-patch';

/** What a projection may do inside the append's transaction: its SQL, and read what it sees of a stream. */
export interface ProjectionTransaction extends Pick<SqlClient, 'query'> {
  /**
   * A statement whose answer the projection does not need. In an append it runs there and then; a
   * replay may send it without waiting for it (pipelined), and any failure fails the replay's batch.
   * A statement whose failure the projection must catch where it happens goes through `query`.
   */
  write(text: string, parameters?: readonly unknown[]): Promise<void>;
  /**
   * An existing row's columns, set while its version is below the patch's (row-patch.ts). An append
   * sends it as one UPDATE there and then; a replay may merge a row's patches and send one.
   */
  patch(patch: RowPatch): Promise<void>;
  /** The stream's events up to and including `toVersion`, as this transaction sees them. */
  readStream(streamId: string, toVersion?: number): Promise<RecordedEvent[]>;
}

/**
 * Columns of a projected table that no event determines, so a comparison with a replay leaves them
 * out; `when` (SQL over the live row, aliased `live_row`) narrows that to the rows it holds for.
 */
export interface NotFromEvents {
  readonly columns: readonly string[];
  readonly when?: string;
  readonly why: string;
}

/**
 * A table a projection writes, named as its SQL names it (unqualified), so a replay can point the
 * same SQL at an empty copy by putting another schema first on the search path.
 */
export interface ProjectedTable {
  readonly name: string;
  /** Its primary key column: live and replayed rows are matched on it. */
  readonly key: string;
  /** The key of the one row a stream projects to, or null for a stream this table never holds. */
  keyOf(streamId: string): string | null;
  readonly notFromEvents?: readonly NotFromEvents[];
}

/**
 * One event as a projection sees it: decoded (once, by InlineProjections), as recorded (stream,
 * version, time), and the stream's state just before and just after it, as the write side folds it.
 * The states let a projection write what changed without first reading its own row back.
 */
export interface ProjectedEvent<Event, State> {
  readonly event: Event;
  readonly recorded: RecordedEvent;
  readonly before: State;
  readonly after: State;
}

/**
 * A read model updated in the same transaction as the append (read-your-writes). `apply` must be
 * idempotent: applying an event a second time changes nothing. `tables` lists every table `apply`
 * writes: a replay copies exactly those, so one left out would be written live.
 */
export interface InlineProjection<Event = unknown, State = unknown> {
  readonly name: string;
  readonly handles: ReadonlySet<string>;
  readonly tables: readonly ProjectedTable[];
  apply(change: ProjectedEvent<Event, State>, transaction: ProjectionTransaction): Promise<void>;
}

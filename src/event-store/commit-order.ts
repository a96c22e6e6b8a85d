/** Where a reader of the global log has got to: the last (transaction id, position) it read. */
export interface AllStreamCursor {
  /** xid8, as a decimal string. */
  readonly transactionId: string;
  /** A bigint position; a string keeps values past 2^53 exact. */
  readonly position: number | string;
}
export const START_OF_LOG: AllStreamCursor = { transactionId: '0', position: 0 };

/**
 * Only transactions older than every transaction still running: each of them has ended, so nothing
 * can still commit below this horizon. A reader that moves on from one snapshot to the next and
 * keeps to it never passes an event that commits late.
 */
export const BELOW_RUNNING_TRANSACTIONS = 'transaction_id < pg_snapshot_xmin(pg_current_snapshot())';

export interface LogQuery {
  /** The columns selected from `events`. */
  readonly columns: string;
  readonly after: AllStreamCursor;
  /** Further conditions on `events`; `parameter` numbers their values after the query's own. */
  readonly where?: (parameter: (value: unknown) => string) => readonly string[];
  readonly limit: number;
  /**
   * Every event this statement's snapshot sees, ignoring the horizon: only for a reader that holds
   * appends off (a rebuild's swap, which has locked the events table), so that none can be running.
   */
  readonly everyCommitted?: boolean;
}

/**
 * The global log in commit-safe order, the one way it is read (EventStore.readAll, the audit log,
 * the projection engine and rebuilds): after a cursor, ordered by (transaction id, position), below
 * the oldest running transaction. `events_transaction_order` and the audit's filter indexes end in
 * (transaction_id, position), so a page is read in cursor order straight from an index.
 *
 * A stream's events are in this order too: the append stores the greater of its own transaction id
 * and that of the version it follows (event-store.ts), so a transaction that took its id before an
 * earlier version committed (an idempotency key's claim comes first) still sorts after it.
 */
export function commitOrderQuery(query: LogQuery): { text: string; values: unknown[] } {
  const values: unknown[] = [];
  const parameter = (value: unknown): string => `$${values.push(value)}`;
  const conditions = [
    `(transaction_id, position) > (${parameter(query.after.transactionId)}::xid8, ${parameter(String(query.after.position))}::bigint)`,
    ...(query.everyCommitted ? [] : [BELOW_RUNNING_TRANSACTIONS]),
    ...(query.where?.(parameter) ?? []),
  ];
  return {
    text: `SELECT ${query.columns} FROM events WHERE ${conditions.join(' AND ')}
           ORDER BY transaction_id, position LIMIT ${parameter(query.limit)}`,
    values,
  };
}

/** The cursor just past a row read in this order. */
export const cursorAt = (row: { readonly transactionId: string; readonly position: number | string }): AllStreamCursor => ({
  transactionId: row.transactionId,
  position: row.position,
});

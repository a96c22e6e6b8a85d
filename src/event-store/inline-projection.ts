import type { RecordedEvent } from './recorded-event';

/** What a projection may do inside the append's transaction. */
export interface ProjectionTransaction {
  query<Row = Record<string, unknown>>(sql: string, parameters?: readonly unknown[]): Promise<Row[]>;
  /** The stream's events up to and including `toVersion`, as this transaction sees them. */
  readStream(streamId: string, toVersion?: number): Promise<RecordedEvent[]>;
}

/**
 * A read model updated in the same transaction as the append (read-your-writes). `apply` must be
 * idempotent: applying an event a second time changes nothing.
 */
export interface InlineProjection {
  readonly name: string;
  readonly handles: ReadonlySet<string>;
  apply(event: RecordedEvent, transaction: ProjectionTransaction): Promise<void>;
}

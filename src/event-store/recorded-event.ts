/** An event about to be appended; the store gives it its stream version and position. */
export interface NewEvent {
  readonly eventId: string;
  readonly type: string;
  readonly schemaVersion?: number;
  readonly data: object;
  readonly metadata: object;
}

export interface RecordedEvent<Data = Record<string, unknown>, Metadata = Record<string, unknown>> {
  /** Global order of appending (gaps are possible: rolled-back transactions use numbers too). */
  readonly position: number;
  readonly eventId: string;
  readonly streamId: string;
  readonly streamVersion: number;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: Data;
  readonly metadata: Metadata;
  readonly recordedAt: Date;
  /** PostgreSQL's transaction id (xid8) of the append, as a decimal string. */
  readonly transactionId: string;
  /** SHA-256 link of the stream's hash chain (event-hash.ts), in hex. */
  readonly hash: string;
}

export interface EventRow {
  position: string;
  event_id: string;
  stream_id: string;
  stream_version: number;
  type: string;
  schema_version: number;
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
  recorded_at: Date;
  transaction_id: string;
  hash: Buffer;
}

export const EVENT_COLUMNS =
  'position, event_id, stream_id, stream_version, type, schema_version, data, metadata, recorded_at, transaction_id, hash';

export function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    position: Number(row.position),
    eventId: row.event_id,
    streamId: row.stream_id,
    streamVersion: row.stream_version,
    type: row.type,
    schemaVersion: row.schema_version,
    data: row.data,
    metadata: row.metadata,
    recordedAt: row.recorded_at,
    transactionId: String(row.transaction_id),
    hash: row.hash.toString('hex'),
  };
}

import { createHash } from 'node:crypto';
import { canonicalJson } from '../common/canonical-json';

/**
 * The tamper-evident chain: each event's hash is SHA-256 over the previous event's hash in its
 * stream (32 raw bytes; 32 zero bytes before the first event) followed by the UTF-8 bytes of the
 * event's canonical form. Changing, removing or reordering any stored event breaks every hash
 * after it in its stream.
 */
export const GENESIS_HASH: Buffer = Buffer.alloc(32);

/** What the hash covers: what happened, in which stream and place, who did it and when. */
export interface HashedEventFields {
  readonly streamId: string;
  readonly version: number;
  readonly eventId: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: unknown;
  readonly metadata: unknown;
  /** recorded_at in UTC with its microseconds, as recordedAtText() writes it: 2026-11-28T12:00:00.123456Z */
  readonly recordedAt: string;
}

/** How SQL writes recorded_at for the canonical form; a JavaScript Date would lose the microseconds. */
export const recordedAtText = (column: string): string =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/**
 * RFC 8785 canonical JSON of the event: {data, eventId, metadata, recordedAt, schemaVersion, streamId,
 * type, version}. Position and transaction id are left out: they only order the global log, which
 * the chain does not claim to cover.
 */
export function canonicalEvent(event: HashedEventFields): string {
  const { before, after } = canonicalEventAround(event);
  return `${before}${JSON.stringify(event.recordedAt)}${after}`;
}

/**
 * The canonical form split around the value of `recordedAt`, for the append statement: the database
 * puts the time of the insert in between, so the hash covers the very recorded_at it stores.
 * RFC 8785 orders members by name, and "recordedAt" sorts between "metadata" and "schemaVersion".
 */
export function canonicalEventAround(event: Omit<HashedEventFields, 'recordedAt'>): { before: string; after: string } {
  const { streamId, version, eventId, type, schemaVersion, data, metadata } = event;
  const head = canonicalJson({ data, eventId, metadata });
  const tail = canonicalJson({ schemaVersion, streamId, type, version });
  return { before: `${head.slice(0, -1)},"recordedAt":`, after: `,${tail.slice(1)}` };
}

/** An events row as HASHED_COLUMNS selects it: what verify, the backfill and the tests read back. */
export interface HashedRow {
  readonly stream_id: string;
  readonly stream_version: number;
  readonly event_id: string;
  readonly type: string;
  readonly schema_version: number;
  readonly data: unknown;
  readonly metadata: unknown;
  readonly recorded_at: string;
}

export const HASHED_COLUMNS = `stream_id, stream_version, event_id, type, schema_version, data, metadata,
  ${recordedAtText('recorded_at')} AS recorded_at`;

export function canonicalRow(row: HashedRow): string {
  return canonicalEvent({
    streamId: row.stream_id,
    version: row.stream_version,
    eventId: row.event_id,
    type: row.type,
    schemaVersion: row.schema_version,
    data: row.data,
    metadata: row.metadata,
    recordedAt: row.recorded_at,
  });
}

export function chainHash(previousHash: Buffer, canonical: string): Buffer {
  return createHash('sha256').update(previousHash).update(canonical, 'utf8').digest();
}

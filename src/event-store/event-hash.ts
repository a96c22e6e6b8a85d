import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json';

/**
 * The tamper-evident chain: each event's hash is SHA-256 over the previous event's hash in its
 * stream (32 raw bytes; 32 zero bytes before the first event) followed by the UTF-8 bytes of the
 * event's canonical form. Changing, removing or reordering any stored event breaks every hash
 * after it in its stream.
 */
export const GENESIS_HASH: Buffer = Buffer.alloc(32);

/** What the hash covers: everything that says what happened, who did it and when they said it did. */
export interface HashedEventFields {
  readonly streamId: string;
  readonly version: number;
  readonly eventId: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: unknown;
  readonly metadata: unknown;
}

/**
 * RFC 8785 canonical JSON of the event's own fields. The store's bookkeeping (position, recorded_at,
 * transaction id) is left out: the database assigns it while inserting, after the hash is fixed,
 * and the time the event happened is covered through metadata.occurredAt.
 */
export function canonicalEvent(event: HashedEventFields): string {
  const { streamId, version, eventId, type, schemaVersion, data, metadata } = event;
  return canonicalJson({ streamId, version, eventId, type, schemaVersion, data, metadata });
}

export function chainHash(previousHash: Buffer, canonical: string): Buffer {
  return createHash('sha256').update(previousHash).update(canonical, 'utf8').digest();
}

import { Injectable } from '@nestjs/common';
import { Sql } from '../database/sql';
import { GENESIS_HASH, HASHED_COLUMNS, canonicalRow, chainHash, type HashedRow } from './event-hash';

/** Where a stream's chain stops holding: an event that was changed, or one that is gone. */
export interface BrokenLink {
  readonly streamId: string;
  readonly version: number;
  readonly problem: 'altered' | 'missing';
  /** The hash the event's content and its predecessor give (null when the event is missing). */
  readonly expectedHash: string | null;
  /** The hash stored with the event (null when the event is missing). */
  readonly foundHash: string | null;
  readonly detail: string;
}

export interface ChainReport {
  readonly intact: boolean;
  /** Streams and events walked: every one, broken or not. */
  readonly streams: number;
  readonly events: number;
  /** How many streams have a broken link; each is listed once, at its first broken link. */
  readonly broken: number;
  readonly brokenLinks: readonly BrokenLink[];
}

interface ChainRow extends HashedRow {
  readonly hash: Buffer;
}

const BATCH = 1_000;

/**
 * Walks every stream (or one) in (stream, version) order, in batches along the unique index, and
 * recomputes each hash from the stored event and the hash before it. Events are immutable once
 * committed, so batches read at different moments still see one consistent chain; events appended
 * meanwhile are either reached or not, and neither breaks what was reached.
 *
 * A broken stream is reported at its first broken link and the walk goes on to the next stream: one
 * tampered article must not hide another. Links after the first break in a stream are not judged,
 * since each depends on the one that no longer holds, but their events are still counted as walked.
 *
 * Limits, by construction of a chain without an outside anchor: removing a stream's newest events,
 * or a whole stream, leaves a shorter chain that still holds. Publishing stream heads elsewhere
 * would close that gap.
 */
@Injectable()
export class ChainVerifier {
  constructor(private readonly sql: Sql) {}

  async verify(scope: { readonly streamId?: string } = {}): Promise<ChainReport> {
    let streams = 0;
    let events = 0;
    const brokenLinks: BrokenLink[] = [];
    let current = { streamId: '', version: 0, hash: GENESIS_HASH, broken: false };
    const oneStream = scope.streamId !== undefined;
    for (;;) {
      const rows: ChainRow[] = await this.sql.query(
        `SELECT ${HASHED_COLUMNS}, hash
         FROM events WHERE (stream_id, stream_version) > ($1, $2) ${oneStream ? 'AND stream_id = $3' : ''}
         ORDER BY stream_id, stream_version LIMIT ${BATCH}`,
        oneStream ? [current.streamId, current.version, scope.streamId] : [current.streamId, current.version],
      );
      for (const row of rows) {
        if (row.stream_id !== current.streamId) {
          streams += 1;
          current = { streamId: row.stream_id, version: 0, hash: GENESIS_HASH, broken: false };
        }
        events += 1;
        if (!current.broken) {
          const brokenLink = checkLink(row, current);
          if (brokenLink) brokenLinks.push(brokenLink);
          current.broken = brokenLink !== null;
        }
        current = { ...current, version: row.stream_version, hash: row.hash };
      }
      if (rows.length < BATCH) {
        return { intact: brokenLinks.length === 0, streams, events, broken: brokenLinks.length, brokenLinks };
      }
    }
  }
}

function checkLink(row: ChainRow, previous: { version: number; hash: Buffer }): BrokenLink | null {
  const streamId = row.stream_id;
  if (row.stream_version !== previous.version + 1) {
    const missing = previous.version + 1;
    return {
      streamId,
      version: missing,
      problem: 'missing',
      expectedHash: null,
      foundHash: null,
      detail:
        previous.version === 0
          ? `stream ${streamId} starts at version ${row.stream_version}: version ${missing} is missing`
          : `stream ${streamId} goes from version ${previous.version} to ${row.stream_version}: version ${missing} is missing`,
    };
  }
  const expected = chainHash(previous.hash, canonicalRow(row));
  if (expected.equals(row.hash)) return null;
  return {
    streamId,
    version: row.stream_version,
    problem: 'altered',
    expectedHash: expected.toString('hex'),
    foundHash: row.hash.toString('hex'),
    detail: `event ${row.stream_version} of stream ${streamId} does not hash to what is stored: it or an earlier link was changed`,
  };
}

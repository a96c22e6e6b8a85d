import type { SqlClient } from '../database/sql';

/** A command sent with an idempotency key: whose key, which request, and where its answer points. */
export interface IdempotentRequest {
  /** Keys are the client's own: one actor's key never answers another actor's request. */
  readonly scope: string;
  readonly key: string;
  /** Tells a retry (same fingerprint) from a different request under a reused key. */
  readonly fingerprint: string;
  /** The resource the answer points to (a Location), if any; a replay points to the first one. */
  readonly location: string | null;
}

/** The first answer to a key: the stream it changed and the version it answered with. */
export interface StoredAnswer {
  readonly fingerprint: string;
  readonly streamId: string;
  readonly version: number;
  readonly location: string | null;
}

/*
 * The claim comes before the command reads anything. A concurrent request with the same key then
 * waits on the primary key until the first transaction ends: if it committed, DO NOTHING and the
 * SELECT (a new snapshot under READ COMMITTED) finds its answer; if it rolled back, the insert
 * goes ahead and this request runs the command itself. Named statements: this is every keyed
 * command's path, so each connection plans them once.
 */
const CLAIM = {
  name: 'copydesk_idempotency_claim_v1',
  text: `
    INSERT INTO idempotency_keys (actor_id, key, fingerprint, stream_id, location)
    VALUES ($1, $2, $3, $4, $5)
    ON CONFLICT (actor_id, key) DO NOTHING`,
};
const STORED = {
  name: 'copydesk_idempotency_stored_v1',
  text: `SELECT fingerprint, stream_id, stream_version, location FROM idempotency_keys WHERE actor_id = $1 AND key = $2`,
};
const RECORD = {
  name: 'copydesk_idempotency_record_v1',
  text: `UPDATE idempotency_keys SET stream_version = $3 WHERE actor_id = $1 AND key = $2 AND stream_version IS NULL`,
};

interface StoredRow {
  fingerprint: string;
  stream_id: string;
  stream_version: number | null;
  location: string | null;
}

/**
 * Claims the key for this transaction, or returns the answer it was given before. The claim holds
 * the request's stream and location, so that recording the answer later needs only the version.
 */
export async function claimIdempotencyKey(
  transaction: SqlClient,
  streamId: string,
  request: IdempotentRequest,
): Promise<StoredAnswer | null> {
  const { scope, key, fingerprint, location } = request;
  const claimed = await transaction.run(CLAIM, [scope, key, fingerprint, streamId, location]);
  if (claimed.rowCount === 1) return null;
  const { rows } = await transaction.run<StoredRow>(STORED, [scope, key]);
  const [stored] = rows;
  if (stored === undefined || stored.stream_version === null) {
    // Only a committed claim blocks the insert, and every committed claim has its version.
    throw new Error(`idempotency key ${key} of ${scope} is claimed but has no answer`);
  }
  return {
    fingerprint: stored.fingerprint,
    streamId: stored.stream_id,
    version: stored.stream_version,
    location: stored.location,
  };
}

/** Completes this transaction's claim with the version the command answered with. */
export async function recordIdempotentAnswer(transaction: SqlClient, request: IdempotentRequest, version: number): Promise<void> {
  const { rowCount } = await transaction.run(RECORD, [request.scope, request.key, version]);
  if (rowCount !== 1) throw new Error(`idempotency key ${request.key} of ${request.scope} was not claimed by this transaction`);
}

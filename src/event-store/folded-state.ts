import { createHash } from 'node:crypto';
import { canonicalJson } from '../common/canonical-json';
import type { SqlClient } from '../database/sql';

/**
 * A stream's state as a fold left it at one version, with what ties it to the events: the chain
 * hash of the event it was folded up to. Held in memory (StateCache) and stored now and then
 * (stream_snapshots), it spares a command from reading the whole stream; it is never trusted over
 * the events, whose row at that version must still carry that hash.
 */
export interface FoldedState<State> {
  readonly version: number;
  readonly eventHash: string;
  readonly state: State;
}

/** Every this many events a command also stores the state it leaves, in the command's own transaction. */
export const SNAPSHOT_EVERY = 100;

export const stateChecksum = (state: unknown): string => createHash('sha256').update(canonicalJson(state)).digest('hex');

const READ = {
  name: 'copydesk_snapshot_read_v1',
  text: `SELECT version, event_hash, state, state_hash FROM stream_snapshots WHERE stream_id = $1 AND fold_version = $2`,
};
const WRITE = {
  name: 'copydesk_snapshot_write_v1',
  text: `
    INSERT INTO stream_snapshots (stream_id, fold_version, version, event_hash, state, state_hash)
    VALUES ($1, $2, $3, $4, $5, $6)
    ON CONFLICT (stream_id) DO UPDATE SET
      fold_version = EXCLUDED.fold_version, version = EXCLUDED.version, event_hash = EXCLUDED.event_hash,
      state = EXCLUDED.state, state_hash = EXCLUDED.state_hash, taken_at = now()
    WHERE stream_snapshots.version < EXCLUDED.version OR stream_snapshots.fold_version <> EXCLUDED.fold_version`,
};

/**
 * The stored snapshot made by this fold, or null. One whose state no longer matches its checksum
 * (a damaged or edited row) is not used; the caller also checks its event hash against the events.
 */
export async function readSnapshot<State>(
  transaction: SqlClient,
  streamId: string,
  foldVersion: string,
): Promise<FoldedState<State> | null> {
  const { rows } = await transaction.run<{ version: number; event_hash: string; state: State; state_hash: string }>(READ, [
    streamId,
    foldVersion,
  ]);
  const [row] = rows;
  if (row === undefined || stateChecksum(row.state) !== row.state_hash) return null;
  return { version: row.version, eventHash: row.event_hash, state: row.state };
}

export async function writeSnapshot<State>(
  transaction: SqlClient,
  streamId: string,
  foldVersion: string,
  folded: FoldedState<State>,
): Promise<void> {
  const state = JSON.stringify(folded.state);
  await transaction.run(WRITE, [streamId, foldVersion, folded.version, folded.eventHash, state, stateChecksum(folded.state)]);
}

/**
 * The last committed state of recently commanded streams, in this process. A hit at the version a
 * command expects is decided on without reading the stream, and the append checks that the event it
 * follows still carries the cached hash; any other hit reads the events after it. Either way a
 * stale entry never decides anything that is written. Least recently used streams leave first.
 */
export class StateCache {
  private readonly entries = new Map<string, FoldedState<unknown>>();

  constructor(private readonly capacity = 10_000) {}

  get<State>(streamId: string): FoldedState<State> | undefined {
    const entry = this.entries.get(streamId);
    if (entry === undefined) return undefined;
    this.entries.delete(streamId);
    this.entries.set(streamId, entry);
    return entry as FoldedState<State>;
  }

  set<State>(streamId: string, folded: FoldedState<State>): void {
    const current = this.entries.get(streamId);
    // Two commands on one stream can finish out of order; the newer state wins.
    if (current !== undefined && current.version > folded.version) return;
    this.entries.delete(streamId);
    this.entries.set(streamId, folded);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }

  forget(streamId: string): void {
    this.entries.delete(streamId);
  }
}

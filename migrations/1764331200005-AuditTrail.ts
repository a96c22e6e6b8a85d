import type { MigrationInterface, QueryRunner } from 'typeorm';
import { GENESIS_HASH, HASHED_COLUMNS, canonicalRow, chainHash, type HashedRow } from '../src/event-store/event-hash';

const BACKFILL_BATCH = 1_000;

interface UnhashedRow extends HashedRow {
  position: string;
}

/**
 * The audit trail: a SHA-256 hash chain over each stream (see src/event-store/event-hash.ts) and the
 * indexes the global audit log filters by. Those for actor, type and article end in
 * (transaction_id, position), the log's commit-safe order, so such a page is read in cursor order
 * straight from its index; a time range uses recorded_at's index and sorts its matches.
 */
export class AuditTrail1764331200005 implements MigrationInterface {
  name = 'AuditTrail1764331200005';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE events ADD COLUMN hash bytea CHECK (octet_length(hash) = 32)`);
    await this.backfillHashes(queryRunner);
    await queryRunner.query(`ALTER TABLE events ALTER COLUMN hash SET NOT NULL`);

    await queryRunner.query(`CREATE INDEX events_by_actor ON events ((metadata -> 'actor' ->> 'id'), transaction_id, position)`);
    await queryRunner.query(`CREATE INDEX events_by_type ON events (type, transaction_id, position)`);
    await queryRunner.query(`CREATE INDEX events_by_stream ON events (stream_id, transaction_id, position)`);
    await queryRunner.query(`CREATE INDEX events_by_recorded_at ON events (recorded_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX events_by_recorded_at, events_by_stream, events_by_type, events_by_actor`);
    await queryRunner.query(`ALTER TABLE events DROP COLUMN hash`);
  }

  /**
   * Events stored before the chain existed get their hashes in stream order. The append-only trigger
   * refuses every UPDATE, so it is switched off for this one, and on again before the migration's
   * transaction commits: ALTER TABLE holds an exclusive lock on events until then, so no other
   * session can write, or even read, while the trigger is off, and a failure rolls all of it back.
   */
  private async backfillHashes(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE events DISABLE TRIGGER events_append_only`);
    let after: { streamId: string; version: number } = { streamId: '', version: 0 };
    let previous: Buffer = GENESIS_HASH;
    for (;;) {
      const rows: UnhashedRow[] = await queryRunner.query(
        `SELECT position, ${HASHED_COLUMNS}
         FROM events WHERE (stream_id, stream_version) > ($1, $2)
         ORDER BY stream_id, stream_version LIMIT ${BACKFILL_BATCH}`,
        [after.streamId, after.version],
      );
      if (rows.length === 0) break;
      const hashes = rows.map((row) => {
        if (row.stream_id !== after.streamId) previous = GENESIS_HASH;
        previous = chainHash(previous, canonicalRow(row));
        after = { streamId: row.stream_id, version: row.stream_version };
        return previous.toString('hex');
      });
      await queryRunner.query(
        `UPDATE events SET hash = decode(batch.hash, 'hex')
         FROM unnest($1::bigint[], $2::text[]) AS batch(position, hash)
         WHERE events.position = batch.position`,
        [rows.map((row) => row.position), hashes],
      );
    }
    await queryRunner.query(`ALTER TABLE events ENABLE TRIGGER events_append_only`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The stored transaction id becomes non-decreasing along each stream, as the append now keeps it
 * (src/event-store/event-store.ts): a version whose transaction took its id before the version it
 * follows had committed (an idempotency key is claimed before the stream is read) gets that
 * version's id, so a reader in commit-safe order (commit-order.ts) meets a stream's versions in
 * order. Only the ordering key moves; the hash chain does not cover it, and no id goes down, so
 * "below the oldest running transaction" still means "ended".
 */
export class StreamOrderedTransactionIds1764331200050 implements MigrationInterface {
  name = 'StreamOrderedTransactionIds1764331200050';

  /**
   * xid8 has no max() before PostgreSQL 16, so the running maximum goes through numeric. The
   * append-only trigger refuses every UPDATE; it is off only while the ALTER TABLE's exclusive lock
   * keeps every other session out, and only when some row needs it.
   */
  async up(queryRunner: QueryRunner): Promise<void> {
    const behind = `
      SELECT position, ordered.transaction_id FROM (
        SELECT position, transaction_id AS own,
               (max(transaction_id::text::numeric) OVER (PARTITION BY stream_id ORDER BY stream_version))::text::xid8
                 AS transaction_id
        FROM events) AS ordered
      WHERE ordered.transaction_id <> ordered.own`;
    const [{ count }]: { count: number }[] = await queryRunner.query(`SELECT count(*)::int AS count FROM (${behind}) AS rows`);
    if (count === 0) return;
    await queryRunner.query(`ALTER TABLE events DISABLE TRIGGER events_append_only`);
    await queryRunner.query(
      `UPDATE events SET transaction_id = behind.transaction_id FROM (${behind}) AS behind WHERE events.position = behind.position`,
    );
    await queryRunner.query(`ALTER TABLE events ENABLE TRIGGER events_append_only`);
  }

  /** The ids each transaction took are not kept: going down leaves the corrected ones, which every reader still accepts. */
  async down(): Promise<void> {}
}

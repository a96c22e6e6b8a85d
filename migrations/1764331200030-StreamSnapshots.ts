import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A stream's folded state every so many events, so that a command reads only the events after it.
 * Never the truth: a snapshot names the fold that made it (`fold_version`; a changed fold ignores
 * old ones), the chain hash of the event it was folded up to (the events are checked to still say
 * that) and a checksum of its state; one that fails any check is not used. The table can be
 * emptied at any time: commands then fold from the start and write new snapshots as they go.
 */
export class StreamSnapshots1764331200030 implements MigrationInterface {
  name = 'StreamSnapshots1764331200030';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE stream_snapshots (
        stream_id     text        PRIMARY KEY,
        fold_version  text        NOT NULL,
        version       integer     NOT NULL CHECK (version > 0),
        event_hash    text        NOT NULL,
        state         jsonb       NOT NULL,
        state_hash    text        NOT NULL,
        taken_at      timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE stream_snapshots`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The first answer to each Idempotency-Key, per actor. A row is written in the same transaction as
 * the command's events, so it commits with them or not at all (a command that changed nothing keeps
 * its row too, with the version it answered). `stream_version` is null only while the
 * claiming transaction runs (the key is claimed before the command is decided, to make concurrent
 * retries wait on the primary key) and set before commit. No foreign key to events: it would make
 * TRUNCATE events fail on the key instead of the append-only trigger, and the version comes from
 * the append in the same transaction. Rows are kept for good (see the README on expiry).
 */
export class IdempotencyKeys1764331200004 implements MigrationInterface {
  name = 'IdempotencyKeys1764331200004';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE idempotency_keys (
        actor_id        text        NOT NULL,
        key             text        NOT NULL CHECK (length(key) BETWEEN 1 AND 255),
        fingerprint     text        NOT NULL CHECK (fingerprint ~ '^[0-9a-f]{64}$'),
        stream_id       text        NOT NULL,
        stream_version  integer     CHECK (stream_version > 0),
        location        text,
        created_at      timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (actor_id, key)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE idempotency_keys`);
  }
}

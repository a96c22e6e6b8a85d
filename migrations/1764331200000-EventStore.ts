import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The event store: one row per event, append-only. `unique(stream_id, stream_version)` is the
 * optimistic lock; `transaction_id` lets asynchronous readers skip nothing committed late.
 */
export class EventStore1764331200000 implements MigrationInterface {
  name = 'EventStore1764331200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE events (
        position        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        event_id        uuid        NOT NULL,
        stream_id       text        NOT NULL,
        stream_version  integer     NOT NULL CHECK (stream_version > 0),
        type            text        NOT NULL,
        schema_version  smallint    NOT NULL DEFAULT 1 CHECK (schema_version > 0),
        data            jsonb       NOT NULL,
        metadata        jsonb       NOT NULL,
        recorded_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
        transaction_id  xid8        NOT NULL DEFAULT pg_current_xact_id(),
        CONSTRAINT events_event_id_unique UNIQUE (event_id),
        CONSTRAINT events_stream_version_unique UNIQUE (stream_id, stream_version)
      )`);
    await queryRunner.query(`CREATE INDEX events_transaction_order ON events (transaction_id, position)`);
    await queryRunner.query(`
      CREATE FUNCTION events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'the events table is append-only: % is refused', TG_OP
          USING ERRCODE = 'insufficient_privilege',
                HINT = 'correct a mistake by appending a new event';
      END
      $$`);
    await queryRunner.query(`
      CREATE TRIGGER events_append_only
        BEFORE UPDATE OR DELETE ON events
        FOR EACH ROW EXECUTE FUNCTION events_refuse_change()`);
    await queryRunner.query(`
      CREATE TRIGGER events_no_truncate
        BEFORE TRUNCATE ON events
        FOR EACH STATEMENT EXECUTE FUNCTION events_refuse_change()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE events`);
    await queryRunner.query(`DROP FUNCTION events_refuse_change()`);
  }
}

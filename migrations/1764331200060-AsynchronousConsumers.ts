import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The projection engine's state (src/event-store/consumer-checkpoints.ts) and its first read model.
 *
 * - `projection_checkpoints`: one row per asynchronous consumer: where it has got to in commit-safe
 *   order, moved in the same transaction as its read-model change; the fencing epoch, raised by each
 *   runner that takes the consumer's lease; whether it is paused, and the event it is failing on.
 * - `projection_dead_letters`: events a consumer configured to move on gave up on, with the error.
 * - `article_activity`: the newsroom's activity feed, one row per article event, kept by the
 *   asynchronous consumer `article-activity`.
 */
export class AsynchronousConsumers1764331200060 implements MigrationInterface {
  name = 'AsynchronousConsumers1764331200060';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE projection_checkpoints (
        name             text PRIMARY KEY,
        transaction_id   xid8        NOT NULL DEFAULT '0',
        position         bigint      NOT NULL DEFAULT 0,
        epoch            bigint      NOT NULL DEFAULT 0,
        runner           text,
        runner_since     timestamptz,
        status           text        NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'paused')),
        paused_reason    text,
        paused_at        timestamptz,
        failure_position bigint,
        failure_attempts integer,
        failure_error    text,
        failure_since    timestamptz,
        applied_at       timestamptz
      )`);
    await queryRunner.query(`
      CREATE TABLE projection_dead_letters (
        consumer        text        NOT NULL,
        position        bigint      NOT NULL,
        transaction_id  xid8        NOT NULL,
        event_id        uuid        NOT NULL,
        stream_id       text        NOT NULL,
        stream_version  integer     NOT NULL,
        type            text        NOT NULL,
        attempts        integer     NOT NULL,
        error           text        NOT NULL,
        dead_lettered_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer, position)
      )`);
    await queryRunner.query(`
      CREATE TABLE article_activity (
        position        bigint      PRIMARY KEY,
        transaction_id  xid8        NOT NULL,
        article_id      text        NOT NULL,
        version         integer     NOT NULL,
        type            text        NOT NULL,
        actor_id        text,
        actor_name      text,
        summary         text        NOT NULL,
        recorded_at     timestamptz NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX article_activity_in_order ON article_activity (transaction_id, position)`);
    await queryRunner.query(`CREATE INDEX article_activity_by_actor ON article_activity (actor_id, transaction_id, position)`);
    await queryRunner.query(
      `CREATE INDEX article_activity_by_article ON article_activity (article_id, transaction_id, position)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE article_activity, projection_dead_letters, projection_checkpoints`);
  }
}

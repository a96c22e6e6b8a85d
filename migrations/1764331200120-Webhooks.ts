import PgBoss from 'pg-boss';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** pg-boss's schema, created here at the version installed (its own statements, without their BEGIN/COMMIT). */
const JOB_SCHEMA = 'webhook_jobs';
const JOB_QUEUES = ['webhook-delivery-dead', 'webhook-delivery'];

/**
 * Signed webhooks (src/webhooks/): the subscriptions, one delivery per event and webhook, and each
 * attempt at it; and the schema of the job queue that schedules the attempts (pg-boss), with its two
 * queues, so that no instance creates DDL at run time (decision 0024). A later pg-boss whose schema
 * differs needs a migration of its own (PgBoss.getMigrationPlans): the service refuses to start on a
 * schema of another version.
 */
export class Webhooks1764331200120 implements MigrationInterface {
  name = 'Webhooks1764331200120';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(withoutTransaction(PgBoss.getConstructionPlans(JOB_SCHEMA)));
    for (const queue of JOB_QUEUES) {
      await queryRunner.query(`SELECT ${JOB_SCHEMA}.create_queue($1, $2)`, [queue, JSON.stringify({ policy: 'standard' })]);
    }
    await queryRunner.query(`
      CREATE TABLE webhooks (
        id                  uuid        PRIMARY KEY,
        url                 text        NOT NULL,
        secret              text        NOT NULL,
        -- NULL: every event type, every article.
        event_types         text[],
        article_ids         text[],
        created_at          timestamptz NOT NULL DEFAULT now(),
        created_by          text        NOT NULL,
        -- The transactions that had committed when the webhook was made: their events are not delivered,
        -- those of every other transaction are (src/webhooks/webhook-filter.ts).
        created_snapshot    pg_snapshot NOT NULL DEFAULT pg_current_snapshot(),
        -- Since when its deliveries have failed without a success in between.
        failing_since       timestamptz,
        disabled_at         timestamptz,
        disabled_reason     text,
        CONSTRAINT webhooks_disabled_with_reason CHECK ((disabled_at IS NULL) = (disabled_reason IS NULL))
      )`);
    await queryRunner.query(`
      CREATE TABLE webhook_deliveries (
        id                   bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        webhook_id           uuid        NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
        event_id             uuid        NOT NULL,
        event_transaction_id xid8        NOT NULL,
        event_position       bigint      NOT NULL,
        event_type           text        NOT NULL,
        article_id           text        NOT NULL,
        stream_version       integer     NOT NULL,
        state                text        NOT NULL DEFAULT 'pending'
                                         CHECK (state IN ('pending', 'failed', 'delivered', 'dead')),
        -- A job for this delivery is in the queue. A lane (one webhook, one article) has at most one,
        -- for its earliest unfinished delivery: that is how deliveries keep stream order across retries.
        queued               boolean     NOT NULL DEFAULT false,
        created_at           timestamptz NOT NULL DEFAULT now(),
        finished_at          timestamptz,
        dead_reason          text,
        CONSTRAINT webhook_deliveries_once_per_event UNIQUE (webhook_id, event_id)
      )`);
    await queryRunner.query(`
      CREATE UNIQUE INDEX webhook_deliveries_one_queued_per_lane
        ON webhook_deliveries (webhook_id, article_id) WHERE queued`);
    await queryRunner.query(`
      CREATE INDEX webhook_deliveries_unfinished_by_lane
        ON webhook_deliveries (webhook_id, article_id, event_transaction_id, event_position)
        WHERE state IN ('pending', 'failed')`);
    await queryRunner.query(`CREATE INDEX webhook_deliveries_by_webhook ON webhook_deliveries (webhook_id, id)`);
    await queryRunner.query(`CREATE INDEX webhook_deliveries_dead ON webhook_deliveries (webhook_id) WHERE state = 'dead'`);
    await queryRunner.query(`
      CREATE TABLE webhook_delivery_attempts (
        delivery_id bigint      NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
        attempt     integer     NOT NULL,
        started_at  timestamptz NOT NULL,
        duration_ms integer     NOT NULL,
        -- The receiver's HTTP status; NULL when none came (refused, timed out, unreachable).
        status      integer,
        -- Why the attempt failed; NULL when it succeeded.
        error       text,
        PRIMARY KEY (delivery_id, attempt)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE webhook_delivery_attempts`);
    await queryRunner.query(`DROP TABLE webhook_deliveries`);
    await queryRunner.query(`DROP TABLE webhooks`);
    await queryRunner.query(`DROP SCHEMA ${JOB_SCHEMA} CASCADE`);
  }
}

/** The migration runs in TypeORM's transaction: pg-boss's own BEGIN and COMMIT would end it early. */
function withoutTransaction(statements: string): string {
  const unwrapped = statements.replace(/^\s*BEGIN;\s*$/m, '').replace(/^\s*COMMIT;\s*$/m, '');
  if (/^\s*(BEGIN|COMMIT);\s*$/m.test(unwrapped)) throw new Error('pg-boss construction plans changed shape');
  return unwrapped;
}

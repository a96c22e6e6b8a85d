import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The last rebuild of each projection (src/event-store/projection-rebuild.ts): where it has got to,
 * how long the swap held appends off, or why it failed, so that any instance and the CLI can report
 * it. Whether one is running now is read from its advisory lock, not from here.
 */
export class ProjectionRebuilds1764331200070 implements MigrationInterface {
  name = 'ProjectionRebuilds1764331200070';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE projection_rebuilds (
        projection     text        PRIMARY KEY,
        status         text        NOT NULL CHECK (status IN ('copying', 'swapping', 'done', 'failed')),
        started_at     timestamptz NOT NULL,
        started_by     text        NOT NULL,
        finished_at    timestamptz,
        events_applied bigint      NOT NULL,
        events_total   bigint      NOT NULL,
        swap_ms        integer,
        error          text
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE projection_rebuilds`);
  }
}

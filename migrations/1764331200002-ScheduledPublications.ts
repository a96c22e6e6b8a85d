import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The scheduler's queue: one row per article that was ever scheduled. A cancelled, voided or fired
 * schedule sets publish_at to NULL rather than deleting the row, so that replaying an old
 * PublicationScheduled (guarded by last_version) can never bring a dead schedule back.
 * claimed_until is a lease: an instance that claims a due row and dies leaves it to another after that time.
 */
export class ScheduledPublications1764331200002 implements MigrationInterface {
  name = 'ScheduledPublications1764331200002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE scheduled_publications (
        article_id     uuid        PRIMARY KEY,
        last_version   integer     NOT NULL,
        publish_at     timestamptz,
        claimed_until  timestamptz
      )`);
    await queryRunner.query(
      `CREATE INDEX scheduled_publications_due ON scheduled_publications (publish_at) WHERE publish_at IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE scheduled_publications`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The desk row no longer keeps the folded copy: its projection is told the stream's state before and
 * after each event, so it neither reads the copy back nor writes it again on every edit. A row whose
 * copy was never kept (projected before 1764331200003) has a search vector made from its headline
 * alone; it is marked so, until the words of its copy next change and the vector is made from them.
 */
export class DeskWithoutCopy1764331200040 implements MigrationInterface {
  name = 'DeskWithoutCopy1764331200040';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE desk_articles ADD COLUMN search_covers_headline_only boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`UPDATE desk_articles SET search_covers_headline_only = true WHERE document IS NULL`);
    await queryRunner.query(`ALTER TABLE desk_articles DROP COLUMN document`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // The copy is not kept any more: every row goes back to the state of a row projected before it was.
    await queryRunner.query(`ALTER TABLE desk_articles ADD COLUMN document jsonb`);
    await queryRunner.query(`ALTER TABLE desk_articles DROP COLUMN search_covers_headline_only`);
  }
}

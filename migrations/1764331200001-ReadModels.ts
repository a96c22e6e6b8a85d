import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Read models kept inline (in the append's transaction). Each row remembers the last stream version
 * applied to it, so applying an event twice changes nothing.
 */
export class ReadModels1764331200001 implements MigrationInterface {
  name = 'ReadModels1764331200001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE desk_articles (
        article_id          uuid        PRIMARY KEY,
        last_version        integer     NOT NULL,
        status              text        NOT NULL,
        headline            text        NOT NULL,
        slug                text        NOT NULL,
        section             text        NOT NULL,
        language            text        NOT NULL,
        tags                text[]      NOT NULL,
        author_names        text[]      NOT NULL,
        created_by          jsonb       NOT NULL,
        created_at          timestamptz NOT NULL,
        updated_by          jsonb       NOT NULL,
        updated_at          timestamptz NOT NULL,
        first_published_at  timestamptz
      )`);
    await queryRunner.query(`CREATE INDEX desk_articles_by_status ON desk_articles (status, updated_at DESC, article_id DESC)`);
    await queryRunner.query(`CREATE INDEX desk_articles_by_recency ON desk_articles (updated_at DESC, article_id DESC)`);

    await queryRunner.query(`
      CREATE TABLE published_articles (
        article_id          uuid        PRIMARY KEY,
        slug                text        NOT NULL,
        last_version        integer     NOT NULL,
        published_version   integer     NOT NULL,
        kind                text        NOT NULL,
        headline            text        NOT NULL,
        standfirst          text,
        section             text        NOT NULL,
        language            text        NOT NULL,
        tags                text[]      NOT NULL,
        authors             jsonb       NOT NULL,
        body                jsonb       NOT NULL,
        lead_image          jsonb,
        related_links       jsonb       NOT NULL,
        sources             jsonb       NOT NULL,
        attribution_line    text,
        image_credit_line   text,
        first_published_at  timestamptz NOT NULL,
        updated_at          timestamptz NOT NULL,
        CONSTRAINT published_articles_slug_unique UNIQUE (slug)
      )`);
    await queryRunner.query(
      `CREATE INDEX published_articles_by_recency ON published_articles (first_published_at DESC, article_id DESC)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE published_articles`);
    await queryRunner.query(`DROP TABLE desk_articles`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the read sides need for the whole workflow. The desk row keeps the folded copy (`document`),
 * so a one-block edit recomputes the search text from one row instead of re-reading the stream;
 * rows projected before this migration have none and fold their stream once at their next event.
 * The published row stays after an unpublish, so the slug stays taken and the URL can answer 410.
 */
export class WorkflowReadSides1764331200003 implements MigrationInterface {
  name = 'WorkflowReadSides1764331200003';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE desk_articles
        ADD COLUMN document          jsonb,
        ADD COLUMN contributors      text[]      NOT NULL DEFAULT '{}',
        ADD COLUMN search_vector     tsvector    NOT NULL DEFAULT ''::tsvector,
        ADD COLUMN change_request    jsonb,
        ADD COLUMN schedule          jsonb,
        ADD COLUMN live              boolean     NOT NULL DEFAULT false,
        ADD COLUMN last_publication  jsonb,
        ADD COLUMN unpublished       jsonb,
        ADD COLUMN spiked            jsonb,
        ADD COLUMN comment_count     integer     NOT NULL DEFAULT 0`);
    // Rows from before: who wrote the copy and whether it is live can be read straight from the events.
    await queryRunner.query(`
      UPDATE desk_articles SET
        contributors = ARRAY(
          SELECT DISTINCT metadata->'actor'->>'id' FROM events
          WHERE stream_id = 'article-' || article_id
            AND type IN ('ArticleDrafted', 'ArticleEdited', 'SourceAttributed', 'SourceRemoved', 'RevisionRestored')),
        live = first_published_at IS NOT NULL,
        last_publication = (
          SELECT jsonb_build_object(
                   'version', (data->>'publishedVersion')::integer, 'kind', data->'kind', 'note', data->'note',
                   'at', metadata->'occurredAt',
                   'by', jsonb_build_object('id', metadata->'actor'->'id', 'name', metadata->'actor'->'name'),
                   'scheduledFor', data->'scheduledFor', 'scheduledBy', data->'scheduledBy')
          FROM events WHERE stream_id = 'article-' || article_id AND type = 'ArticlePublished'
          ORDER BY stream_version DESC LIMIT 1),
        search_vector = to_tsvector('simple', headline)`);
    await queryRunner.query(`CREATE INDEX desk_articles_by_contributor ON desk_articles USING gin (contributors)`);
    await queryRunner.query(`CREATE INDEX desk_articles_by_text ON desk_articles USING gin (search_vector)`);

    await queryRunner.query(`
      ALTER TABLE published_articles
        ADD COLUMN corrections     jsonb       NOT NULL DEFAULT '[]',
        ADD COLUMN unpublished_at  timestamptz,
        ADD COLUMN search_vector   tsvector    NOT NULL DEFAULT ''::tsvector`);
    await queryRunner.query(`
      UPDATE published_articles SET search_vector = to_tsvector('simple',
        concat_ws(' ', headline, standfirst,
          (SELECT string_agg(regexp_replace(block->>'text', '<[^>]*>', ' ', 'g'), ' ')
           FROM jsonb_array_elements(body) AS block)))`);
    await queryRunner.query(`CREATE INDEX published_articles_by_text ON published_articles USING gin (search_vector)`);
    // Lists show live articles only; withdrawn ones keep their row but leave the index.
    await queryRunner.query(`DROP INDEX published_articles_by_recency`);
    await queryRunner.query(
      `CREATE INDEX published_articles_live_by_recency ON published_articles (first_published_at DESC, article_id DESC)
       WHERE unpublished_at IS NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX published_articles_live_by_recency`);
    await queryRunner.query(
      `CREATE INDEX published_articles_by_recency ON published_articles (first_published_at DESC, article_id DESC)`,
    );
    await queryRunner.query(`DROP INDEX published_articles_by_text`);
    await queryRunner.query(
      `ALTER TABLE published_articles DROP COLUMN corrections, DROP COLUMN unpublished_at, DROP COLUMN search_vector`,
    );
    await queryRunner.query(`DROP INDEX desk_articles_by_text`);
    await queryRunner.query(`DROP INDEX desk_articles_by_contributor`);
    await queryRunner.query(`
      ALTER TABLE desk_articles
        DROP COLUMN document, DROP COLUMN contributors, DROP COLUMN search_vector, DROP COLUMN change_request,
        DROP COLUMN schedule, DROP COLUMN live, DROP COLUMN last_publication,
        DROP COLUMN unpublished, DROP COLUMN spiked, DROP COLUMN comment_count`);
  }
}

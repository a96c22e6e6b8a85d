import type { MigrationInterface, QueryRunner } from 'typeorm';

/** ISO 8601 in UTC with milliseconds, as JavaScript's toISOString() writes the times the events carry. */
const iso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * The published row keeps one ready representation (`document`, see src/published/published-article.ts)
 * and its ETag, instead of one column per field: the public page serves the document as it is and
 * every format derives from it. What stays beside it is what queries filter and sort by.
 *
 * Rows from before are rebuilt from their columns and the stream's publications. Their ETag is an
 * MD5 of the stored document rather than the projection's SHA-256: any value that changes with the
 * document serves, and the next publication writes the projection's own.
 */
export class PublishedRepresentation1764331200010 implements MigrationInterface {
  name = 'PublishedRepresentation1764331200010';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE published_articles ADD COLUMN document jsonb, ADD COLUMN etag text`);
    await queryRunner.query(`
      UPDATE published_articles p SET document = jsonb_build_object(
          'id', p.article_id::text, 'slug', p.slug, 'headline', p.headline, 'standfirst', p.standfirst,
          'section', p.section, 'language', p.language, 'tags', to_jsonb(p.tags), 'authors', p.authors, 'body', p.body,
          'leadImage', p.lead_image, 'imageCreditLine', p.image_credit_line, 'relatedLinks', p.related_links,
          'attributionLine', p.attribution_line,
          'sources', (SELECT coalesce(jsonb_agg(source - 'id' - 'note'), '[]') FROM jsonb_array_elements(p.sources) AS source),
          'firstPublishedAt', ${iso('p.first_published_at')}, 'updatedAt', ${iso('p.updated_at')}, 'kind', p.kind,
          'version', jsonb_array_length(publications.list), 'corrections', p.corrections, 'publications', publications.list)
      FROM (
        SELECT article_id, (
          SELECT coalesce(jsonb_agg(
                   jsonb_build_object('kind', e.data->'kind', 'at', e.metadata->'occurredAt')
                   || CASE WHEN e.data ? 'note' THEN jsonb_build_object('note', e.data->'note') ELSE '{}' END
                   ORDER BY e.stream_version), '[]')
          FROM events e WHERE e.stream_id = 'article-' || article_id AND e.type = 'ArticlePublished') AS list
        FROM published_articles) AS publications
      WHERE publications.article_id = p.article_id`);
    await queryRunner.query(`UPDATE published_articles SET etag = '"' || md5(document::text) || '"'`);
    await queryRunner.query(`ALTER TABLE published_articles ALTER COLUMN document SET NOT NULL, ALTER COLUMN etag SET NOT NULL`);
    await queryRunner.query(`
      ALTER TABLE published_articles
        DROP COLUMN kind, DROP COLUMN headline, DROP COLUMN standfirst, DROP COLUMN language, DROP COLUMN authors,
        DROP COLUMN body, DROP COLUMN lead_image, DROP COLUMN related_links, DROP COLUMN sources,
        DROP COLUMN attribution_line, DROP COLUMN image_credit_line, DROP COLUMN corrections`);
    // When did any list last change: the latest publication and the latest unpublish, each from its index.
    await queryRunner.query(`CREATE INDEX published_articles_by_update ON published_articles (updated_at)`);
    await queryRunner.query(`CREATE INDEX published_articles_by_unpublish ON published_articles (unpublished_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX published_articles_by_unpublish`);
    await queryRunner.query(`DROP INDEX published_articles_by_update`);
    await queryRunner.query(`
      ALTER TABLE published_articles
        ADD COLUMN kind text, ADD COLUMN headline text, ADD COLUMN standfirst text, ADD COLUMN language text,
        ADD COLUMN authors jsonb, ADD COLUMN body jsonb, ADD COLUMN lead_image jsonb, ADD COLUMN related_links jsonb,
        ADD COLUMN sources jsonb, ADD COLUMN attribution_line text, ADD COLUMN image_credit_line text,
        ADD COLUMN corrections jsonb NOT NULL DEFAULT '[]'`);
    // The desk's internal source notes and ids are not in the public document; a downgrade leaves them out.
    await queryRunner.query(`
      UPDATE published_articles SET
        kind = document->>'kind', headline = document->>'headline', standfirst = document->>'standfirst',
        language = document->>'language', authors = document->'authors', body = document->'body',
        lead_image = nullif(document->'leadImage', 'null'::jsonb), related_links = document->'relatedLinks',
        sources = document->'sources', attribution_line = document->>'attributionLine',
        image_credit_line = document->>'imageCreditLine', corrections = document->'corrections'`);
    await queryRunner.query(`
      ALTER TABLE published_articles
        ALTER COLUMN kind SET NOT NULL, ALTER COLUMN headline SET NOT NULL, ALTER COLUMN language SET NOT NULL,
        ALTER COLUMN authors SET NOT NULL, ALTER COLUMN body SET NOT NULL, ALTER COLUMN related_links SET NOT NULL,
        ALTER COLUMN sources SET NOT NULL, DROP COLUMN document, DROP COLUMN etag`);
  }
}

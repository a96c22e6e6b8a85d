import { createHash } from 'node:crypto';
import { articleIdFromStream, articleIdOf, type ArticlePublished, type ArticleEvent } from '../articles/domain/article.events';
import { searchableText } from '../common/searchable-text';
import { violatedUniqueConstraint } from '../database/driver-errors';
import type { InlineProjection, ProjectedEvent, ProjectedTable, ProjectionTransaction } from '../event-store/inline-projection';
import type { RecordedEvent } from '../event-store/recorded-event';
import { representationAtPublication } from './representation-at-publication';

/** Another published article already answers at this slug; publishing must not take its URL. */
export class SlugAlreadyPublished extends Error {
  constructor(readonly slug: string) {
    super(`another published article already uses the slug "${slug}"; change this article's slug and try again`);
    this.name = 'SlugAlreadyPublished';
  }
}

/**
 * What the public reads. On publication it folds the stream up to the published version — exactly
 * what was approved, however many events came after — and stores the one ready representation with
 * its ETag (see published-article.ts), so a read does no work but sending it. An unpublish keeps
 * the row (the slug stays taken and the URL answers 410) until a republication.
 */
export class PublishedProjection implements InlineProjection<ArticleEvent> {
  readonly name = 'published-articles';
  readonly handles: ReadonlySet<string> = new Set(['ArticlePublished', 'ArticleUnpublished']);
  readonly tables: readonly ProjectedTable[] = [{ name: 'published_articles', key: 'article_id', keyOf: articleIdOf }];

  async apply({ event, recorded }: ProjectedEvent<ArticleEvent, unknown>, transaction: ProjectionTransaction): Promise<void> {
    if (event.type !== 'ArticlePublished' && event.type !== 'ArticleUnpublished') return;
    if (event.type === 'ArticleUnpublished') {
      // The guard on last_version makes a replay a no-op, as for publications.
      await transaction.write(
        `UPDATE published_articles SET unpublished_at = $2, last_version = $3 WHERE article_id = $1 AND last_version < $3`,
        [articleIdFromStream(recorded.streamId), event.occurredAt, recorded.streamVersion],
      );
      return;
    }
    await this.publish(recorded, event, transaction);
  }

  private async publish(recorded: RecordedEvent, event: ArticlePublished, transaction: ProjectionTransaction): Promise<void> {
    // Up to this publication, not only the published version: the earlier publications (and their
    // correction notes) are part of the representation and come from the stream, not from the old row.
    const history = await transaction.readStream(recorded.streamId, recorded.streamVersion);
    const { article, document } = representationAtPublication(recorded.streamId, history, event.data.publishedVersion);
    const json = JSON.stringify(article);
    try {
      // The WHERE on the update makes a replay of an older publication a no-op. In an append the
      // write runs there and then, so a taken slug is caught here; a replay that meets one fails.
      await transaction.write(
        `INSERT INTO published_articles (article_id, slug, last_version, published_version, section, tags,
           first_published_at, updated_at, document, etag, search_vector)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, to_tsvector('simple', $11))
         ON CONFLICT (article_id) DO UPDATE SET
           slug = EXCLUDED.slug, last_version = EXCLUDED.last_version, published_version = EXCLUDED.published_version,
           section = EXCLUDED.section, tags = EXCLUDED.tags, first_published_at = EXCLUDED.first_published_at,
           updated_at = EXCLUDED.updated_at, document = EXCLUDED.document, etag = EXCLUDED.etag,
           search_vector = EXCLUDED.search_vector, unpublished_at = NULL
         WHERE published_articles.last_version < EXCLUDED.last_version`,
        [
          article.id,
          article.slug,
          recorded.streamVersion,
          event.data.publishedVersion,
          article.section,
          article.tags,
          article.firstPublishedAt,
          article.updatedAt,
          json,
          representationEtag(json),
          searchableText(document.content),
        ],
      );
    } catch (error) {
      if (violatedUniqueConstraint(error) === 'published_articles_slug_unique') {
        throw new SlugAlreadyPublished(article.slug);
      }
      throw error;
    }
  }
}

/** A strong validator of the representation: the same document always gives the same tag. */
function representationEtag(json: string): string {
  return `"${createHash('sha256').update(json).digest('base64url').slice(0, 27)}"`;
}

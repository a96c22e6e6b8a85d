import { Injectable, type OnModuleInit } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { articleEventFromStored, articleIdFromStream, type ArticlePublished } from '../articles/domain/article.events';
import { evolveDocument } from '../articles/domain/article-document';
import type { ArticleDocument } from '../articles/domain/article.types';
import type { InlineProjection, ProjectionTransaction } from '../event-store/inline-projection';
import { InlineProjectionRegistry } from '../event-store/projection-registry';
import type { RecordedEvent } from '../event-store/recorded-event';
import { renderAttributionLine, renderImageCreditLine } from './attribution';

/** Another published article already answers at this slug; publishing must not take its URL. */
export class SlugAlreadyPublished extends Error {
  constructor(readonly slug: string) {
    super(`another published article already uses the slug "${slug}"; change this article's slug and try again`);
    this.name = 'SlugAlreadyPublished';
  }
}

/**
 * What the public reads. On publication it folds the stream up to the published version — exactly
 * what was approved, however many events came after — and renders the attribution lines.
 */
@Injectable()
export class PublishedProjection implements InlineProjection, OnModuleInit {
  readonly name = 'published-articles';
  readonly handles: ReadonlySet<string> = new Set(['ArticlePublished']);

  constructor(private readonly registry: InlineProjectionRegistry) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async apply(recorded: RecordedEvent, transaction: ProjectionTransaction): Promise<void> {
    const event = articleEventFromStored(recorded) as ArticlePublished;
    const history = await transaction.readStream(recorded.streamId, event.data.publishedVersion);
    const document = history.map(articleEventFromStored).reduce<ArticleDocument | null>(evolveDocument, null);
    if (document === null) throw new Error(`${recorded.streamId} has no content at version ${event.data.publishedVersion}`);
    const { content, sources } = document;
    try {
      // The WHERE on the update makes a replay of an older publication a no-op.
      await transaction.query(
        `INSERT INTO published_articles (article_id, slug, last_version, published_version, kind, headline, standfirst,
           section, language, tags, authors, body, lead_image, related_links, sources, attribution_line, image_credit_line,
           first_published_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $18)
         ON CONFLICT (article_id) DO UPDATE SET
           slug = EXCLUDED.slug, last_version = EXCLUDED.last_version, published_version = EXCLUDED.published_version,
           kind = EXCLUDED.kind, headline = EXCLUDED.headline, standfirst = EXCLUDED.standfirst, section = EXCLUDED.section,
           language = EXCLUDED.language, tags = EXCLUDED.tags, authors = EXCLUDED.authors, body = EXCLUDED.body,
           lead_image = EXCLUDED.lead_image, related_links = EXCLUDED.related_links, sources = EXCLUDED.sources,
           attribution_line = EXCLUDED.attribution_line, image_credit_line = EXCLUDED.image_credit_line,
           updated_at = EXCLUDED.updated_at
         WHERE published_articles.last_version < EXCLUDED.last_version`,
        [
          articleIdFromStream(recorded.streamId),
          content.slug,
          recorded.streamVersion,
          event.data.publishedVersion,
          event.data.kind,
          content.headline,
          content.standfirst,
          content.section,
          content.language,
          content.tags,
          JSON.stringify(content.authors),
          JSON.stringify(content.body),
          content.leadImage === null ? null : JSON.stringify(content.leadImage),
          JSON.stringify(content.relatedLinks),
          JSON.stringify(sources),
          renderAttributionLine(sources),
          renderImageCreditLine(content.leadImage, sources),
          event.occurredAt,
        ],
      );
    } catch (error) {
      const driverError =
        error instanceof QueryFailedError ? (error.driverError as { code?: string; constraint?: string }) : null;
      if (driverError?.code === '23505' && driverError.constraint === 'published_articles_slug_unique') {
        throw new SlugAlreadyPublished(content.slug);
      }
      throw error;
    }
  }
}

import { Injectable, type OnModuleInit } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import {
  readableArticleEvents,
  articleIdFromStream,
  articleIdOf,
  type ArticlePublished,
  type ArticleUnpublished,
} from '../articles/domain/article.events';
import { documentAfter } from '../articles/domain/article-document';
import { searchableText } from '../common/searchable-text';
import type { InlineProjection, ProjectedTable, ProjectionTransaction } from '../event-store/inline-projection';
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

/** A correction as readers see it, listed on the article for as long as it exists. */
export interface PublishedCorrection {
  readonly note: string;
  readonly correctedAt: string;
}

/**
 * What the public reads. On publication it folds the stream up to the published version — exactly
 * what was approved, however many events came after — and renders the attribution lines. An
 * unpublish keeps the row (the slug stays taken and the URL answers 410) until a republication.
 */
@Injectable()
export class PublishedProjection implements InlineProjection, OnModuleInit {
  readonly name = 'published-articles';
  readonly handles: ReadonlySet<string> = new Set(['ArticlePublished', 'ArticleUnpublished']);
  readonly tables: readonly ProjectedTable[] = [{ name: 'published_articles', key: 'article_id', keyOf: articleIdOf }];

  constructor(private readonly registry: InlineProjectionRegistry) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async apply(recorded: RecordedEvent, transaction: ProjectionTransaction): Promise<void> {
    const [event] = readableArticleEvents([recorded]) as (ArticlePublished | ArticleUnpublished)[];
    if (event === undefined) return;
    if (event.type === 'ArticleUnpublished') {
      // The guard on last_version makes a replay a no-op, as for publications.
      await transaction.query(
        `UPDATE published_articles SET unpublished_at = $2, last_version = $3 WHERE article_id = $1 AND last_version < $3`,
        [articleIdFromStream(recorded.streamId), event.occurredAt, recorded.streamVersion],
      );
      return;
    }
    await this.publish(recorded, event, transaction);
  }

  private async publish(recorded: RecordedEvent, event: ArticlePublished, transaction: ProjectionTransaction): Promise<void> {
    const history = await transaction.readStream(recorded.streamId, event.data.publishedVersion);
    const document = documentAfter(readableArticleEvents(history));
    if (document === null) throw new Error(`${recorded.streamId} has no content at version ${event.data.publishedVersion}`);
    const { content, sources } = document;
    const corrections: PublishedCorrection[] =
      event.data.kind === 'correction' ? [{ note: event.data.note ?? '', correctedAt: event.occurredAt }] : [];
    try {
      // The WHERE on the update makes a replay of an older publication a no-op.
      await transaction.query(
        `INSERT INTO published_articles (article_id, slug, last_version, published_version, kind, headline, standfirst,
           section, language, tags, authors, body, lead_image, related_links, sources, attribution_line, image_credit_line,
           first_published_at, updated_at, corrections, search_vector)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $18, $19,
                 to_tsvector('simple', $20))
         ON CONFLICT (article_id) DO UPDATE SET
           slug = EXCLUDED.slug, last_version = EXCLUDED.last_version, published_version = EXCLUDED.published_version,
           kind = EXCLUDED.kind, headline = EXCLUDED.headline, standfirst = EXCLUDED.standfirst, section = EXCLUDED.section,
           language = EXCLUDED.language, tags = EXCLUDED.tags, authors = EXCLUDED.authors, body = EXCLUDED.body,
           lead_image = EXCLUDED.lead_image, related_links = EXCLUDED.related_links, sources = EXCLUDED.sources,
           attribution_line = EXCLUDED.attribution_line, image_credit_line = EXCLUDED.image_credit_line,
           updated_at = EXCLUDED.updated_at, search_vector = EXCLUDED.search_vector,
           -- Corrections are kept forever, through updates and an unpublish; a republication makes it live again.
           corrections = published_articles.corrections || EXCLUDED.corrections, unpublished_at = NULL
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
          JSON.stringify(corrections),
          searchableText(content),
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

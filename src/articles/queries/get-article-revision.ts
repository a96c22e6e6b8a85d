import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { EventStore } from '../../event-store/event-store';
import { documentAfter } from '../domain/article-document';
import { articleStreamId, readableArticleEvents } from '../domain/article.events';
import type { ArticleDocument } from '../domain/article.types';

/**
 * What an article said at one version: its copy and sources, folded from the first `version` events.
 * Null when the stream has fewer events. Stored events never change, so the answer never does either.
 */
export class GetArticleRevision extends Query<ArticleDocument | null> {
  constructor(
    readonly articleId: string,
    readonly version: number,
  ) {
    super();
  }
}

@QueryHandler(GetArticleRevision)
export class GetArticleRevisionHandler implements IQueryHandler<GetArticleRevision, ArticleDocument | null> {
  constructor(private readonly store: EventStore) {}

  async execute({ articleId, version }: GetArticleRevision): Promise<ArticleDocument | null> {
    const events = await this.store.readStream(articleStreamId(articleId), { toVersion: version });
    if (events.length < version) return null;
    return documentAfter(readableArticleEvents(events));
  }
}

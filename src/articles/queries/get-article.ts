import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { EventStore } from '../../event-store/event-store';
import { articleCodec } from '../article.codec';
import { toArticleView, type ArticleView } from '../article.view';
import { fold } from '../domain/article.state';
import { articleStreamId } from '../domain/article.events';

/**
 * The working state, folded from the stream itself: the truth, not a copy of it. With `asOf`, the
 * state as it stood then: the events the database had recorded by that time (recorded_at, which the
 * hash chain covers and which grows with the version in a stream). Null when there was no article yet.
 */
export class GetArticle extends Query<ArticleView | null> {
  constructor(
    readonly articleId: string,
    readonly asOf?: Date,
  ) {
    super();
  }
}

@QueryHandler(GetArticle)
export class GetArticleHandler implements IQueryHandler<GetArticle, ArticleView | null> {
  constructor(private readonly store: EventStore) {}

  async execute({ articleId, asOf }: GetArticle): Promise<ArticleView | null> {
    const streamId = articleStreamId(articleId);
    const toVersion = asOf === undefined ? undefined : await this.store.versionAt(streamId, asOf);
    if (toVersion === 0) return null;
    const events = await this.store.readStream(streamId, { toVersion });
    if (events.length === 0) return null;
    return toArticleView(fold(events.map(articleCodec.decode)));
  }
}

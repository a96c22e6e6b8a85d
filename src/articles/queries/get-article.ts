import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { EventStore } from '../../event-store/event-store';
import { articleCodec } from '../article.codec';
import { toArticleView, type ArticleView } from '../article.view';
import { fold } from '../domain/article.state';
import { articleStreamId } from '../domain/article.events';

/** The working state, folded from the stream itself: the truth, not a copy of it. */
export class GetArticle extends Query<ArticleView | null> {
  constructor(readonly articleId: string) {
    super();
  }
}

@QueryHandler(GetArticle)
export class GetArticleHandler implements IQueryHandler<GetArticle, ArticleView | null> {
  constructor(private readonly store: EventStore) {}

  async execute({ articleId }: GetArticle): Promise<ArticleView | null> {
    const events = await this.store.readStream(articleStreamId(articleId));
    if (events.length === 0) return null;
    return toArticleView(fold(events.map(articleCodec.decode)));
  }
}

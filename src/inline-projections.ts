import { articleStreamFold } from './articles/article.codec';
import type { ArticleEvent } from './articles/domain/article.events';
import type { ArticleState } from './articles/domain/article.state';
import { DeskProjection } from './desk/desk.projection';
import { InlineProjections } from './event-store/inline-projections';
import { PublishedProjection } from './published/published.projection';
import { ScheduledPublicationsProjection } from './scheduling/scheduled-publications.projection';

/**
 * The read models every append updates in its own transaction, listed here where the application
 * is composed, so the service, the CLI (verify) and the tests run the same ones in the same order.
 */
export const inlineProjections = (): InlineProjections<ArticleEvent, ArticleState> =>
  new InlineProjections<ArticleEvent, ArticleState>(articleStreamFold, [
    new DeskProjection(),
    new PublishedProjection(),
    new ScheduledPublicationsProjection(),
  ]);

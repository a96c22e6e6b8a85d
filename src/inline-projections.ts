import { articleEventOrNull, type ArticleEvent } from './articles/domain/article.events';
import { DeskProjection } from './desk/desk.projection';
import { InlineProjections } from './event-store/inline-projections';
import { PublishedProjection } from './published/published.projection';
import { ScheduledPublicationsProjection } from './scheduling/scheduled-publications.projection';

/**
 * The read models every append updates in its own transaction, listed here where the application
 * is composed, so the service, the CLI (verify) and the tests run the same ones in the same order.
 */
export const inlineProjections = (): InlineProjections<ArticleEvent> =>
  new InlineProjections(articleEventOrNull, [
    new DeskProjection(),
    new PublishedProjection(),
    new ScheduledPublicationsProjection(),
  ]);

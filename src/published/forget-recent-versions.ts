import { EventsHandler, type IEventHandler } from '@nestjs/cqrs';
import type { ArticleEventType } from '../articles/domain/article.events';
import { EventsCommitted } from '../event-store/events-committed';
import { RecentVersions } from './recent-versions';

const CHANGES_WHAT_A_SLUG_LEADS_TO: readonly string[] = ['ArticlePublished', 'ArticleUnpublished'] satisfies ArticleEventType[];

/** A publication or an unpublish committed here is served by this instance from the next request on. */
@EventsHandler(EventsCommitted)
export class ForgetRecentVersions implements IEventHandler<EventsCommitted> {
  constructor(private readonly versions: RecentVersions) {}

  handle({ types }: EventsCommitted): void {
    if (types.some((type) => CHANGES_WHAT_A_SLUG_LEADS_TO.includes(type))) this.versions.forgetAll();
  }
}

import type { EventCodec } from '../event-store/decider';
import { articleEventData, articleEventOrNull, type ArticleEvent } from './domain/article.events';

/** Who and when go to the event's metadata, the event's meaning to its data. */
export const articleCodec: EventCodec<ArticleEvent> = {
  encode: (event) => ({
    type: event.type,
    ...articleEventData(event),
    metadata: {
      actor: event.actor,
      occurredAt: event.occurredAt,
      ...(event.reason === undefined ? {} : { reason: event.reason }),
    },
  }),
  decode: articleEventOrNull,
};

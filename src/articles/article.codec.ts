import type { EventCodec } from '../event-store/decider';
import { articleEventFromStored, type ArticleEvent } from './domain/article.events';

/** Who and when go to the event's metadata, the event's meaning to its data. */
export const articleCodec: EventCodec<ArticleEvent> = {
  encode: ({ type, data, actor, occurredAt, reason }) => ({
    type,
    data,
    metadata: { actor, occurredAt, ...(reason === undefined ? {} : { reason }) },
  }),
  decode: articleEventFromStored,
};

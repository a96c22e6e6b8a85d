import type { EventCodec } from '../event-store/decider';
import type { StreamFold } from '../event-store/inline-projections';
import { articleEventData, articleEventOrNull, type ArticleEvent } from './domain/article.events';
import { evolve, initialState, type ArticleState } from './domain/article.state';

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

/** An article stream as the read models see it: the commands' own decoding and fold. */
export const articleStreamFold: StreamFold<ArticleEvent, ArticleState> = { initialState, decode: articleEventOrNull, evolve };

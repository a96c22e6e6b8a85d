import { articleEventOrNull, articleIdOf } from '../articles/domain/article.events';
import type { PublicationConfig } from '../config/app-config';
import type { RecordedEvent } from '../event-store/recorded-event';
import { ninjs31KillNotice, type Ninjs31 } from '../published/formats/ninjs';
import type { PublishedArticle } from '../published/published-article';
import { representationAtPublication } from '../published/representation-at-publication';

/** The event as a receiver gets it: as stored, with where it sits in its stream and in the log. */
export interface DeliveredEvent {
  readonly id: string;
  readonly type: string;
  readonly streamId: string;
  readonly articleId: string | null;
  readonly version: number;
  readonly position: number;
  readonly schemaVersion: number;
  readonly data: unknown;
  readonly metadata: unknown;
  readonly recordedAt: string;
}

/**
 * A delivery's body, in the Standard Webhooks shape (`type`, `timestamp`, `data`): the event, plus
 * the public representation where one applies — the article as `GET /published/:slug` served it
 * after a publication (first, update or correction), or the ninjs kill notice partners act on after
 * an unpublish.
 */
export interface WebhookPayload {
  readonly type: string;
  readonly timestamp: string;
  readonly data: {
    readonly event: DeliveredEvent;
    readonly article?: PublishedArticle;
    readonly killNotice?: Ninjs31;
  };
}

/**
 * The payload for the last event of `history`, the article's stream up to and including it. Built
 * from the log alone, so every attempt of a delivery sends the same bytes, whatever came after.
 */
export function webhookPayload(history: readonly RecordedEvent[], publication: PublicationConfig): WebhookPayload {
  const recorded = history.at(-1);
  if (recorded === undefined) throw new Error('a webhook payload needs the event it is about');
  const event = articleEventOrNull(recorded);
  const representation =
    event?.type === 'ArticlePublished'
      ? { article: representationAtPublication(recorded.streamId, history, event.data.publishedVersion).article }
      : event?.type === 'ArticleUnpublished'
        ? { killNotice: ninjs31KillNotice(withdrawn(history, event.data.publishedVersion), event.occurredAt, publication) }
        : {};
  return {
    type: recorded.type,
    timestamp: recorded.recordedAt.toISOString(),
    data: { event: deliveredEvent(recorded), ...representation },
  };
}

/** What an unpublish withdrew: the representation the last publication before it put out. */
function withdrawn(history: readonly RecordedEvent[], publishedVersion: number): PublishedArticle {
  const lastPublication = history.findLastIndex((stored) => stored.type === 'ArticlePublished');
  if (lastPublication < 0) throw new Error(`${history[0].streamId} was unpublished without a publication`);
  return representationAtPublication(history[0].streamId, history.slice(0, lastPublication + 1), publishedVersion).article;
}

function deliveredEvent(recorded: RecordedEvent): DeliveredEvent {
  return {
    id: recorded.eventId,
    type: recorded.type,
    streamId: recorded.streamId,
    articleId: articleIdOf(recorded.streamId),
    version: recorded.streamVersion,
    position: recorded.position,
    schemaVersion: recorded.schemaVersion,
    data: recorded.data,
    metadata: recorded.metadata,
    recordedAt: recorded.recordedAt.toISOString(),
  };
}

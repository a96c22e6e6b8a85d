import { randomUUID } from 'node:crypto';
import { articleCodec } from '../../src/articles/article.codec';
import type { Actor } from '../../src/articles/domain/actor';
import { articleStreamId, type ArticleEvent } from '../../src/articles/domain/article.events';
import type { EventStore } from '../../src/event-store/event-store';
import type { RecordedEvent } from '../../src/event-store/recorded-event';

type EventBody = ArticleEvent extends infer E ? (E extends ArticleEvent ? Pick<E, 'type' | 'data'> : never) : never;

/**
 * Appends an article event as the command runner stores it (same codec, same metadata) with the
 * inline projections running, for events no HTTP route records yet.
 */
export async function appendArticleEvent(
  store: EventStore,
  articleId: string,
  actor: Actor,
  event: EventBody,
  reason?: string,
): Promise<RecordedEvent> {
  const streamId = articleStreamId(articleId);
  const version = (await store.readStream(streamId)).length;
  const encoded = articleCodec.encode({
    ...event,
    actor,
    occurredAt: new Date().toISOString(),
    ...(reason === undefined ? {} : { reason }),
  } as ArticleEvent);
  const eventId = randomUUID();
  const { events } = await store.append(streamId, version, [
    { ...encoded, eventId, metadata: { eventId, ...encoded.metadata, requestId: randomUUID(), commandId: randomUUID() } },
  ]);
  return events[0];
}

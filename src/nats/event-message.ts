import { articleIdOf } from '../articles/domain/article.events';
import type { RecordedEvent } from '../event-store/recorded-event';

/** The JetStream stream every event goes to, and the subjects it takes. */
export const STREAM_NAME = 'COPYDESK';
export const SUBJECT_ROOT = 'copydesk';
export const STREAM_SUBJECTS = `${SUBJECT_ROOT}.>`;

/** One event as it is published: where to, its id for JetStream's deduplication, and the JSON body. */
export interface EventMessage {
  readonly subject: string;
  readonly msgId: string;
  readonly payload: string;
}

/** The body of every message: the event as stored, with its stream named (docs/api.md, "NATS JetStream"). */
export interface EventPayload {
  readonly eventId: string;
  readonly position: number;
  readonly streamId: string;
  readonly streamType: string;
  readonly articleId: string | null;
  readonly version: number;
  readonly type: string;
  readonly schemaVersion: number;
  readonly recordedAt: string;
  readonly data: unknown;
  readonly metadata: unknown;
}

/**
 * The event cannot be put on a subject (a stream type or event type that is not one subject token).
 * It is this event's fault, not the broker's: the consumer retries it, then dead-letters it.
 */
export class UnpublishableEvent extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnpublishableEvent';
  }
}

/** A subject token may not be empty nor hold a dot, a wildcard or white space. */
const SUBJECT_TOKEN = /^[^.*>\s]+$/;

/** A stream's type is its id up to the first hyphen (`article-<uuid>` is an `article`); an id without one is its own type. */
export function streamTypeOf(streamId: string): string {
  const hyphen = streamId.indexOf('-');
  return hyphen < 0 ? streamId : streamId.slice(0, hyphen);
}

export function eventMessage(event: RecordedEvent): EventMessage {
  const streamType = streamTypeOf(event.streamId);
  for (const [what, token] of [
    ['stream type', streamType],
    ['event type', event.type],
  ]) {
    if (!SUBJECT_TOKEN.test(token)) {
      throw new UnpublishableEvent(`event ${event.eventId}: its ${what} "${token}" cannot be a NATS subject token`);
    }
  }
  const payload: EventPayload = {
    eventId: event.eventId,
    position: event.position,
    streamId: event.streamId,
    streamType,
    articleId: articleIdOf(event.streamId),
    version: event.streamVersion,
    type: event.type,
    schemaVersion: event.schemaVersion,
    recordedAt: event.recordedAt.toISOString(),
    data: event.data,
    metadata: event.metadata,
  };
  return { subject: `${SUBJECT_ROOT}.${streamType}.${event.type}`, msgId: event.eventId, payload: JSON.stringify(payload) };
}

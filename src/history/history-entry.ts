import { articleEventFromStored, type ArticleEvent } from '../articles/domain/article.events';
import type { Source } from '../articles/domain/article.types';
import type { RecordedEvent } from '../event-store/recorded-event';
import { summarise } from './event-summary';

/** One line of an article's history: who did what, when, and why. */
export interface HistoryEntry {
  readonly version: number;
  readonly type: string;
  readonly summary: string;
  readonly actor: { readonly id: string; readonly name: string };
  /** When the command was issued (the service's clock, covered by the hash chain). */
  readonly occurredAt: string;
  /** When the database stored it. */
  readonly recordedAt: string;
  /** Why, for the transitions that must say so. */
  readonly reason: string | null;
  /** The public correction note, or the text of an internal comment. */
  readonly note: string | null;
  readonly requestId: string | null;
  readonly commandId: string | null;
  readonly hash: string;
}

interface RequestMetadata {
  readonly requestId?: string;
  readonly commandId?: string;
}

export function toHistoryEntry(recorded: RecordedEvent, removedSources: ReadonlyMap<string, Source>): HistoryEntry {
  const event = articleEventFromStored(recorded);
  const { requestId, commandId } = recorded.metadata as RequestMetadata;
  return {
    version: recorded.streamVersion,
    type: event.type,
    summary: summarise(event, removedSources),
    actor: { id: event.actor.id, name: event.actor.name },
    occurredAt: event.occurredAt,
    recordedAt: recorded.recordedAt.toISOString(),
    reason: event.reason ?? null,
    note: noteOf(event),
    requestId: requestId ?? null,
    commandId: commandId ?? null,
    hash: recorded.hash,
  };
}

function noteOf(event: ArticleEvent): string | null {
  switch (event.type) {
    case 'ArticlePublished':
    case 'PublicationScheduled':
      return event.data.note ?? null;
    case 'CommentAdded':
      return event.data.text;
    default:
      return null;
  }
}

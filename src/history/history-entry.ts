import type { ArticleEvent } from '../articles/domain/article.events';
import type { Source } from '../articles/domain/article.types';
import type { RecordedEvent } from '../event-store/recorded-event';
import { readStored, storedActor, storedText } from './stored-event';

/** One line of an article's history: who did what, when, and why. */
export interface HistoryEntry {
  readonly version: number;
  readonly type: string;
  readonly summary: string;
  /** False for an event this version cannot interpret; it is listed with what could be read of it. */
  readonly readable: boolean;
  readonly actor: { readonly id: string; readonly name: string } | null;
  /** When the command was issued (the service's clock, covered by the hash chain). */
  readonly occurredAt: string | null;
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

export function toHistoryEntry(recorded: RecordedEvent, removedSources: ReadonlyMap<string, Source>): HistoryEntry {
  const { event, summary } = readStored(recorded, removedSources);
  return {
    version: recorded.streamVersion,
    type: recorded.type,
    summary,
    readable: event !== null,
    actor: event ? { id: event.actor.id, name: event.actor.name } : storedActor(recorded.metadata),
    occurredAt: event ? event.occurredAt : storedText(recorded.metadata, 'occurredAt'),
    recordedAt: recorded.recordedAt.toISOString(),
    reason: event ? (event.reason ?? null) : storedText(recorded.metadata, 'reason'),
    note: event ? noteOf(event) : null,
    requestId: storedText(recorded.metadata, 'requestId'),
    commandId: storedText(recorded.metadata, 'commandId'),
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

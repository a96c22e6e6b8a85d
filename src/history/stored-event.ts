import { articleEventFromStored, UnreadableEvent, type ArticleEvent } from '../articles/domain/article.events';
import type { Source } from '../articles/domain/article.types';
import type { RecordedEvent } from '../event-store/recorded-event';
import { summarise } from './event-summary';

type Stored = Pick<RecordedEvent, 'streamId' | 'type' | 'schemaVersion' | 'data' | 'metadata'>;

/** The event and its one-line summary; an unreadable event is summarised as such, never thrown. */
export function readStored(
  stored: Stored,
  removedSources?: ReadonlyMap<string, Source>,
): { event: ArticleEvent; summary: string } | { event: null; summary: string } {
  try {
    const event = articleEventFromStored(stored);
    return { event, summary: summarise(event, removedSources) };
  } catch (error) {
    if (!(error instanceof UnreadableEvent)) throw error;
    return { event: null, summary: `an event this version of Copydesk cannot read (${error.faults.join(', ')})` };
  }
}

/** Who recorded an event, read from its metadata as far as it goes, for events that cannot be interpreted. */
export function storedActor(metadata: unknown): { readonly id: string; readonly name: string } | null {
  const actor = (metadata as { actor?: unknown } | null)?.actor as { id?: unknown; name?: unknown } | undefined;
  if (typeof actor?.id !== 'string') return null;
  return { id: actor.id, name: typeof actor.name === 'string' ? actor.name : actor.id };
}

/** A string field of the metadata, or null when it is absent or not a string. */
export function storedText(metadata: unknown, field: string): string | null {
  const value = (metadata as Record<string, unknown> | null)?.[field];
  return typeof value === 'string' ? value : null;
}

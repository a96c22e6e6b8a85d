import type { Actor } from '../../common/domain/actor';
import { currentSchemaVersion, upcast } from './article-event-schema';
import { storedEventFaults } from './article-event-shape';
import type { ArticleContent, ContentFieldChanges, Source } from './article.types';
import type { BodyOperation } from './body-operations';

/**
 * Who did it and when travel with every event (they are stored in the event's metadata);
 * `data` carries only what the event means.
 */
export interface EventContext {
  readonly actor: Actor;
  readonly occurredAt: string;
  /** Why: required for transitions that reverse or refuse work (request changes, unpublish, spike, restore). */
  readonly reason?: string;
}

type EventOf<Type extends string, Data> = EventContext & { readonly type: Type; readonly data: Data };

export type ArticleDrafted = EventOf<'ArticleDrafted', { readonly articleId: string } & ArticleContent>;
export type ArticleEdited = EventOf<
  'ArticleEdited',
  { readonly changes: ContentFieldChanges; readonly bodyOperations: readonly BodyOperation[] }
>;
export type SourceAttributed = EventOf<'SourceAttributed', { readonly source: Source }>;
export type SourceRemoved = EventOf<'SourceRemoved', { readonly sourceId: string }>;
export type ArticleSubmitted = EventOf<'ArticleSubmitted', { readonly submittedVersion: number }>;
/** The reviewer sends the version they read back to the editors; the reason is in the event's context. */
export type ChangesRequested = EventOf<'ChangesRequested', { readonly reviewedVersion: number }>;
export type ArticleApproved = EventOf<'ArticleApproved', { readonly approvedVersion: number }>;
export type PublicationKind = 'first' | 'update' | 'correction';
/** An embargo: the approved version goes out at `publishAt` (UTC) unless cancelled or voided by an edit first. */
export type PublicationScheduled = EventOf<
  'PublicationScheduled',
  { readonly approvedVersion: number; readonly publishAt: string; readonly kind: PublicationKind; readonly note?: string }
>;
export type ScheduleCancelled = EventOf<'ScheduleCancelled', { readonly publishAt: string }>;
/**
 * `scheduledFor` is set when the scheduler fired a scheduled publication: the time it was due,
 * next to `occurredAt`, the time it actually went out (later if the service was down then).
 */
export type ArticlePublished = EventOf<
  'ArticlePublished',
  {
    readonly publishedVersion: number;
    readonly kind: PublicationKind;
    readonly note?: string;
    readonly scheduledFor?: string;
    readonly scheduledBy?: { readonly id: string; readonly name: string };
  }
>;
/** The public URL answers 410 Gone from now on; the reason is in the event's context. */
export type ArticleUnpublished = EventOf<'ArticleUnpublished', { readonly publishedVersion: number }>;
/**
 * An edit that puts back what version `restoredVersion` said: field changes and body operations as in
 * ArticleEdited, and the whole source list when it differs from the current one.
 */
export type RevisionRestored = EventOf<
  'RevisionRestored',
  {
    readonly restoredVersion: number;
    readonly changes: ContentFieldChanges;
    readonly bodyOperations: readonly BodyOperation[];
    readonly sources?: readonly Source[];
  }
>;
/** An internal note for the desk; never public. */
export type CommentAdded = EventOf<'CommentAdded', { readonly commentId: string; readonly text: string }>;
/** A draft abandoned before it was ever published; the reason is in the event's context. */
export type ArticleSpiked = EventOf<'ArticleSpiked', Record<string, never>>;

export type ArticleEvent =
  | ArticleDrafted
  | ArticleEdited
  | SourceAttributed
  | SourceRemoved
  | ArticleSubmitted
  | ChangesRequested
  | ArticleApproved
  | PublicationScheduled
  | ScheduleCancelled
  | ArticlePublished
  | ArticleUnpublished
  | RevisionRestored
  | CommentAdded
  | ArticleSpiked;

export type ArticleEventType = ArticleEvent['type'];

export const ARTICLE_EVENT_TYPES: readonly ArticleEventType[] = [
  'ArticleDrafted',
  'ArticleEdited',
  'SourceAttributed',
  'SourceRemoved',
  'ArticleSubmitted',
  'ChangesRequested',
  'ArticleApproved',
  'PublicationScheduled',
  'ScheduleCancelled',
  'ArticlePublished',
  'ArticleUnpublished',
  'RevisionRestored',
  'CommentAdded',
  'ArticleSpiked',
];

/** Events that change what the article says; whoever records one may no longer approve it. */
export const CONTENT_EVENT_TYPES: readonly ArticleEventType[] = [
  'ArticleDrafted',
  'ArticleEdited',
  'SourceAttributed',
  'SourceRemoved',
  'RevisionRestored',
];

export type ContentEvent = ArticleDrafted | ArticleEdited | SourceAttributed | SourceRemoved | RevisionRestored;

export function isContentEvent(event: ArticleEvent): event is ContentEvent {
  return CONTENT_EVENT_TYPES.includes(event.type);
}

export const ARTICLE_STREAM_PREFIX = 'article-';
export const articleStreamId = (articleId: string): string => `${ARTICLE_STREAM_PREFIX}${articleId}`;
export const articleIdFromStream = (streamId: string): string => streamId.slice(ARTICLE_STREAM_PREFIX.length);
/** The article id of an article stream; null for a stream of anything else. */
export const articleIdOf = (streamId: string): string | null =>
  streamId.startsWith(ARTICLE_STREAM_PREFIX) ? articleIdFromStream(streamId) : null;

interface StoredArticleEvent {
  readonly streamId: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: unknown;
  readonly metadata: unknown;
}

/**
 * A stored event no reader can interpret: it breaks the shape its type has now (written before a
 * rule existed, or by a newer Copydesk). Events are immutable, so readers show it as such and go on.
 */
export class UnreadableEvent extends Error {
  constructor(
    readonly streamId: string,
    readonly eventType: string,
    readonly faults: readonly string[],
  ) {
    super(`${eventType} in ${streamId} cannot be read: ${faults.join(', ')}`);
    this.name = 'UnreadableEvent';
  }
}

/**
 * An article event as stored: who and when come from the metadata, the meaning from the data, upcast
 * from its stored schema version to the current one and checked against that shape. Every reader goes
 * through here, so none of them ever sees an old or broken shape: it gets an UnreadableEvent instead.
 */
export function articleEventFromStored(stored: StoredArticleEvent): ArticleEvent {
  let current: Record<string, unknown>;
  try {
    current = upcast(stored.type, stored.schemaVersion, stored.data as Record<string, unknown>) as Record<string, unknown>;
  } catch (error) {
    throw new UnreadableEvent(stored.streamId, stored.type, [error instanceof Error ? error.message : 'schema version']);
  }
  const faults = storedEventFaults(stored.type, current, stored.metadata);
  if (faults.length > 0) throw new UnreadableEvent(stored.streamId, stored.type, faults);
  const { actor, occurredAt, reason } = stored.metadata as EventContext;
  const data = stored.type === 'ArticleDrafted' ? { articleId: articleIdFromStream(stored.streamId), ...current } : current;
  return { type: stored.type, data, actor, occurredAt, ...(reason === undefined ? {} : { reason }) } as ArticleEvent;
}

/** The event, or null when it cannot be interpreted; any other failure is a bug and propagates. */
export function articleEventOrNull(stored: StoredArticleEvent): ArticleEvent | null {
  try {
    return articleEventFromStored(stored);
  } catch (error) {
    if (error instanceof UnreadableEvent) return null;
    throw error;
  }
}

/**
 * The events a fold of the copy can use, in order. An unreadable event is left out: it changes
 * nothing, and the history shows it as unreadable, so every reader agrees on what the article says.
 */
export function readableArticleEvents(stored: readonly StoredArticleEvent[]): ArticleEvent[] {
  return stored.flatMap((event) => articleEventOrNull(event) ?? []);
}

/** The stored form of an event's meaning: the article's id is its stream's, not repeated in a draft's data. */
export function articleEventData(event: ArticleEvent): { schemaVersion: number; data: object } {
  const schemaVersion = currentSchemaVersion(event.type);
  if (event.type === 'ArticleDrafted') {
    const { articleId: _articleId, ...content } = event.data;
    return { schemaVersion, data: content };
  }
  return { schemaVersion, data: event.data };
}

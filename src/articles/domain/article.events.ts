import type { Actor } from './actor';
import type { ArticleContent, ContentFieldChanges, Source } from './article.types';
import type { BodyOperation } from './body-operations';

/**
 * Who did it and when travel with every event (they are stored in the event's metadata);
 * `data` carries only what the event means.
 */
export interface EventContext {
  readonly actor: Actor;
  readonly occurredAt: string;
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
export type ArticleApproved = EventOf<'ArticleApproved', { readonly approvedVersion: number }>;
export type PublicationKind = 'first' | 'update' | 'correction';
export type ArticlePublished = EventOf<
  'ArticlePublished',
  { readonly publishedVersion: number; readonly kind: PublicationKind; readonly note?: string }
>;

export type ArticleEvent =
  ArticleDrafted | ArticleEdited | SourceAttributed | SourceRemoved | ArticleSubmitted | ArticleApproved | ArticlePublished;

export type ArticleEventType = ArticleEvent['type'];

export const ARTICLE_EVENT_TYPES: readonly ArticleEventType[] = [
  'ArticleDrafted',
  'ArticleEdited',
  'SourceAttributed',
  'SourceRemoved',
  'ArticleSubmitted',
  'ArticleApproved',
  'ArticlePublished',
];

/** Events that change what the article says; whoever records one may no longer approve it. */
export const CONTENT_EVENT_TYPES: readonly ArticleEventType[] = [
  'ArticleDrafted',
  'ArticleEdited',
  'SourceAttributed',
  'SourceRemoved',
];

export function isContentEvent(event: ArticleEvent): event is ArticleDrafted | ArticleEdited | SourceAttributed | SourceRemoved {
  return CONTENT_EVENT_TYPES.includes(event.type);
}

export const ARTICLE_STREAM_PREFIX = 'article-';
export const articleStreamId = (articleId: string): string => `${ARTICLE_STREAM_PREFIX}${articleId}`;
export const articleIdFromStream = (streamId: string): string => streamId.slice(ARTICLE_STREAM_PREFIX.length);

/** An article event as stored: who and when come from the metadata, the meaning from the data. */
export function articleEventFromStored(stored: {
  readonly type: string;
  readonly data: object;
  readonly metadata: object;
}): ArticleEvent {
  const { actor, occurredAt } = stored.metadata as EventContext;
  return { type: stored.type, data: stored.data, actor, occurredAt } as ArticleEvent;
}

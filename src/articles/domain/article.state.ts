import type { Actor } from './actor';
import { isContentEvent, type ArticleEvent, type PublicationKind } from './article.events';
import type { ArticleDocument } from './article.types';
import { evolveDocument } from './article-document';
import { statusAfter, type ArticleStatus } from './article-status';

export interface Approval {
  /** The stream version the reviewer saw and approved. */
  readonly version: number;
  readonly by: Pick<Actor, 'id' | 'name'>;
}

export interface Publication {
  readonly version: number;
  readonly kind: PublicationKind;
  readonly firstPublishedAt: string;
  readonly lastPublishedAt: string;
}

export interface ArticleState {
  /** Number of events folded; 0 means the stream does not exist. */
  readonly version: number;
  readonly articleId: string | null;
  readonly status: ArticleStatus | null;
  readonly document: ArticleDocument | null;
  /** Version of the last event that changed the copy: an approval must be at least this recent. */
  readonly contentVersion: number;
  /** Everyone who has changed the copy; none of them may approve it. */
  readonly contentChangedBy: readonly string[];
  readonly approval: Approval | null;
  readonly publication: Publication | null;
}

export const initialState: ArticleState = {
  version: 0,
  articleId: null,
  status: null,
  document: null,
  contentVersion: 0,
  contentChangedBy: [],
  approval: null,
  publication: null,
};

export function evolve(state: ArticleState, event: ArticleEvent): ArticleState {
  const version = state.version + 1;
  const next: ArticleState = {
    ...state,
    version,
    status: statusAfter(state.status, event.type),
    document: evolveDocument(state.document, event),
  };
  if (isContentEvent(event)) {
    return {
      ...next,
      articleId: event.type === 'ArticleDrafted' ? event.data.articleId : state.articleId,
      contentVersion: version,
      contentChangedBy: state.contentChangedBy.includes(event.actor.id)
        ? state.contentChangedBy
        : [...state.contentChangedBy, event.actor.id],
      approval: null,
    };
  }
  switch (event.type) {
    case 'ArticleApproved':
      return { ...next, approval: { version: event.data.approvedVersion, by: { id: event.actor.id, name: event.actor.name } } };
    case 'ArticlePublished':
      return {
        ...next,
        publication: {
          version: event.data.publishedVersion,
          kind: event.data.kind,
          firstPublishedAt: state.publication?.firstPublishedAt ?? event.occurredAt,
          lastPublishedAt: event.occurredAt,
        },
      };
    default:
      return next;
  }
}

export function fold(events: readonly ArticleEvent[], from: ArticleState = initialState): ArticleState {
  return events.reduce(evolve, from);
}

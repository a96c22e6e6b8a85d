import type { Actor } from '../../common/domain/actor';
import { isContentEvent, type ArticleEvent, type PublicationKind } from './article.events';
import type { ArticleDocument } from './article.types';
import { evolveDocument } from './article-document';
import { statusAfter, type ArticleStatus } from './article-status';

type Person = Pick<Actor, 'id' | 'name'>;
const person = (actor: Actor): Person => ({ id: actor.id, name: actor.name });

export interface Approval {
  /** The stream version the reviewer saw and approved. */
  readonly version: number;
  readonly by: Person;
}

export interface Publication {
  readonly version: number;
  readonly kind: PublicationKind;
  readonly firstPublishedAt: string;
  readonly lastPublishedAt: string;
  /** False once unpublished: the public URL answers 410 until it is published again. */
  readonly live: boolean;
}

/** A publication waiting for its time (an embargo). */
export interface Schedule {
  readonly publishAt: string;
  readonly approvedVersion: number;
  readonly kind: PublicationKind;
  readonly note?: string;
  readonly by: Person;
}

/** The reviewer's last request for changes, visible to the editors until the article is approved. */
export interface ChangeRequest {
  readonly reviewedVersion: number;
  readonly reason: string;
  readonly by: Person;
  readonly at: string;
}

export interface Comment {
  readonly id: string;
  readonly text: string;
  readonly by: Person;
  readonly at: string;
  /** The version the comment was written against. */
  readonly version: number;
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
  readonly schedule: Schedule | null;
  readonly changeRequest: ChangeRequest | null;
  readonly comments: readonly Comment[];
}

/**
 * The version of this fold (evolve and everything it relies on: the document and status folds, body
 * operations, the stored events' shapes and upcasters). Stored snapshots made by another version
 * are not used. article-fold.spec.ts fingerprints those files and fails until this is changed with them.
 */
export const ARTICLE_FOLD_VERSION = 'article-fold-1';

export const initialState: ArticleState = {
  version: 0,
  articleId: null,
  status: null,
  document: null,
  contentVersion: 0,
  contentChangedBy: [],
  approval: null,
  publication: null,
  schedule: null,
  changeRequest: null,
  comments: [],
};

/**
 * `null` stands for a stored event that cannot be interpreted (see UnreadableEvent): it still took
 * its version in the stream, so it counts, and changes nothing else.
 */
export function evolve(state: ArticleState, event: ArticleEvent | null): ArticleState {
  const version = state.version + 1;
  if (event === null) return { ...state, version };
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
      schedule: null,
    };
  }
  switch (event.type) {
    case 'ChangesRequested':
      return {
        ...next,
        approval: null,
        changeRequest: {
          reviewedVersion: event.data.reviewedVersion,
          reason: event.reason ?? '',
          by: person(event.actor),
          at: event.occurredAt,
        },
      };
    case 'ArticleApproved':
      return { ...next, approval: { version: event.data.approvedVersion, by: person(event.actor) }, changeRequest: null };
    case 'PublicationScheduled': {
      const { publishAt, approvedVersion, kind, note } = event.data;
      return {
        ...next,
        schedule: { publishAt, approvedVersion, kind, ...(note === undefined ? {} : { note }), by: person(event.actor) },
      };
    }
    case 'ScheduleCancelled':
      return { ...next, schedule: null };
    case 'ArticlePublished':
      return {
        ...next,
        schedule: null,
        publication: {
          version: event.data.publishedVersion,
          kind: event.data.kind,
          firstPublishedAt: state.publication?.firstPublishedAt ?? event.occurredAt,
          lastPublishedAt: event.occurredAt,
          live: true,
        },
      };
    case 'ArticleUnpublished':
      return {
        ...next,
        schedule: null,
        publication: state.publication === null ? null : { ...state.publication, live: false },
      };
    case 'CommentAdded':
      return {
        ...next,
        comments: [
          ...state.comments,
          { id: event.data.commentId, text: event.data.text, by: person(event.actor), at: event.occurredAt, version },
        ],
      };
    default:
      return next;
  }
}

export function fold(events: readonly (ArticleEvent | null)[], from: ArticleState = initialState): ArticleState {
  return events.reduce(evolve, from);
}

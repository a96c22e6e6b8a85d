import { isContentEvent, type ArticleDrafted, type ArticleEvent, type PublicationKind } from '../articles/domain/article.events';
import { evolveDocument } from '../articles/domain/article-document';
import { statusAfter, type ArticleStatus } from '../articles/domain/article-status';
import type { ArticleDocument } from '../articles/domain/article.types';

export interface PersonRef {
  readonly id: string;
  readonly name: string;
}

/** Why and by whom work was reversed or refused: a change request, an unpublish, a spike. */
export interface ReasonedAct {
  readonly reason: string | null;
  readonly by: PersonRef;
  readonly at: string;
}

export interface ChangeRequest extends ReasonedAct {
  readonly reviewedVersion: number;
}

/** The latest publication: when it went out and, if the scheduler fired it, when it was due and who set it. */
export interface LastPublication {
  readonly version: number;
  readonly kind: PublicationKind;
  readonly note: string | null;
  readonly at: string;
  readonly by: PersonRef;
  readonly scheduledFor: string | null;
  readonly scheduledBy: PersonRef | null;
}

export interface PendingSchedule {
  readonly publishAt: string;
  readonly kind: PublicationKind;
  readonly note: string | null;
  readonly by: PersonRef;
  readonly at: string;
}

/**
 * One row of the desk list, column for column. `document` is the folded copy, kept so that a
 * one-block edit can recompute the search text without re-reading the whole stream.
 */
export interface DeskRecord {
  readonly article_id: string;
  readonly last_version: number;
  readonly status: ArticleStatus;
  readonly headline: string;
  readonly slug: string;
  readonly section: string;
  readonly language: string;
  readonly tags: readonly string[];
  readonly author_names: readonly string[];
  readonly document: ArticleDocument | null;
  /** Actor ids of everyone who drafted or changed the copy: the desk's "author" filter. */
  readonly contributors: readonly string[];
  readonly created_by: PersonRef;
  readonly created_at: string;
  readonly updated_by: PersonRef;
  readonly updated_at: string;
  readonly first_published_at: string | null;
  readonly last_publication: LastPublication | null;
  /** The last publication is on the public site (a working version may be in progress meanwhile). */
  readonly live: boolean;
  /** Set while the status is changes_requested. */
  readonly change_request: ChangeRequest | null;
  /** Set while the status is scheduled. */
  readonly schedule: PendingSchedule | null;
  /** Set from an unpublish until the article is published again. */
  readonly unpublished: ReasonedAct | null;
  readonly spiked: ReasonedAct | null;
  readonly comment_count: number;
}

export type DeskChanges = { -readonly [Column in keyof DeskRecord]?: DeskRecord[Column] };

const personOf = (event: ArticleEvent): PersonRef => ({ id: event.actor.id, name: event.actor.name });
const reasonedAct = (event: ArticleEvent): ReasonedAct => ({
  reason: event.reason ?? null,
  by: personOf(event),
  at: event.occurredAt,
});

/** The row an article's first event creates. */
export function draftedRecord(event: ArticleDrafted, version: number): DeskRecord {
  const document = evolveDocument(null, event)!;
  const by = personOf(event);
  return {
    article_id: event.data.articleId,
    last_version: version,
    status: 'draft',
    ...copyColumns(document),
    document,
    contributors: [by.id],
    created_by: by,
    created_at: event.occurredAt,
    updated_by: by,
    updated_at: event.occurredAt,
    first_published_at: null,
    last_publication: null,
    live: false,
    change_request: null,
    schedule: null,
    unpublished: null,
    spiked: null,
    comment_count: 0,
  };
}

/**
 * The columns an event changes on an existing row (only those whose value differs, so an update
 * writes no more than it must). For content events `record.document` must hold the copy before it.
 */
export function deskChanges(record: DeskRecord, event: ArticleEvent, version: number): DeskChanges {
  const status = statusAfter(record.status, event.type) ?? record.status;
  const next: DeskChanges = {
    last_version: version,
    status,
    updated_by: personOf(event),
    updated_at: event.occurredAt,
    // Kept through the edits and the resubmission, as on the article itself, so the reviewer who looks
    // again sees what was asked; an approval settles it.
    change_request: event.type === 'ArticleApproved' ? null : record.change_request,
    schedule: status === 'scheduled' ? record.schedule : null,
  };
  if (isContentEvent(event)) {
    const document = evolveDocument(record.document, event);
    if (document !== null) Object.assign(next, { document, ...copyColumns(document) });
    if (!record.contributors.includes(event.actor.id)) next.contributors = [...record.contributors, event.actor.id];
  }
  switch (event.type) {
    case 'ChangesRequested':
      next.change_request = { ...reasonedAct(event), reviewedVersion: event.data.reviewedVersion };
      break;
    case 'PublicationScheduled':
      next.schedule = {
        publishAt: event.data.publishAt,
        kind: event.data.kind,
        note: event.data.note ?? null,
        by: personOf(event),
        at: event.occurredAt,
      };
      break;
    case 'ArticlePublished':
      Object.assign(next, {
        live: true,
        first_published_at: record.first_published_at ?? event.occurredAt,
        last_publication: {
          version: event.data.publishedVersion,
          kind: event.data.kind,
          note: event.data.note ?? null,
          at: event.occurredAt,
          by: personOf(event),
          scheduledFor: event.data.scheduledFor ?? null,
          scheduledBy: event.data.scheduledBy ?? null,
        },
        unpublished: null,
      });
      break;
    case 'ArticleUnpublished':
      Object.assign(next, { live: false, unpublished: reasonedAct(event) });
      break;
    case 'ArticleSpiked':
      next.spiked = reasonedAct(event);
      break;
    case 'CommentAdded':
      next.comment_count = record.comment_count + 1;
      break;
  }
  return onlyDifferences(record, next);
}

function copyColumns(document: ArticleDocument) {
  const { headline, slug, section, language, tags, authors } = document.content;
  return { headline, slug, section, language, tags, author_names: authors.map((author) => author.name) };
}

function onlyDifferences(record: DeskRecord, next: DeskChanges): DeskChanges {
  return Object.fromEntries(
    Object.entries(next).filter(
      ([column, value]) => JSON.stringify(value) !== JSON.stringify(record[column as keyof DeskRecord]),
    ),
  );
}

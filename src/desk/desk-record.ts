import type { ArticleDrafted, ArticleEvent, PublicationKind } from '../articles/domain/article.events';
import { evolveDocument } from '../articles/domain/article-document';
import type { ArticleStatus } from '../articles/domain/article-status';
import type { ArticleState } from '../articles/domain/article.state';
import type { ArticleDocument } from '../articles/domain/article.types';
import { searchableText } from '../common/searchable-text';
import type { ProjectedEvent } from '../event-store/inline-projection';

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

/** One row of the desk list, column for column (its search vector aside, which is made from searchableText). */
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

/** What one event changes in an existing row: its columns, and the new search text when the words changed. */
export interface DeskUpdate {
  readonly columns: DeskChanges;
  readonly searchText: string | null;
}

/**
 * The columns an event changes on an existing row, worked out from the event and the stream's state
 * before and after it, so the row need not be read first. Columns the state holds change when the
 * state's view of them does; the others come from the event that sets them.
 */
export function deskUpdate(
  { event, before, after }: Omit<ProjectedEvent<ArticleEvent, ArticleState>, 'recorded'>,
  version: number,
): DeskUpdate {
  const columns: DeskChanges = {
    last_version: version,
    updated_by: personOf(event),
    updated_at: event.occurredAt,
    ...changedColumns(stateColumns(before), stateColumns(after)),
  };
  // Kept through the edits and the resubmission, as on the article itself, so the reviewer who looks
  // again sees what was asked; an approval settles it.
  if (event.type === 'ChangesRequested') {
    columns.change_request = { ...reasonedAct(event), reviewedVersion: event.data.reviewedVersion };
  } else if (before.changeRequest !== null && after.changeRequest === null) {
    columns.change_request = null;
  }
  if (event.type === 'PublicationScheduled') {
    columns.schedule = {
      publishAt: event.data.publishAt,
      kind: event.data.kind,
      note: event.data.note ?? null,
      by: personOf(event),
      at: event.occurredAt,
    };
  } else if (before.schedule !== null && after.schedule === null) {
    columns.schedule = null;
  }
  if (event.type === 'ArticlePublished') {
    columns.last_publication = {
      version: event.data.publishedVersion,
      kind: event.data.kind,
      note: event.data.note ?? null,
      at: event.occurredAt,
      by: personOf(event),
      scheduledFor: event.data.scheduledFor ?? null,
      scheduledBy: event.data.scheduledBy ?? null,
    };
    if (before.publication?.live === false) columns.unpublished = null;
  }
  if (event.type === 'ArticleUnpublished') columns.unpublished = reasonedAct(event);
  if (event.type === 'ArticleSpiked') columns.spiked = reasonedAct(event);
  return { columns, searchText: changedSearchText(before.document, after.document) };
}

/**
 * The columns the stream's state decides. A state is the `after` of one event and the `before` of
 * the next (the very same object), and a document the same object for as long as the copy does not
 * change: both are worked out once, and columns of a copy that did not change compare by identity.
 */
const columnsOfState = new WeakMap<ArticleState, DeskChanges>();
const columnsOfCopy = new WeakMap<ArticleDocument, ReturnType<typeof copyColumns>>();
const textOfCopy = new WeakMap<ArticleDocument, string>();

function stateColumns(state: ArticleState): DeskChanges {
  let columns = columnsOfState.get(state);
  if (columns === undefined) {
    columns = computeStateColumns(state);
    columnsOfState.set(state, columns);
  }
  return columns;
}

function computeStateColumns(state: ArticleState): DeskChanges {
  return {
    ...(state.status === null ? {} : { status: state.status }),
    ...(state.document === null ? {} : copyColumnsOf(state.document)),
    contributors: state.contentChangedBy,
    first_published_at: state.publication?.firstPublishedAt ?? null,
    live: state.publication?.live ?? false,
    comment_count: state.comments.length,
  };
}

function copyColumnsOf(document: ArticleDocument) {
  let columns = columnsOfCopy.get(document);
  if (columns === undefined) {
    columns = copyColumns(document);
    columnsOfCopy.set(document, columns);
  }
  return columns;
}

function copyColumns(document: ArticleDocument) {
  const { headline, slug, section, language, tags, authors } = document.content;
  return { headline, slug, section, language, tags, author_names: authors.map((author) => author.name) };
}

/** Only what differs, so an update writes no more than it must. */
function changedColumns(before: DeskChanges, after: DeskChanges): DeskChanges {
  return Object.fromEntries(
    Object.entries(after).filter(([column, value]) => {
      const earlier = before[column as keyof DeskChanges];
      return value !== earlier && JSON.stringify(value) !== JSON.stringify(earlier);
    }),
  );
}

/** Events that leave the copy alone keep the very same document, so most events skip the text. */
function changedSearchText(before: ArticleDocument | null, after: ArticleDocument | null): string | null {
  if (after === null || after === before) return null;
  const text = textOf(after);
  return before !== null && text === textOf(before) ? null : text;
}

function textOf(document: ArticleDocument): string {
  let text = textOfCopy.get(document);
  if (text === undefined) {
    text = searchableText(document.content);
    textOfCopy.set(document, text);
  }
  return text;
}

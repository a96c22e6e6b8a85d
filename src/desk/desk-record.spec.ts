import type { Actor } from '../common/domain/actor';
import type { ArticleDrafted, ArticleEvent, EventContext } from '../articles/domain/article.events';
import { evolve, initialState, type ArticleState } from '../articles/domain/article.state';
import { deskUpdate, draftedRecord, type DeskChanges, type DeskRecord } from './desk-record';

const eddie: Actor = { id: 'eddie', name: 'Eddie Editor', roles: ['editor'] };
const erin: Actor = { id: 'erin', name: 'Erin Editor', roles: ['editor'] };
const rita: Actor = { id: 'rita', name: 'Rita Reviewer', roles: ['reviewer'] };
const paul: Actor = { id: 'paul', name: 'Paul Publisher', roles: ['publisher'] };
const scheduler: Actor = { id: 'scheduler', name: 'Scheduler', roles: ['publisher'] };

let minute = 0;
const context = (actor: Actor, reason?: string): EventContext => ({
  actor,
  occurredAt: new Date(Date.UTC(2026, 10, 28, 9, ++minute)).toISOString(),
  ...(reason === undefined ? {} : { reason }),
});

const drafted = (): ArticleDrafted => ({
  type: 'ArticleDrafted',
  ...context(eddie),
  data: {
    articleId: '00000000-0000-4000-8000-000000000001',
    headline: 'Belarus cozies up to China',
    standfirst: null,
    slug: 'belarus-cozies-up-to-china',
    section: 'World',
    tags: ['Belarus'],
    language: 'en',
    authors: [{ name: 'Victor Westerkamp' }],
    body: [{ id: 'b1', type: 'paragraph', text: 'Lukashenko met Xi.' }],
    leadImage: null,
    relatedLinks: [],
  },
});

/**
 * given(...events) folds the events into a desk record the way the projection does, one version
 * each, with the stream's state before and after each event as the write side folds it.
 */
function given(...history: ArticleEvent[]) {
  const [first, ...rest] = history as [ArticleDrafted, ...ArticleEvent[]];
  let state: ArticleState = evolve(initialState, first);
  let record = draftedRecord(first, 1);
  let searchText: string | null = null;
  const apply = (event: ArticleEvent, version: number) => {
    const after = evolve(state, event);
    const update = deskUpdate({ event, before: state, after }, version);
    state = after;
    return update;
  };
  rest.forEach((event, index) => {
    const update = apply(event, index + 2);
    record = { ...record, ...update.columns };
    searchText = update.searchText ?? searchText;
  });
  return {
    record,
    searchText,
    when: (event: ArticleEvent): { changes: DeskChanges; record: DeskRecord; searchText: string | null } => {
      const { columns, searchText: changedText } = apply(event, history.length + 1);
      return { changes: columns, record: { ...record, ...columns }, searchText: changedText };
    },
  };
}

const edited = (actor: Actor, headline?: string): ArticleEvent => ({
  type: 'ArticleEdited',
  ...context(actor),
  data: {
    changes: headline === undefined ? {} : { headline },
    bodyOperations: [{ op: 'replace', block: { id: 'b1', type: 'paragraph', text: 'Lukashenko met Xi Jinping.' } }],
  },
});
const submitted = (): ArticleEvent => ({ type: 'ArticleSubmitted', ...context(eddie), data: { submittedVersion: 1 } });
const changesRequested = (reason: string): ArticleEvent => ({
  type: 'ChangesRequested',
  ...context(rita, reason),
  data: { reviewedVersion: 2 },
});
const approved = (version: number): ArticleEvent => ({
  type: 'ArticleApproved',
  ...context(rita),
  data: { approvedVersion: version },
});
const scheduled = (publishAt: string): ArticleEvent => ({
  type: 'PublicationScheduled',
  ...context(paul),
  data: { approvedVersion: 3, publishAt, kind: 'first' },
});
const published = (version: number, extra: object = {}, actor: Actor = paul): ArticleEvent => ({
  type: 'ArticlePublished',
  ...context(actor),
  data: { publishedVersion: version, kind: 'first', ...extra },
});
const unpublished = (reason: string): ArticleEvent => ({
  type: 'ArticleUnpublished',
  ...context(paul, reason),
  data: { publishedVersion: 4 },
});
const commented = (): ArticleEvent => ({
  type: 'CommentAdded',
  ...context(rita),
  data: { commentId: 'c1', text: 'Check the date' },
});

describe('draftedRecord', () => {
  it('given a draft, records its copy, its drafter as the only contributor and no workflow marks', () => {
    const event = drafted();
    expect(draftedRecord(event, 1)).toMatchObject({
      status: 'draft',
      headline: 'Belarus cozies up to China',
      author_names: ['Victor Westerkamp'],
      contributors: ['eddie'],
      created_by: { id: 'eddie', name: 'Eddie Editor' },
      live: false,
      change_request: null,
      schedule: null,
      comment_count: 0,
    });
  });
});

describe('deskUpdate', () => {
  it('given an edit by a second editor, adds them to the contributors once and takes the new copy', () => {
    const { record, changes, searchText } = given(drafted(), edited(erin, 'Belarus and China')).when(edited(erin));
    expect(record.contributors).toEqual(['eddie', 'erin']);
    expect(record.headline).toBe('Belarus and China');
    // The same words again: neither the contributors nor the search text are sent.
    expect(changes.contributors).toBeUndefined();
    expect(searchText).toBeNull();
  });

  it('given an edit that changes the words, gives the new search text, made from the copy after it', () => {
    const { searchText } = given(drafted()).when(edited(eddie, 'Belarus and China'));
    expect(searchText).toBe('Belarus and China\nLukashenko met Xi Jinping.');
  });

  it('given a reviewer who only comments, does not count them as a contributor and counts the comment', () => {
    const { changes, record } = given(drafted(), commented()).when(commented());
    expect(record.contributors).toEqual(['eddie']);
    expect(record.comment_count).toBe(2);
    expect(record.status).toBe('draft');
    expect(Object.keys(changes).sort()).toEqual(['comment_count', 'last_version', 'updated_at', 'updated_by']);
  });

  it('given a change request, shows its reason, reviewer and time, through edits and resubmission, until approval', () => {
    const asked = given(drafted(), submitted()).when(changesRequested('Source the quote'));
    expect(asked.record.status).toBe('changes_requested');
    expect(asked.record.change_request).toMatchObject({
      reason: 'Source the quote',
      by: { id: 'rita', name: 'Rita Reviewer' },
      reviewedVersion: 2,
    });

    const afterEdit = given(drafted(), submitted(), changesRequested('Source the quote')).when(edited(eddie));
    expect(afterEdit.record.status).toBe('changes_requested');
    expect(afterEdit.changes.change_request).toBeUndefined();

    const resubmitted = given(drafted(), submitted(), changesRequested('Source the quote'), edited(eddie)).when(submitted());
    expect(resubmitted.record).toMatchObject({ status: 'in_review', change_request: { reason: 'Source the quote' } });

    const settled = given(drafted(), submitted(), changesRequested('Source the quote'), edited(eddie), submitted()).when(
      approved(5),
    );
    expect(settled.record).toMatchObject({ status: 'approved', change_request: null });
  });

  it('given a schedule, shows when it goes out until it is cancelled, voided by an edit or fired', () => {
    const history = [drafted(), submitted(), approved(2), scheduled('2026-12-01T06:00:00.000Z')];
    expect(given(...history).record).toMatchObject({
      status: 'scheduled',
      schedule: { publishAt: '2026-12-01T06:00:00.000Z', kind: 'first', by: { id: 'paul' } },
    });
    const cancelled: ArticleEvent = {
      type: 'ScheduleCancelled',
      ...context(paul),
      data: { publishAt: '2026-12-01T06:00:00.000Z' },
    };
    expect(given(...history).when(cancelled).record).toMatchObject({ status: 'approved', schedule: null });
    expect(given(...history).when(edited(erin)).record).toMatchObject({ status: 'draft', schedule: null });
    expect(given(...history).when(published(3)).record).toMatchObject({ status: 'published', schedule: null });
  });

  it('given a publication the scheduler fired, records when it was due, who set it and when it went out', () => {
    const event = published(
      3,
      { scheduledFor: '2026-12-01T06:00:00.000Z', scheduledBy: { id: 'paul', name: 'Paul Publisher' } },
      scheduler,
    );
    const { record } = given(drafted(), submitted(), approved(2), scheduled('2026-12-01T06:00:00.000Z')).when(event);
    expect(record).toMatchObject({
      live: true,
      first_published_at: event.occurredAt,
      last_publication: {
        version: 3,
        kind: 'first',
        at: event.occurredAt,
        by: { id: 'scheduler', name: 'Scheduler' },
        scheduledFor: '2026-12-01T06:00:00.000Z',
        scheduledBy: { id: 'paul', name: 'Paul Publisher' },
      },
    });
  });

  it('given a republication, keeps the first publication time and records the latest one', () => {
    const first = published(3);
    const update = published(6, { kind: 'correction', note: 'An earlier version misdated the visit.' });
    const { record } = given(drafted(), submitted(), approved(2), first, edited(erin), approved(5)).when(update);
    expect(record.first_published_at).toBe(first.occurredAt);
    expect(record.last_publication).toMatchObject({
      version: 6,
      kind: 'correction',
      note: 'An earlier version misdated the visit.',
    });
  });

  it('given an unpublish, is no longer live and shows why until it is published again', () => {
    const history = [drafted(), submitted(), approved(2), published(3)];
    const { record } = given(...history).when(unpublished('Legal asked us to'));
    expect(record).toMatchObject({
      status: 'unpublished',
      live: false,
      unpublished: { reason: 'Legal asked us to', by: { id: 'paul' } },
    });
    expect(record.first_published_at).not.toBeNull();

    const again = given(...history, unpublished('Legal asked us to'), submitted(), approved(6)).when(published(7));
    expect(again.record).toMatchObject({ status: 'published', live: true, unpublished: null });
  });

  it('given a spike, shows the reason and who spiked it', () => {
    const spike: ArticleEvent = { type: 'ArticleSpiked', ...context(eddie, 'Story fell through'), data: {} };
    expect(given(drafted()).when(spike).record).toMatchObject({
      status: 'spiked',
      spiked: { reason: 'Story fell through', by: { id: 'eddie' }, at: spike.occurredAt },
    });
  });

  it('given a restore, takes the restored copy and sources and counts the restorer as a contributor', () => {
    const restored: ArticleEvent = {
      type: 'RevisionRestored',
      ...context(erin, 'The edit broke the lede'),
      data: {
        restoredVersion: 1,
        changes: { headline: 'Belarus cozies up to China' },
        bodyOperations: [{ op: 'replace', block: { id: 'b1', type: 'paragraph', text: 'Lukashenko met Xi.' } }],
        sources: [],
      },
    };
    const { record, searchText } = given(drafted(), edited(eddie, 'Wrong headline')).when(restored);
    expect(record).toMatchObject({ headline: 'Belarus cozies up to China', status: 'draft', contributors: ['eddie', 'erin'] });
    expect(searchText).toBe('Belarus cozies up to China\nLukashenko met Xi.');
  });
});

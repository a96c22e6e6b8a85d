import type { Actor } from '../common/domain/actor';
import type { ArticleEvent } from '../articles/domain/article.events';
import type { Block } from '../articles/domain/article.types';
import { summarise } from './event-summary';

const actor: Actor = { id: 'eddie', name: 'Eddie', roles: ['editor'] };
const at = '2026-11-28T12:00:00.000Z';
const event = (type: ArticleEvent['type'], data: object, reason?: string) =>
  ({ type, data, actor, occurredAt: at, ...(reason ? { reason } : {}) }) as ArticleEvent;
const paragraph = (id: string): Block => ({ id, type: 'paragraph', text: `Paragraph ${id}.` });
const reuters = { id: 's1', name: 'Reuters', role: 'contributed' } as const;

describe('a history line for each of the 14 article events', () => {
  it.each<[string, ArticleEvent, string]>([
    [
      'a draft',
      event('ArticleDrafted', { articleId: 'a', headline: 'Belarus turns to China' }),
      'drafted “Belarus turns to China”',
    ],
    [
      'an edit of fields and blocks',
      event('ArticleEdited', {
        changes: { headline: 'H' },
        bodyOperations: [
          { op: 'replace', block: paragraph('p1') },
          { op: 'replace', block: paragraph('p2') },
        ],
      }),
      'edited headline and 2 paragraphs',
    ],
    [
      'an edit that adds, removes and moves blocks',
      event('ArticleEdited', {
        changes: { tags: ['a'], leadImage: null },
        bodyOperations: [
          { op: 'insert', after: null, block: { id: 'q', type: 'quote', text: 'Q' } },
          { op: 'remove', id: 'p3' },
          { op: 'remove', id: 'p4' },
          { op: 'move', id: 'p1', after: 'p2' },
        ],
      }),
      'edited tags and lead image; added 1 quote; removed 2 blocks; moved 1 block',
    ],
    ['an attribution', event('SourceAttributed', { source: reuters }), 'attributed Reuters (contributed)'],
    ['a removed source, named', event('SourceRemoved', { sourceId: 's1' }), 'removed the source Reuters (contributed)'],
    ['a submission', event('ArticleSubmitted', { submittedVersion: 4 }), 'submitted version 4 for review'],
    ['a request for changes', event('ChangesRequested', { reviewedVersion: 5 }, 'too long'), 'requested changes to version 5'],
    ['an approval', event('ArticleApproved', { approvedVersion: 5 }), 'approved version 5'],
    [
      'a schedule',
      event('PublicationScheduled', { approvedVersion: 6, publishAt: '2026-12-01T06:00:00.000Z', kind: 'first' }),
      'scheduled for 2026-12-01T06:00:00.000Z',
    ],
    [
      'a schedule of an update',
      event('PublicationScheduled', { approvedVersion: 6, publishAt: '2026-12-01T06:00:00.000Z', kind: 'update' }),
      'scheduled as an update for 2026-12-01T06:00:00.000Z',
    ],
    [
      'a cancelled schedule',
      event('ScheduleCancelled', { publishAt: '2026-12-01T06:00:00.000Z' }),
      'cancelled the publication scheduled for 2026-12-01T06:00:00.000Z',
    ],
    ['a first publication', event('ArticlePublished', { publishedVersion: 6, kind: 'first' }), 'published'],
    [
      'a correction',
      event('ArticlePublished', { publishedVersion: 9, kind: 'correction', note: 'The vote was on Tuesday.' }),
      'published as a correction',
    ],
    [
      'a publication the scheduler fired',
      event('ArticlePublished', { publishedVersion: 6, kind: 'first', scheduledFor: '2026-12-01T06:00:00.000Z' }),
      'published as scheduled for 2026-12-01T06:00:00.000Z',
    ],
    ['an unpublication', event('ArticleUnpublished', { publishedVersion: 6 }, 'legal'), 'unpublished version 6'],
    [
      'a restore',
      event('RevisionRestored', {
        restoredVersion: 3,
        changes: { headline: 'Old' },
        bodyOperations: [{ op: 'replace', block: paragraph('p1') }],
        sources: [reuters],
      }),
      'restored version 3 (headline, sources and 1 paragraph)',
    ],
    [
      'a comment, shortened and without markup',
      event('CommentAdded', { commentId: 'c', text: `Check the <em>second</em> quote. ${'x'.repeat(100)}` }),
      `commented “Check the second quote. ${'x'.repeat(55)}…”`,
    ],
    ['a spike', event('ArticleSpiked', {}, 'story died'), 'spiked the draft'],
  ])('summarises %s', (_, given, expected) => {
    expect(summarise(given, new Map([['s1', reuters]]))).toBe(expected);
  });

  it('says a source was removed when it cannot name it', () => {
    expect(summarise(event('SourceRemoved', { sourceId: 'unknown' }))).toBe('removed a source');
  });
});

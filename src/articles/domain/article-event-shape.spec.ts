import { articleEventFromStored, articleEventOrNull, UnreadableEvent } from './article.events';
import { fold } from './article.state';
import { alice, drafted } from './testing/article-scenario';

/** Stored events are read back total: one that breaks its type's shape is recognised, never half-read. */
const STREAM = 'article-a6f0c1de-0000-4000-8000-000000000001';
const metadata = { actor: { id: 'eddie', name: 'Eddie', roles: ['editor'] }, occurredAt: '2026-01-01T00:00:00.000Z' };
const stored = (type: string, data: unknown, overrides: object = {}) => ({
  streamId: STREAM,
  type,
  schemaVersion: 1,
  data,
  metadata,
  ...overrides,
});

describe('reading stored article events', () => {
  it('reads a well-formed edit', () => {
    const event = articleEventFromStored(stored('ArticleEdited', { changes: { headline: 'New' }, bodyOperations: [] }));
    expect(event).toMatchObject({ type: 'ArticleEdited', data: { changes: { headline: 'New' } }, actor: { id: 'eddie' } });
  });

  it.each([
    [
      'an inserted block with no type',
      'ArticleEdited',
      { changes: {}, bodyOperations: [{ op: 'insert', after: null, block: { id: 'x' } }] },
      'data.bodyOperations[0].block.type',
    ],
    [
      'a lead image that is a list',
      'ArticleEdited',
      { changes: { leadImage: [] }, bodyOperations: [] },
      'data.changes.leadImage',
    ],
    [
      'an unknown body operation',
      'ArticleEdited',
      { changes: {}, bodyOperations: [{ op: 'shuffle' }] },
      'data.bodyOperations[0].op',
    ],
    ['a publication of an unknown kind', 'ArticlePublished', { publishedVersion: 3, kind: 'scoop' }, 'data.kind'],
    ['an approval of version 0', 'ArticleApproved', { approvedVersion: 0 }, 'data.approvedVersion'],
    ['a type no Copydesk wrote', 'ArticleTeleported', {}, 'data.type'],
    ['data that is not an object', 'CommentAdded', 'hello', 'data'],
  ])('recognises %s as unreadable, naming the fault', (_, type, data, fault) => {
    expect(() => articleEventFromStored(stored(type, data))).toThrow(UnreadableEvent);
    try {
      articleEventFromStored(stored(type, data));
    } catch (error) {
      expect((error as UnreadableEvent).faults).toContain(fault);
    }
  });

  it('recognises metadata without an actor, and a schema version newer than this code', () => {
    expect(articleEventOrNull(stored('ArticleSpiked', {}, { metadata: { occurredAt: metadata.occurredAt } }))).toBeNull();
    expect(articleEventOrNull(stored('ArticleSpiked', {}, { schemaVersion: 99 }))).toBeNull();
  });

  it('folds an unreadable event as a version that changed nothing', () => {
    const before = fold([drafted(alice)]);
    const after = fold([drafted(alice), null]);
    expect(after.version).toBe(2);
    expect({ ...after, version: 1 }).toEqual(before);
  });
});

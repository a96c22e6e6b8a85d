import type { RecordedEvent } from '../event-store/recorded-event';
import { eventMessage, streamTypeOf, UnpublishableEvent } from './event-message';

const ARTICLE_ID = '0b6f7a52-5d4e-4c1e-9a53-7f2f6b0e8c11';

const recorded = (overrides: Partial<RecordedEvent> = {}): RecordedEvent => ({
  position: 42,
  eventId: '9d2c4f1e-3b7a-4e5d-8c6b-1a2b3c4d5e6f',
  streamId: `article-${ARTICLE_ID}`,
  streamVersion: 7,
  type: 'ArticlePublished',
  schemaVersion: 1,
  data: { slug: 'a-story' },
  metadata: { actor: { id: 'paul', name: 'Paul Publisher' } },
  recordedAt: new Date('2026-12-02T07:00:00.123Z'),
  transactionId: '1234',
  hash: 'ab'.repeat(32),
  ...overrides,
});

describe('eventMessage', () => {
  it('puts an event on copydesk.<stream type>.<event type>, with its id as the message id and the event as JSON', () => {
    const message = eventMessage(recorded());
    expect(message.subject).toBe('copydesk.article.ArticlePublished');
    expect(message.msgId).toBe('9d2c4f1e-3b7a-4e5d-8c6b-1a2b3c4d5e6f');
    expect(JSON.parse(message.payload)).toEqual({
      eventId: '9d2c4f1e-3b7a-4e5d-8c6b-1a2b3c4d5e6f',
      position: 42,
      streamId: `article-${ARTICLE_ID}`,
      streamType: 'article',
      articleId: ARTICLE_ID,
      version: 7,
      type: 'ArticlePublished',
      schemaVersion: 1,
      recordedAt: '2026-12-02T07:00:00.123Z',
      data: { slug: 'a-story' },
      metadata: { actor: { id: 'paul', name: 'Paul Publisher' } },
    });
  });

  it('names no article for a stream of anything else', () => {
    const message = eventMessage(recorded({ streamId: 'desk-settings', type: 'DeskRenamed' }));
    expect(message.subject).toBe('copydesk.desk.DeskRenamed');
    expect(JSON.parse(message.payload)).toMatchObject({ streamType: 'desk', articleId: null });
  });

  it.each([
    ['a stream type with a dot', { streamId: 'news.wire-1' }],
    ['an event type with a wildcard', { type: 'Article*' }],
    ['an event type with a space', { type: 'Article Published' }],
    ['an empty stream type', { streamId: '-1' }],
  ])('refuses %s, which would land on another subject', (_, overrides) => {
    expect(() => eventMessage(recorded(overrides))).toThrow(UnpublishableEvent);
  });
});

describe('streamTypeOf', () => {
  it('is the stream id up to its first hyphen, or the whole id without one', () => {
    expect(streamTypeOf(`article-${ARTICLE_ID}`)).toBe('article');
    expect(streamTypeOf('settings')).toBe('settings');
  });
});

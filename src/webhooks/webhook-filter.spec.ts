import { receives, type FilteredEvent, type WebhookFilter } from './webhook-filter';

const ARTICLE = '3f0e4a52-8d4b-4c1e-9a57-2d1f3c0b6a11';
const OTHER_ARTICLE = '9b2d7c64-1e3a-4f5b-8c6d-7e8f9a0b1c22';
// Made while 1003 and 1007 were running; 1000 to 1009 had started by then.
const everything: WebhookFilter = { eventTypes: null, articleIds: null, createdSnapshot: '1003:1010:1003,1007' };
const published: FilteredEvent = { type: 'ArticlePublished', articleId: ARTICLE, transactionId: '1010' };

describe('receives', () => {
  describe('given a webhook with no filter', () => {
    it('receives any event of a transaction that started after it was made', () => {
      expect(receives(everything, published)).toBe(true);
      expect(receives(everything, { ...published, type: 'CommentAdded', transactionId: '99999999999' })).toBe(true);
    });

    it('receives the events of transactions that were still running when it was made', () => {
      expect(receives(everything, { ...published, transactionId: '1003' })).toBe(true);
      expect(receives(everything, { ...published, transactionId: '1007' })).toBe(true);
    });

    it('does not receive the events of transactions that had committed when it was made', () => {
      expect(receives(everything, { ...published, transactionId: '999' })).toBe(false);
      expect(receives(everything, { ...published, transactionId: '1004' })).toBe(false);
      expect(receives(everything, { ...published, transactionId: '1009' })).toBe(false);
    });

    it('reads a snapshot with no running transaction, and compares ids as numbers, not as text', () => {
      const idle = { ...everything, createdSnapshot: '9:9:' };
      expect(receives(idle, { ...published, transactionId: '10' })).toBe(true);
      expect(receives(idle, { ...published, transactionId: '8' })).toBe(false);
    });
  });

  describe('given an event-type filter', () => {
    const filter = { ...everything, eventTypes: ['ArticlePublished', 'ArticleUnpublished'] };

    it('receives the types it lists', () => {
      expect(receives(filter, published)).toBe(true);
      expect(receives(filter, { ...published, type: 'ArticleUnpublished' })).toBe(true);
    });

    it('does not receive other types', () => {
      expect(receives(filter, { ...published, type: 'ArticleEdited' })).toBe(false);
    });
  });

  describe('given an article filter', () => {
    const filter = { ...everything, articleIds: [ARTICLE] };

    it('receives events of the articles it lists only', () => {
      expect(receives(filter, published)).toBe(true);
      expect(receives(filter, { ...published, articleId: OTHER_ARTICLE })).toBe(false);
    });
  });

  describe('given both filters', () => {
    it('receives an event only when both let it through', () => {
      const filter = { ...everything, eventTypes: ['ArticlePublished'], articleIds: [ARTICLE] };
      expect(receives(filter, published)).toBe(true);
      expect(receives(filter, { ...published, type: 'ArticleEdited' })).toBe(false);
      expect(receives(filter, { ...published, articleId: OTHER_ARTICLE })).toBe(false);
    });
  });
});

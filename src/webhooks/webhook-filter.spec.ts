import { receives, type FilteredEvent, type WebhookFilter } from './webhook-filter';

const ARTICLE = '3f0e4a52-8d4b-4c1e-9a57-2d1f3c0b6a11';
const OTHER_ARTICLE = '9b2d7c64-1e3a-4f5b-8c6d-7e8f9a0b1c22';
const everything: WebhookFilter = { eventTypes: null, articleIds: null, fromTransactionId: '1000' };
const published: FilteredEvent = { type: 'ArticlePublished', articleId: ARTICLE, transactionId: '1000' };

describe('receives', () => {
  describe('given a webhook with no filter', () => {
    it('receives any event of a transaction from its start on', () => {
      expect(receives(everything, published)).toBe(true);
      expect(receives(everything, { ...published, type: 'CommentAdded', transactionId: '99999999999' })).toBe(true);
    });

    it('does not receive events of transactions that ended before it was made', () => {
      expect(receives(everything, { ...published, transactionId: '999' })).toBe(false);
    });

    it('compares transaction ids as numbers, not as text', () => {
      expect(receives({ ...everything, fromTransactionId: '9' }, { ...published, transactionId: '10' })).toBe(true);
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

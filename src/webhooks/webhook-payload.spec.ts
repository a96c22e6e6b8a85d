import { decide, fold } from '../articles/domain/article.decider';
import type { ArticleCommand } from '../articles/domain/article.commands';
import { articleEventData, articleStreamId, type ArticleEvent } from '../articles/domain/article.events';
import {
  ARTICLE_ID,
  HEADLINE,
  SLUG,
  alice,
  approve,
  create,
  edit,
  paul,
  publish,
  rita,
  submit,
  unpublish,
} from '../articles/domain/testing/article-scenario';
import type { RecordedEvent } from '../event-store/recorded-event';
import { publication } from '../published/formats/testing/articles';
import { webhookPayload } from './webhook-payload';

const STREAM = articleStreamId(ARTICLE_ID);
const RECORDED_AT = new Date('2025-03-05T09:00:01.000Z');

/** The stream the commands make, as the store records it. */
function streamOf(...commands: ArticleCommand[]): RecordedEvent[] {
  const events: ArticleEvent[] = [];
  for (const command of commands) events.push(...decide(command, fold(events)));
  return events.map((event, index) => {
    const { type, actor, occurredAt, reason } = event;
    return {
      position: 100 + index,
      eventId: `00000000-0000-4000-8000-${String(index + 1).padStart(12, '0')}`,
      streamId: STREAM,
      streamVersion: index + 1,
      type,
      ...articleEventData(event),
      metadata: { actor, occurredAt, ...(reason === undefined ? {} : { reason }) },
      recordedAt: RECORDED_AT,
      transactionId: String(5000 + index),
      hash: '00',
    } as RecordedEvent;
  });
}

const published = () => streamOf(create(alice), submit(alice), approve(rita), publish(paul));

describe('webhookPayload', () => {
  describe('given an event no public representation follows from', () => {
    const history = streamOf(create(alice), submit(alice));

    it('carries the event as stored, in the Standard Webhooks shape', () => {
      const payload = webhookPayload(history, publication);
      expect(payload).toEqual({
        type: 'ArticleSubmitted',
        timestamp: RECORDED_AT.toISOString(),
        data: {
          event: {
            id: history[1].eventId,
            type: 'ArticleSubmitted',
            streamId: STREAM,
            articleId: ARTICLE_ID,
            version: 2,
            position: 101,
            schemaVersion: history[1].schemaVersion,
            data: history[1].data,
            metadata: history[1].metadata,
            recordedAt: RECORDED_AT.toISOString(),
          },
        },
      });
    });
  });

  describe('given a publication', () => {
    it('adds the article as the public read serves it', () => {
      const { data } = webhookPayload(published(), publication);
      expect(data.article).toMatchObject({ id: ARTICLE_ID, slug: SLUG, headline: HEADLINE, version: 1, kind: 'first' });
      expect(data.killNotice).toBeUndefined();
    });
  });

  describe('given a correction', () => {
    it('adds the corrected article with its correction note', () => {
      const history = streamOf(
        create(alice),
        submit(alice),
        approve(rita),
        publish(paul),
        edit(alice, { headline: 'A corrected headline' }),
        submit(alice),
        approve(rita),
        publish(paul, { kind: 'correction', note: 'The headline misnamed the ally.' }),
      );
      const { data } = webhookPayload(history, publication);
      expect(data.article).toMatchObject({ headline: 'A corrected headline', kind: 'correction', version: 2 });
      expect(data.article?.corrections).toEqual([{ note: 'The headline misnamed the ally.', correctedAt: expect.any(String) }]);
    });
  });

  describe('given an unpublish', () => {
    it('adds a ninjs kill notice for the article it withdrew', () => {
      const history = streamOf(create(alice), submit(alice), approve(rita), publish(paul), unpublish(paul));
      const { type, data } = webhookPayload(history, publication);
      expect(type).toBe('ArticleUnpublished');
      expect(data.article).toBeUndefined();
      expect(data.killNotice).toMatchObject({
        pubStatus: 'canceled',
        slugline: SLUG,
        headlines: [{ role: 'main', contentType: 'text/plain', value: HEADLINE }],
        copyrightHolder: publication.name,
      });
    });
  });

  describe('given no event', () => {
    it('refuses to build a payload', () => {
      expect(() => webhookPayload([], publication)).toThrow('a webhook payload needs the event it is about');
    });
  });
});

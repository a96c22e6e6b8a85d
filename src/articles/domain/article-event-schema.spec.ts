import { articleEventData, articleEventFromStored, type ArticleDrafted } from './article.events';
import { currentSchemaVersion, upcast } from './article-event-schema';

const ARTICLE_ID = 'a6f0c1de-0000-4000-8000-000000000001';
const content = {
  headline: 'Belarus turns to China',
  standfirst: null,
  slug: 'belarus-turns-to-china',
  section: 'World',
  tags: [],
  language: 'en',
  authors: [{ name: 'Victor Westerkamp' }],
  body: [{ id: 'b1', type: 'paragraph', text: 'Text.' }],
  leadImage: null,
  relatedLinks: [],
};
const metadata = { actor: { id: 'eddie', name: 'Eddie', roles: ['editor'] }, occurredAt: '2026-11-28T12:00:00.000Z' };

describe('ArticleDrafted schema versions', () => {
  it('is written as v2: the content without the article id, which is the stream’s', () => {
    const drafted: ArticleDrafted = {
      type: 'ArticleDrafted',
      data: { articleId: ARTICLE_ID, ...content },
      ...metadata,
    } as ArticleDrafted;
    expect(currentSchemaVersion('ArticleDrafted')).toBe(2);
    expect(articleEventData(drafted)).toEqual({ schemaVersion: 2, data: content });
  });

  it('reads a v1 row, as the first release wrote it, as the same event a v2 row gives', () => {
    const stored = { streamId: `article-${ARTICLE_ID}`, type: 'ArticleDrafted', metadata };
    const fromV1 = articleEventFromStored({ ...stored, schemaVersion: 1, data: { articleId: ARTICLE_ID, ...content } });
    const fromV2 = articleEventFromStored({ ...stored, schemaVersion: 2, data: content });
    expect(fromV1).toEqual(fromV2);
    expect(fromV2).toEqual({ type: 'ArticleDrafted', data: { articleId: ARTICLE_ID, ...content }, ...metadata });
  });

  it('upcasts v1 data to v2 without touching the stored object', () => {
    const v1 = Object.freeze({ articleId: ARTICLE_ID, ...content });
    expect(upcast('ArticleDrafted', 1, v1)).toEqual(content);
    expect(v1.articleId).toBe(ARTICLE_ID);
  });

  it('leaves event types that never changed shape as they are', () => {
    const data = { submittedVersion: 3 };
    expect(upcast('ArticleSubmitted', 1, data)).toBe(data);
  });

  it('refuses a version newer than the code knows, rather than misread it', () => {
    expect(() => upcast('ArticleDrafted', 3, content)).toThrow(/schema version 3 is newer than this code knows \(2\)/);
  });
});

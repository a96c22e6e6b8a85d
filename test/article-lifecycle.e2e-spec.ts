import { join } from 'node:path';
import { loadSeedArticle } from '../src/demo/seed-article';
import { eventCount, people, startTestApp, type TestApp, authorizationsFor } from './support/test-app';

const seed = loadSeedArticle(join(__dirname, 'fixtures', 'seed-article.txt'));

let testApp: TestApp;
let as: Record<keyof typeof people, string>;

beforeAll(async () => {
  testApp = await startTestApp();
  as = await authorizationsFor(testApp);
});
afterAll(() => testApp.close());

/** A fresh copy of the seed article under its own slug, so the specs do not share published URLs. */
const seedDraft = (slug: string) => ({ ...seed.draft, slug });

describe('the seed article, from draft to publication', () => {
  const slug = `russias-ally-belarus-cozies-up-to-china-${Date.now()}`;
  let articleId: string;
  let version: number;

  it('is drafted by an editor', async () => {
    const response = await testApp.http().post('/articles').set('authorization', as.eddie).send(seedDraft(slug)).expect(201);
    articleId = response.body.id;
    version = 1;
    expect(response.headers.location).toBe(`/articles/${articleId}`);
    expect(response.headers.etag).toBe('"1"');
    expect(response.body).toMatchObject({
      status: 'draft',
      version: 1,
      headline: 'Russia’s Ally Belarus Cozies Up to China',
      authors: seed.draft.authors,
      leadImage: seed.draft.leadImage,
    });
    expect(response.body.body).toHaveLength(seed.draft.body.length);
    expect(response.body.body.every((block: { id: string }) => typeof block.id === 'string' && block.id.length > 0)).toBe(true);
  });

  it('has its sources attributed, each write based on the version before it', async () => {
    for (const source of seed.sources) {
      const response = await testApp
        .http()
        .post(`/articles/${articleId}/sources`)
        .set('authorization', as.eddie)
        .set('if-match', `"${version}"`)
        .send(source)
        .expect(201);
      version += 1;
      expect(response.headers.etag).toBe(`"${version}"`);
    }
    const { body } = await testApp.http().get(`/articles/${articleId}`).set('authorization', as.rita).expect(200);
    expect(body.sources.map(({ name, role }: { name: string; role: string }) => ({ name, role }))).toEqual(seed.sources);
  });

  it('is submitted for review', async () => {
    const response = await testApp
      .http()
      .post(`/articles/${articleId}/submit`)
      .set('authorization', as.eddie)
      .set('if-match', `"${version}"`)
      .send({})
      .expect(200);
    version += 1;
    expect(response.body.status).toBe('in_review');
    expect(response.headers.etag).toBe(`"${version}"`);
  });

  it('cannot be approved by its own editor, even one who also holds the reviewer role', async () => {
    const approveAs = (authorization: string) =>
      testApp.http().post(`/articles/${articleId}/approve`).set('authorization', authorization).set('if-match', `"${version}"`);

    const withoutTheRole = await approveAs(as.eddie).expect(403);
    expect(withoutTheRole.body.detail).toMatch(/reviewer role/);

    // Same person (sub "eddie"), now with a reviewer's role too: four eyes still refuses him.
    const selfReview = `Bearer ${await testApp.tokenFor({ ...people.eddie, roles: ['editor', 'reviewer'] })}`;
    const ownCopy = await approveAs(selfReview).expect(403);
    expect(ownCopy.body).toMatchObject({
      type: 'https://copydesk.dev/problems/not-permitted',
      detail: expect.stringMatching(/four eyes/),
    });

    expect(await eventCount(testApp.dataSource, articleId)).toBe(version);
  });

  it('is approved by a different reviewer, naming the version approved', async () => {
    const response = await testApp
      .http()
      .post(`/articles/${articleId}/approve`)
      .set('authorization', as.rita)
      .set('if-match', `"${version}"`)
      .send({})
      .expect(200);
    expect(response.body.approval).toEqual({ version, by: { id: 'rita', name: 'Rita Reviewer' } });
    version += 1;
    expect(response.body.status).toBe('approved');
  });

  it('is not public before it is published', async () => {
    const response = await testApp.http().get(`/published/${slug}`).expect(404);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('is published by a publisher', async () => {
    const response = await testApp
      .http()
      .post(`/articles/${articleId}/publish`)
      .set('authorization', as.paul)
      .set('if-match', `"${version}"`)
      // Sent bare, as `curl -X POST` sends it: no body and no content type.
      .expect(200);
    version += 1;
    expect(response.body.status).toBe('published');
    expect(response.body.publication).toMatchObject({ version: version - 1, kind: 'first' });
  });

  it('reads back as a published article with every part intact', async () => {
    const { body: published } = await testApp.http().get(`/published/${slug}`).expect(200);

    expect(published.headline).toBe(seed.draft.headline);
    expect(published.standfirst).toBeNull();
    expect(published.section).toBe('World');
    expect(published.authors).toEqual([{ name: 'Victor Westerkamp', bio: seed.draft.authors[0].bio }]);
    expect(published.leadImage).toEqual(seed.draft.leadImage);
    expect(published.body.map(({ id: _id, ...block }: { id: string }) => block)).toEqual(seed.draft.body);
    expect(
      published.body.filter((block: { type: string }) => block.type === 'heading').map((block: { text: string }) => block.text),
    ).toEqual(['Promise to hush up about human rights.', 'Mutual stance on Ukraine']);
    // Rendered from structured data, exactly as the original printed them.
    expect(published.attributionLine).toBe('Reuters contributed to this article.');
    expect(published.attributionLine).toBe(seed.expected.attributionLine);
    expect(published.imageCreditLine).toBe('(Image: Video still CCTV/Thomson Reuters)');
    expect(published.imageCreditLine).toBe(seed.expected.imageCreditLine);
    const bodyText = JSON.stringify(published.body);
    expect(bodyText).not.toContain('contributed to this article');
    expect(bodyText).not.toContain('(Image:');
    expect(published.sources).toEqual(seed.sources);
    expect(Date.parse(published.firstPublishedAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(published.updatedAt).toBe(published.firstPublishedAt);
  });

  it('is listed on the public site by section and by tag', async () => {
    for (const filter of ['section=World', 'tag=Belarus']) {
      const { body } = await testApp.http().get(`/published?${filter}&limit=100`).expect(200);
      expect(body.items).toContainEqual(
        expect.objectContaining({ slug, headline: seed.draft.headline, authors: ['Victor Westerkamp'] }),
      );
    }
    const { body: elsewhere } = await testApp.http().get('/published?section=Sport&limit=100').expect(200);
    expect(elsewhere.items.map((item: { slug: string }) => item.slug)).not.toContain(slug);
  });

  it('shows on the desk as published with its current version', async () => {
    const { body } = await testApp.http().get('/articles?status=published&limit=100').set('authorization', as.paul).expect(200);
    const listed = body.items.find((item: { id: string }) => item.id === articleId);
    expect(listed).toMatchObject({
      status: 'published',
      version,
      headline: seed.draft.headline,
      slug,
      authors: ['Victor Westerkamp'],
    });
    expect(listed.firstPublishedAt).not.toBeNull();

    const response = await testApp.http().get(`/articles/${articleId}`).set('authorization', as.eddie).expect(200);
    expect(response.headers.etag).toBe(`"${version}"`);
  });

  it('keeps the published copy while a new working version is edited', async () => {
    const firstParagraph = (await testApp.http().get(`/articles/${articleId}`).set('authorization', as.eddie)).body.body[0];
    const edited = await testApp
      .http()
      .patch(`/articles/${articleId}`)
      .set('authorization', as.eddie)
      .set('if-match', `"${version}"`)
      .send({ body: [{ ...firstParagraph, text: `${firstParagraph.text} (Updated)` }] })
      .expect(200);
    expect(edited.body.status).toBe('draft');

    const { body: published } = await testApp.http().get(`/published/${slug}`).expect(200);
    expect(published.body).toHaveLength(seed.draft.body.length);
    expect(published.body[0].text).toBe(firstParagraph.text);
  });
});

describe('the desk list', () => {
  it('filters by status and pages with a cursor, newest first', async () => {
    const ids: string[] = [];
    for (let index = 0; index < 3; index++) {
      const response = await testApp
        .http()
        .post('/articles')
        .set('authorization', as.erin)
        .send({ ...seedDraft(`desk-${Date.now()}-${index}`), section: 'DeskPaging' })
        .expect(201);
      ids.push(response.body.id);
    }
    const first = await testApp
      .http()
      .get('/articles?status=draft&section=DeskPaging&limit=2')
      .set('authorization', as.rita)
      .expect(200);
    expect(first.body.items.map((item: { id: string }) => item.id)).toEqual([ids[2], ids[1]]);
    const second = await testApp
      .http()
      .get(`/articles?status=draft&section=DeskPaging&limit=2&cursor=${first.body.nextCursor}`)
      .set('authorization', as.rita)
      .expect(200);
    expect(second.body.items.map((item: { id: string }) => item.id)).toEqual([ids[0]]);
    expect(second.body.nextCursor).toBeNull();
    const inReview = await testApp
      .http()
      .get('/articles?status=in_review&section=DeskPaging')
      .set('authorization', as.rita)
      .expect(200);
    expect(inReview.body.items).toEqual([]);
  });
});

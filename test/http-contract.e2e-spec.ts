import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { mintToken } from '../src/auth/tokens';
import { loadSeedArticle } from '../src/demo/seed-article';
import { eventCount, people, startTestApp, type TestApp } from './support/test-app';

const seed = loadSeedArticle(join(__dirname, 'fixtures', 'seed-article.txt'));
const draft = (overrides: Record<string, unknown> = {}) => ({ ...seed.draft, slug: `contract-${randomUUID()}`, ...overrides });

let testApp: TestApp;
let editor: string;
let reviewer: string;
let publisher: string;

beforeAll(async () => {
  testApp = await startTestApp();
  editor = `Bearer ${await testApp.tokenFor(people.eddie)}`;
  reviewer = `Bearer ${await testApp.tokenFor(people.rita)}`;
  publisher = `Bearer ${await testApp.tokenFor(people.paul)}`;
});
afterAll(() => testApp.close());

async function createDraft(
  overrides: Record<string, unknown> = {},
): Promise<{ id: string; body: { id: string; text: string }[] }> {
  const response = await testApp.http().post('/articles').set('authorization', editor).send(draft(overrides)).expect(201);
  return response.body;
}

function expectProblem(
  response: { status: number; headers: Record<string, string>; body: Record<string, unknown> },
  status: number,
) {
  expect(response.status).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(response.body).toMatchObject({
    status,
    title: expect.any(String),
    detail: expect.any(String),
    type: expect.any(String),
  });
}

const failingFields = (response: { body: { errors?: { field: string }[] } }) =>
  (response.body.errors ?? []).map((error) => error.field);

describe('authentication and roles', () => {
  it('refuses a request without a token with 401', async () => {
    const response = await testApp.http().get('/articles');
    expectProblem(response, 401);
    expect(response.headers['www-authenticate']).toMatch(/^Bearer/);
  });

  it('refuses a forged token (signed with another secret) with 401', async () => {
    const forged = await mintToken(people.ada, new TextEncoder().encode('not-the-secret-not-the-secret-not-the-secret'));
    expectProblem(await testApp.http().get('/articles').set('authorization', `Bearer ${forged}`), 401);
  });

  it('refuses an expired token with 401', async () => {
    const expired = await testApp.tokenFor(people.eddie, Math.floor(Date.now() / 1000) - 60);
    const response = await testApp.http().get('/articles').set('authorization', `Bearer ${expired}`);
    expectProblem(response, 401);
    expect(response.body.detail).toMatch(/expired/);
  });

  it('leaves out role names that are not Copydesk roles: a token with only such names may do nothing (403)', async () => {
    const odd = await mintToken({ ...people.eddie, roles: ['superuser' as never, 'offline_access' as never] }, testApp.secret);
    const response = await testApp.http().get('/articles').set('authorization', `Bearer ${odd}`);
    expectProblem(response, 403);
    expect(response.body.detail).toMatch(/you have none/);
  });

  it('refuses the wrong role with 403 and writes nothing', async () => {
    const before = await eventCount(testApp.dataSource);
    const response = await testApp.http().post('/articles').set('authorization', reviewer).send(draft());
    expectProblem(response, 403);
    expect(response.body.detail).toMatch(/editor/);
    expectProblem(
      await testApp
        .http()
        .get('/articles')
        .set('authorization', `Bearer ${await testApp.tokenFor(people.nobody)}`),
      403,
    );
    expect(await eventCount(testApp.dataSource)).toBe(before);
  });

  it('lets an admin do what an editor does', async () => {
    await testApp
      .http()
      .post('/articles')
      .set('authorization', `Bearer ${await testApp.tokenFor(people.ada)}`)
      .send(draft())
      .expect(201);
  });

  it('serves the published site and health without a token', async () => {
    await testApp.http().get('/published').expect(200);
    await testApp.http().get('/health/live').expect(200);
    const ready = await testApp.http().get('/health/ready').expect(200);
    expect(ready.body).toEqual({
      status: 'ok',
      database: 'ok',
      // Reported, not judged: the engine may still be taking its lease as the app comes up.
      projections: {
        'article-activity': expect.stringMatching(/^(running|stopped)$/),
        'webhook-deliveries': expect.stringMatching(/^(running|stopped)$/),
      },
    });
  });
});

describe('If-Match on writes to an existing article', () => {
  it('is required: 428 without it, and nothing is written', async () => {
    const article = await createDraft();
    const response = await testApp
      .http()
      .patch(`/articles/${article.id}`)
      .set('authorization', editor)
      .send({ headline: 'Changed' });
    expectProblem(response, 428);
    expect(await eventCount(testApp.dataSource, article.id)).toBe(1);
  });

  it('must be one entity-tag or *: 400 for anything else', async () => {
    const article = await createDraft();
    const response = await testApp
      .http()
      .patch(`/articles/${article.id}`)
      .set('authorization', editor)
      .set('if-match', '1')
      .send({ headline: 'Changed' });
    expectProblem(response, 400);
    expect(failingFields(response)).toEqual(['If-Match']);
  });

  it('refuses a stale version with 412 and writes nothing', async () => {
    const article = await createDraft();
    await testApp
      .http()
      .patch(`/articles/${article.id}`)
      .set('authorization', editor)
      .set('if-match', '"1"')
      .send({ headline: 'First change' })
      .expect(200);

    const stale = await testApp
      .http()
      .patch(`/articles/${article.id}`)
      .set('authorization', editor)
      .set('if-match', '"1"')
      .send({ headline: 'Second change' });

    expectProblem(stale, 412);
    expect(stale.body.currentVersion).toBe(2);
    const { body } = await testApp.http().get(`/articles/${article.id}`).set('authorization', editor);
    expect(body.headline).toBe('First change');
    expect(await eventCount(testApp.dataSource, article.id)).toBe(2);
  });

  it('lets exactly one of two concurrent edits from the same version through', async () => {
    const article = await createDraft();
    const responses = await Promise.all(
      ['Left tab', 'Right tab'].map((headline) =>
        testApp.http().patch(`/articles/${article.id}`).set('authorization', editor).set('if-match', '"1"').send({ headline }),
      ),
    );
    expect(responses.map((response) => response.status).sort()).toEqual([200, 412]);
    expect(await eventCount(testApp.dataSource, article.id)).toBe(2);
  });

  it('returns the new version as ETag, and an edit that changes nothing keeps it', async () => {
    const article = await createDraft();
    const edited = await testApp
      .http()
      .patch(`/articles/${article.id}`)
      .set('authorization', editor)
      .set('if-match', '"1"')
      .send({ standfirst: 'A new standfirst' })
      .expect(200);
    expect(edited.headers.etag).toBe('"2"');
    const repeated = await testApp
      .http()
      .patch(`/articles/${article.id}`)
      .set('authorization', editor)
      .set('if-match', '"2"')
      .send({ standfirst: 'A new standfirst' })
      .expect(200);
    expect(repeated.headers.etag).toBe('"2"');
    expect(await eventCount(testApp.dataSource, article.id)).toBe(2);
  });
});

describe('bad input is refused with the failing fields named, and writes nothing', () => {
  const cases: [string, () => Record<string, unknown>, string[]][] = [
    ['missing headline and authors', () => ({ ...draft(), headline: undefined, authors: [] }), ['headline', 'authors']],
    ['an unknown field', () => draft({ publishedBy: 'me' }), ['publishedBy']],
    ['an unknown field inside an author', () => draft({ authors: [{ name: 'A', twitter: '@a' }] }), ['authors[0].twitter']],
    ['a heading without a level', () => draft({ body: [{ type: 'heading', text: 'Sub' }] }), ['body[0].level']],
    ['a block of unknown type', () => draft({ body: [{ type: 'video', url: 'https://example.org/v' }] }), ['body[0].type']],
    [
      'a lead image without alt text and a bad url',
      () => draft({ leadImage: { url: 'ftp://x', caption: 'c' } }),
      ['leadImage.url', 'leadImage.alt'],
    ],
    ['a bad slug and language', () => draft({ slug: 'Not A Slug', language: 'English' }), ['slug', 'language']],
    [
      'a paragraph that is only markup',
      () => draft({ body: [{ type: 'paragraph', text: '<script>alert(1)</script>' }] }),
      ['body[0].text'],
    ],
  ];

  it.each(cases)('%s', async (_, body, fields) => {
    const before = await eventCount(testApp.dataSource);
    const response = await testApp.http().post('/articles').set('authorization', editor).send(body());
    expectProblem(response, 400);
    expect(failingFields(response)).toEqual(expect.arrayContaining(fields));
    expect(await eventCount(testApp.dataSource)).toBe(before);
  });

  it('refuses fields on a command that takes none', async () => {
    const article = await createDraft();
    const response = await testApp
      .http()
      .post(`/articles/${article.id}/submit`)
      .set('authorization', editor)
      .set('if-match', '"1"')
      .send({ force: true });
    expectProblem(response, 400);
    expect(failingFields(response)).toEqual(['force']);
    expect(await eventCount(testApp.dataSource, article.id)).toBe(1);
  });

  it('refuses a source with an unknown role', async () => {
    const article = await createDraft();
    const response = await testApp
      .http()
      .post(`/articles/${article.id}/sources`)
      .set('authorization', editor)
      .set('if-match', '"1"')
      .send({ name: 'AP', role: 'friend' });
    expectProblem(response, 400);
    expect(failingFields(response)).toEqual(['role']);
  });

  it('names the first fault of each field as the DTO reads: a missing field is missing, not too long', async () => {
    const response = await testApp
      .http()
      .post('/articles')
      .set('authorization', editor)
      .send({ ...draft(), headline: undefined, section: 'x'.repeat(101) });
    expectProblem(response, 400);
    expect(response.body.errors).toEqual([
      { field: 'headline', messages: ['headline must be a string'] },
      { field: 'section', messages: ['section must be shorter than or equal to 100 characters'] },
    ]);
  });

  it.each([
    ['an array', [draft()]],
    ['a string', 'headline'],
  ])('refuses a body that is %s rather than a JSON object', async (_, body) => {
    const response = await testApp
      .http()
      .post('/articles')
      .set('authorization', editor)
      .set('content-type', 'application/json')
      .send(JSON.stringify(body));
    expectProblem(response, 400);
    expect(failingFields(response)).toEqual(['(body)']);
  });

  it('refuses a body that is not JSON with 415', async () => {
    const response = await testApp
      .http()
      .post('/articles')
      .set('authorization', editor)
      .set('content-type', 'text/plain')
      .send('Russia’s Ally');
    expectProblem(response, 415);
  });

  it('refuses malformed JSON with 400', async () => {
    const response = await testApp
      .http()
      .post('/articles')
      .set('authorization', editor)
      .set('content-type', 'application/json')
      .send('{"headline": ');
    expectProblem(response, 400);
  });

  it('refuses a body over the size limit with 413', async () => {
    const before = await eventCount(testApp.dataSource);
    const huge = draft({ body: Array.from({ length: 2_000 }, () => ({ type: 'paragraph', text: 'x'.repeat(1_000) })) });
    expectProblem(await testApp.http().post('/articles').set('authorization', editor).send(huge), 413);
    expect(await eventCount(testApp.dataSource)).toBe(before);
  });

  it('refuses an article id that is not a UUID with 400, and an unknown one with 404', async () => {
    expectProblem(await testApp.http().get('/articles/not-a-uuid').set('authorization', editor), 400);
    expectProblem(await testApp.http().get(`/articles/${randomUUID()}`).set('authorization', editor), 404);
    expectProblem(
      await testApp
        .http()
        .patch(`/articles/${randomUUID()}`)
        .set('authorization', editor)
        .set('if-match', '"1"')
        .send({ headline: 'x' }),
      404,
    );
  });
});

describe('text is sanitised on the way in', () => {
  it('keeps links and emphasis, drops scripts, handlers and javascript: links', async () => {
    const article = await createDraft({
      headline: 'Belarus <b>pledges</b> support <script>alert(1)</script>',
      body: [
        {
          type: 'paragraph',
          text: 'Read <a href="https://example.org" onclick="steal()">this</a>, <em>not</em> <a href="javascript:alert(1)">that</a><img src=x onerror=alert(1)>',
        },
      ],
    });
    expect(article).toMatchObject({ headline: 'Belarus pledges support' });
    expect(article.body[0].text).toBe('Read <a href="https://example.org">this</a>, <em>not</em> <a>that</a>');
  });
});

describe('workflow refusals', () => {
  it('answers 409 for a transition the status does not allow, 422 for content that cannot go to review', async () => {
    const article = await createDraft({ body: [] });
    expectProblem(
      await testApp.http().post(`/articles/${article.id}/approve`).set('authorization', reviewer).set('if-match', '"1"').send({}),
      409,
    );
    const empty = await testApp
      .http()
      .post(`/articles/${article.id}/submit`)
      .set('authorization', editor)
      .set('if-match', '"1"')
      .send({});
    expectProblem(empty, 422);
    expect(failingFields(empty)).toEqual(['body']);
    expect(await eventCount(testApp.dataSource, article.id)).toBe(1);
  });

  it('refuses to publish a second article at a slug already published (409), writing nothing', async () => {
    const slug = `shared-slug-${randomUUID()}`;
    const publish = async () => {
      const article = await createDraft({ slug });
      await testApp
        .http()
        .post(`/articles/${article.id}/submit`)
        .set('authorization', editor)
        .set('if-match', '"1"')
        .send({})
        .expect(200);
      await testApp
        .http()
        .post(`/articles/${article.id}/approve`)
        .set('authorization', reviewer)
        .set('if-match', '"2"')
        .send({})
        .expect(200);
      return {
        id: article.id,
        response: await testApp
          .http()
          .post(`/articles/${article.id}/publish`)
          .set('authorization', publisher)
          .set('if-match', '"3"')
          .send({}),
      };
    };
    expect((await publish()).response.status).toBe(200);
    const second = await publish();
    expectProblem(second.response, 409);
    expect(second.response.body.slug).toBe(slug);
    expect(await eventCount(testApp.dataSource, second.id)).toBe(3);
  });
});

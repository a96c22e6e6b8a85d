import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Response } from 'supertest';
import { loadSeedArticle } from '../src/demo/seed-article';
import { eventCount, people, startTestApp, type TestApp, authorizationsFor } from './support/test-app';

const seed = loadSeedArticle(join(__dirname, 'fixtures', 'seed-article.txt'));
const draft = (overrides: Record<string, unknown> = {}) => ({ ...seed.draft, slug: `idempotent-${randomUUID()}`, ...overrides });

let testApp: TestApp;
let as: Record<keyof typeof people, string>;

beforeAll(async () => {
  testApp = await startTestApp();
  as = await authorizationsFor(testApp);
});
afterAll(() => testApp.close());

/** What a client sees of an answer: a replay must be indistinguishable from the first one. */
const answerOf = (response: Response) => ({
  status: response.status,
  etag: response.headers.etag,
  location: response.headers.location,
  body: response.body,
});

function createDraft(key: string | null, authorization = as.eddie, body: object = draft()) {
  const request = testApp.http().post('/articles').set('authorization', authorization);
  return (key === null ? request : request.set('idempotency-key', key)).send(body);
}

function editHeadline(articleId: string, version: number, headline: string, key: string | null, authorization = as.eddie) {
  const request = testApp
    .http()
    .patch(`/articles/${articleId}`)
    .set('authorization', authorization)
    .set('if-match', `"${version}"`);
  return (key === null ? request : request.set('idempotency-key', key)).send({ headline });
}

async function eventsWithKey(key: string): Promise<{ stream_id: string; type: string; actor: string }[]> {
  return testApp.dataSource.query(
    `SELECT stream_id, type, metadata->'actor'->>'id' AS actor FROM events WHERE metadata->>'idempotencyKey' = $1 ORDER BY position`,
    [key],
  );
}

function expectKeyProblem(response: Response, status: number) {
  expect(response.status).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(response.body.errors).toEqual([{ field: 'Idempotency-Key', messages: [expect.any(String)] }]);
}

describe('a retried command with the same Idempotency-Key', () => {
  it('creates one article: the retry gets the same id, Location, ETag and body, and no second ArticleDrafted', async () => {
    const key = randomUUID();
    const body = draft();

    const first = await createDraft(key, as.eddie, body).expect(201);
    const retry = await createDraft(key, as.eddie, body);

    expect(answerOf(retry)).toEqual(answerOf(first));
    expect(first.headers.location).toBe(`/articles/${first.body.id}`);
    expect(await eventsWithKey(key)).toEqual([{ stream_id: `article-${first.body.id}`, type: 'ArticleDrafted', actor: 'eddie' }]);
    const onTheDesk = await testApp.dataSource.query(`SELECT article_id FROM desk_articles WHERE slug = $1`, [body.slug]);
    expect(onTheDesk).toEqual([{ article_id: first.body.id }]);
  });

  it('answers 16 concurrent retries of a create with one article, the same for all', async () => {
    const key = randomUUID();
    const body = draft();

    const responses = await Promise.all(Array.from({ length: 16 }, () => createDraft(key, as.eddie, body)));

    const answers = responses.map(answerOf);
    expect(answers[0].status).toBe(201);
    for (const answer of answers) expect(answer).toEqual(answers[0]);
    expect(await eventsWithKey(key)).toEqual([
      { stream_id: `article-${answers[0].body.id}`, type: 'ArticleDrafted', actor: 'eddie' },
    ]);
  });

  it('answers an edit retried after another edit with the first answer, and writes nothing', async () => {
    const { body: article } = await createDraft(null).expect(201);
    const key = randomUUID();

    const first = await editHeadline(article.id, 1, 'Minsk and Beijing sign a pact', key).expect(200);
    await editHeadline(article.id, 2, 'A colleague changed it since', null, as.erin).expect(200);
    const retry = await editHeadline(article.id, 1, 'Minsk and Beijing sign a pact', key);

    expect(answerOf(retry)).toEqual(answerOf(first));
    expect(retry.body).toMatchObject({ version: 2, headline: 'Minsk and Beijing sign a pact' });
    expect(await eventCount(testApp.dataSource, article.id)).toBe(3);
    const { body: now } = await testApp.http().get(`/articles/${article.id}`).set('authorization', as.eddie).expect(200);
    expect(now.headline).toBe('A colleague changed it since');
  });

  it('attributes one source: the retry points to the same source', async () => {
    const { body: article } = await createDraft(null).expect(201);
    const key = randomUUID();
    const attribute = () =>
      testApp
        .http()
        .post(`/articles/${article.id}/sources`)
        .set('authorization', as.eddie)
        .set('if-match', '"1"')
        .set('idempotency-key', key)
        .send(seed.sources[0]);

    const first = await attribute().expect(201);
    const retry = await attribute();

    expect(answerOf(retry)).toEqual(answerOf(first));
    expect(first.headers.location).toBe(`/articles/${article.id}/sources/${first.body.sources[0].id}`);
    expect(await eventsWithKey(key)).toEqual([expect.objectContaining({ type: 'SourceAttributed' })]);
  });

  it('works on every command route, bare POSTs included, and puts the key in each event it writes', async () => {
    const { body: article } = await createDraft(null).expect(201);
    const keys = { remove: randomUUID(), submit: randomUUID(), approve: randomUUID(), publish: randomUUID() };
    const { body: withSource } = await testApp
      .http()
      .post(`/articles/${article.id}/sources`)
      .set('authorization', as.eddie)
      .set('if-match', '"1"')
      .send(seed.sources[0])
      .expect(201);
    const twice = async (send: () => Promise<Response>) => {
      const first = await send();
      expect(answerOf(await send())).toEqual(answerOf(first));
      return first;
    };
    const command = (method: 'post' | 'delete', path: string, version: number, key: string, who: string) => () =>
      testApp.http()[method](path).set('authorization', who).set('if-match', `"${version}"`).set('idempotency-key', key);

    await twice(command('delete', `/articles/${article.id}/sources/${withSource.sources[0].id}`, 2, keys.remove, as.eddie)).then(
      (response) => expect(response.status).toBe(200),
    );
    await twice(command('post', `/articles/${article.id}/submit`, 3, keys.submit, as.eddie)).then((response) =>
      expect(response.body.status).toBe('in_review'),
    );
    await twice(command('post', `/articles/${article.id}/approve`, 4, keys.approve, as.rita)).then((response) =>
      expect(response.body.status).toBe('approved'),
    );
    await twice(command('post', `/articles/${article.id}/publish`, 5, keys.publish, as.paul)).then((response) =>
      expect(response.body.status).toBe('published'),
    );

    expect(await eventCount(testApp.dataSource, article.id)).toBe(6);
    for (const [type, key] of [
      ['SourceRemoved', keys.remove],
      ['ArticleSubmitted', keys.submit],
      ['ArticleApproved', keys.approve],
      ['ArticlePublished', keys.publish],
    ]) {
      expect(await eventsWithKey(key)).toEqual([expect.objectContaining({ stream_id: `article-${article.id}`, type })]);
    }
  });

  it('reads an absent body and {} as the same request', async () => {
    const { body: article } = await createDraft(null).expect(201);
    const key = randomUUID();
    const submit = () =>
      testApp
        .http()
        .post(`/articles/${article.id}/submit`)
        .set('authorization', as.eddie)
        .set('if-match', '"1"')
        .set('idempotency-key', key);

    const first = await submit().expect(200);
    expect(answerOf(await submit().send({}))).toEqual(answerOf(first));
  });
});

describe('the same key with a different request', () => {
  it('is refused with 422 naming the header, for a different body, If-Match or route, and writes nothing', async () => {
    const { body: article } = await createDraft(null).expect(201);
    const key = randomUUID();
    await editHeadline(article.id, 1, 'The first request', key).expect(200);
    const before = await eventCount(testApp.dataSource);

    const otherBody = await editHeadline(article.id, 1, 'Another request', key);
    const otherVersion = await editHeadline(article.id, 2, 'The first request', key);
    const otherRoute = await testApp
      .http()
      .post(`/articles/${article.id}/submit`)
      .set('authorization', as.eddie)
      .set('if-match', '"2"')
      .set('idempotency-key', key);
    const otherCommand = await createDraft(key);

    for (const response of [otherBody, otherVersion, otherRoute, otherCommand]) {
      expectKeyProblem(response, 422);
      expect(response.body.type).toBe('https://copydesk.dev/problems/idempotency-key-reused');
    }
    expect(await eventCount(testApp.dataSource)).toBe(before);
  });

  it('from another actor is that actor’s own key: both requests run', async () => {
    const key = `shared-${randomUUID()}`;

    const body = draft();

    const byEddie = await createDraft(key, as.eddie, body).expect(201);
    const byErin = await createDraft(key, as.erin, body).expect(201);

    expect(byErin.body.id).not.toBe(byEddie.body.id);
    expect((await eventsWithKey(key)).map(({ actor, type }) => ({ actor, type }))).toEqual([
      { actor: 'eddie', type: 'ArticleDrafted' },
      { actor: 'erin', type: 'ArticleDrafted' },
    ]);
    expect(answerOf(await createDraft(key, as.erin, body))).toEqual(answerOf(byErin));
  });
});

describe('a command that failed', () => {
  it('stores no key: retried with a corrected If-Match, it runs', async () => {
    const { body: article } = await createDraft(null).expect(201);
    await editHeadline(article.id, 1, 'Someone was faster', null, as.erin).expect(200);
    const key = randomUUID();

    const stale = await editHeadline(article.id, 1, 'My change', key);
    expect(stale.status).toBe(412);
    expect(await eventsWithKey(key)).toEqual([]);

    const corrected = await editHeadline(article.id, 2, 'My change', key).expect(200);
    expect(corrected.headers.etag).toBe('"3"');
    expect(await eventsWithKey(key)).toEqual([expect.objectContaining({ type: 'ArticleEdited', actor: 'eddie' })]);
  });
});

describe('an invalid Idempotency-Key', () => {
  it.each([
    ['empty', ''],
    ['longer than 255 characters', 'k'.repeat(256)],
    ['not printable', 'draft\t17'],
  ])('is refused with 400 naming the header when it is %s, and nothing is written', async (_, key) => {
    const before = await eventCount(testApp.dataSource);

    expectKeyProblem(await createDraft(key), 400);

    expect(await eventCount(testApp.dataSource)).toBe(before);
  });

  it('is refused on a write to an existing article too', async () => {
    const { body: article } = await createDraft(null).expect(201);
    expectKeyProblem(await editHeadline(article.id, 1, 'Never written', ''), 400);
    expect(await eventCount(testApp.dataSource, article.id)).toBe(1);
  });
});

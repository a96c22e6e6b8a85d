import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { loadSeedArticle } from '../src/demo/seed-article';
import { EventStore } from '../src/event-store/event-store';
import { ArticleDriver } from './support/desk-client';
import { openScratchDatabase, type ScratchDatabase } from './support/scratch-database';
import { eventCount, people, startTestApp, type TestApp } from './support/test-app';

/**
 * The findings of a hostile test, one by one: each bad input gets a 4xx problem that names what is
 * wrong and writes nothing, and a stored event no reader can interpret breaks no reader.
 */
const seed = loadSeedArticle(join(__dirname, 'fixtures', 'seed-article.txt'));
const draft = (overrides: Record<string, unknown> = {}) => ({ ...seed.draft, slug: `hardening-${randomUUID()}`, ...overrides });

let testApp: TestApp;
let tokens: Map<string, string>;
const editor = () => tokens.get(people.eddie.id)!;

beforeAll(async () => {
  testApp = await startTestApp();
  tokens = await ArticleDriver.tokensFor(testApp, [people.eddie, people.rita, people.paul, people.audrey]);
});
afterAll(() => testApp.close());

type Answer = { status: number; headers: Record<string, string>; body: { errors?: { field: string }[]; [key: string]: unknown } };

function expectProblem(response: Answer, status: number, field?: string): void {
  expect({ status: response.status, type: response.headers['content-type'] }).toEqual({
    status,
    type: expect.stringMatching(/^application\/problem\+json/),
  });
  expect(response.body).toMatchObject({ status, title: expect.any(String), detail: expect.any(String) });
  if (field !== undefined) expect((response.body.errors ?? []).map((error) => error.field)).toContain(field);
}

async function newArticle(): Promise<ArticleDriver> {
  const article = new ArticleDriver(testApp, tokens);
  expect((await article.create(people.eddie, draft())).status).toBe(201);
  return article;
}

/** The request must be refused as `status` naming `field`, and leave the article's events as they were. */
async function refusedEdit(body: unknown, field: string, status = 400): Promise<void> {
  const article = await newArticle();
  const response = await testApp
    .http()
    .patch(`/articles/${article.id}`)
    .set('authorization', editor())
    .set('if-match', '"1"')
    .set('content-type', 'application/json')
    .send(JSON.stringify(body));
  expectProblem(response, status, field);
  expect(await eventCount(testApp.dataSource, article.id)).toBe(1);
}

describe('malformed content never reaches the store', () => {
  it.each([
    ['a block with no type and no text', { body: [{}] }, 'body[0].type'],
    ['a null block', { body: [null] }, 'body[0]'],
    ['a block of an unknown type', { body: [{ type: 'video', url: 'https://example.com' }] }, 'body[0].type'],
    ['a paragraph with no text', { body: [{ type: 'paragraph' }] }, 'body[0].text'],
    ['an image block with no alt', { body: [{ type: 'image', url: 'https://example.com/a.jpg' }] }, 'body[0].alt'],
    ['a lead image that is a list', { leadImage: [] }, 'leadImage'],
    ['a lead image with no url', { leadImage: { alt: 'x' } }, 'leadImage.url'],
    ['a null headline', { headline: null }, 'headline'],
    ['a null section', { section: null }, 'section'],
    ['a null language', { language: null }, 'language'],
    ['null tags', { tags: null }, 'tags'],
    ['a null tag', { tags: [null] }, 'tags[0]'],
    ['null authors', { authors: null }, 'authors'],
    ['a null slug', { slug: null }, 'slug'],
    ['null related links', { relatedLinks: null }, 'relatedLinks'],
  ])('refuses %s with a 400 naming the field', (_, body, field) => refusedEdit(body, field));

  it.each(['hasOwnProperty', 'toString', 'constructor', 'valueOf', 'isPrototypeOf'])(
    'refuses an unknown field named %s, as every unknown field is refused',
    async (name) => {
      await refusedEdit({ headline: 'A new headline', [name]: 1 }, name);
      const article = await newArticle();
      const spike = await testApp
        .http()
        .post(`/articles/${article.id}/spike`)
        .set('authorization', editor())
        .set('if-match', '"1"')
        .set('content-type', 'application/json')
        .send(`{"reason":"x","${name}":1}`);
      expectProblem(spike, 400, name);
      expect(await eventCount(testApp.dataSource, article.id)).toBe(1);
    },
  );

  it('refuses a nested unknown field named like a prototype member', () =>
    refusedEdit({ authors: [{ name: 'A', toString: 'x' }] }, 'authors[0].toString'));

  it('keeps the documented meaning of null where a field can be cleared: no standfirst, no lead image', async () => {
    const article = await newArticle();
    const response = await article.edit(people.eddie, { standfirst: null, leadImage: null });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ standfirst: null, leadImage: null });
  });

  it('refuses null in a draft as in an edit', async () => {
    for (const field of ['headline', 'section', 'language', 'tags', 'authors', 'body']) {
      const response = await testApp
        .http()
        .post('/articles')
        .set('authorization', editor())
        .send(draft({ [field]: null }));
      expectProblem(response, 400, field);
    }
  });
});

describe('text PostgreSQL cannot store', () => {
  it.each([
    ['NUL in a headline', { headline: 'Belarus\u0000 cozies up' }, 'headline'],
    ['a lone high surrogate in a paragraph', { body: [{ type: 'paragraph', text: 'half \ud800 a pair' }] }, 'body[0].text'],
    ['a lone low surrogate in a tag', { tags: ['\udc00'] }, 'tags[0]'],
    ['NUL in an author name', { authors: [{ name: 'Ed\u0000' }] }, 'authors[0].name'],
  ])('refuses %s with a 400 naming the field', (_, body, field) => refusedEdit(body, field));

  it('refuses NUL in a field name too', () => refusedEdit({ 'head\u0000line': 'x' }, 'head\u0000line'));

  it.each([
    ['/articles?q=%00', 'q'],
    ['/articles?section=desk%00', 'section'],
    ['/audit?actor=%00', 'actor'],
  ])('refuses %s with a 400 naming the parameter', async (path, field) => {
    const token = path.startsWith('/audit') ? tokens.get(people.audrey.id)! : editor();
    expectProblem(await testApp.http().get(path).set('authorization', token), 400, field);
  });

  it.each([
    ['/published?tag=%00', 'tag'],
    ['/published?q=a%00b', 'q'],
    ['/published/%00', 'slug'],
  ])('refuses %s on the public side with a 400 naming the parameter', async (path, field) => {
    expectProblem(await testApp.http().get(path), 400, field);
  });

  it.each([
    ['sub', { sub: 'ed\u0000die' }],
    ['name', { name: 'Eddie\ud800' }],
  ])('refuses a token whose %s claim holds text PostgreSQL cannot store, naming the claim', async (claim, claims) => {
    const token = await new SignJWT({ name: 'Eddie', roles: ['editor'], ...claims })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject((claims as { sub?: string }).sub ?? 'eddie')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(testApp.secret);
    const before = await eventCount(testApp.dataSource);
    const response = await testApp.http().post('/articles').set('authorization', `Bearer ${token}`).send(draft());
    expectProblem(response, 400, `token.${claim}`);
    expect(await eventCount(testApp.dataSource)).toBe(before);
  });
});

describe('times PostgreSQL cannot hold', () => {
  it.each([
    '0000-06-01T00:00:00Z',
    '-000001-06-01T00:00:00Z',
    '+010000-01-01T00:00:00Z',
    '10000-01-01T00:00:00Z',
    '9999-12-31T23:00:00-16:00',
    '2031-01-01T00:00:00+16:00',
    '2031-01-01T00:00:00+15:60',
  ])('refuses publish at %s with a 400 naming at', async (at) => {
    const article = await newArticle();
    const response = await article.act(people.paul, 'publish', { at });
    expectProblem(response, 400, 'at');
  });

  it.each(['from', 'to'])('refuses an audit %s of year 0000 or past 9999 with a 400 naming it', async (field) => {
    for (const time of ['0000-01-01T00:00:00Z', '+010000-01-01T00:00:00Z', '2026-01-01T00:00:00+16:00']) {
      const response = await testApp
        .http()
        .get('/audit')
        .query({ [field]: time })
        .set('authorization', tokens.get(people.audrey.id)!);
      expectProblem(response, 400, field);
    }
  });

  it.each([
    { updatedAt: '+010000-01-01T00:00:00.000Z', id: randomUUID() },
    { updatedAt: '0000-01-01T00:00:00.000Z', id: randomUUID() },
    { updatedAt: '2026-01-01T00:00:00.000Z', id: 'not-a-uuid' },
    { updatedAt: '2026-01-01T00:00:00.000Z', id: '\u0000' },
  ])('refuses a desk cursor holding %j with a 400 naming cursor', async (cursor) => {
    const encoded = Buffer.from(JSON.stringify(cursor)).toString('base64url');
    const response = await testApp.http().get('/articles').query({ cursor: encoded }).set('authorization', editor());
    expectProblem(response, 400, 'cursor');
  });
});

it.each([
  { at: '+010000-01-01T00:00:00.000Z', id: randomUUID() },
  { at: '0000-01-01T00:00:00.000Z', id: randomUUID() },
  { at: '2026-01-01T00:00:00.000Z', id: 'not-a-uuid' },
])('refuses a public list cursor holding %j with a 400 naming cursor', async (cursor) => {
  const encoded = Buffer.from(JSON.stringify(cursor)).toString('base64url');
  expectProblem(await testApp.http().get('/published').query({ cursor: encoded }), 400, 'cursor');
});

describe('deep JSON', () => {
  it.each([
    ['arrays', '['.repeat(10_000) + ']'.repeat(10_000)],
    ['objects', '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000)],
  ])('refuses 10,000 levels of nested %s before validating them', async (_, text) => {
    const before = await eventCount(testApp.dataSource);
    const response = await testApp
      .http()
      .post('/articles')
      .set('authorization', editor())
      .set('content-type', 'application/json')
      .send(text);
    expectProblem(response, 400);
    expect(String(response.body.detail)).toMatch(/deeper than \d+ levels/);
    expect(await eventCount(testApp.dataSource)).toBe(before);
  });

  it('takes the deepest a real article goes (body → block → field)', async () => {
    const article = await newArticle();
    expect((await article.edit(people.eddie, { authors: [{ name: 'Deep Enough' }] })).status).toBe(200);
  });
});

describe('every refusal is problem+json', () => {
  it('an article id longer than a route parameter may be', async () => {
    const response = await testApp
      .http()
      .get(`/articles/${'a'.repeat(150)}`)
      .set('authorization', editor());
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expectProblem(response, response.status);
  });

  it('bad percent-encoding in the path', async () => {
    expectProblem(await testApp.http().get('/published/%E0%A4%A'), 400);
  });

  it('a bad UUID names the parameter', async () => {
    const response = await testApp.http().get('/articles/not-a-uuid').set('authorization', editor());
    expectProblem(response, 400, 'id');
    expect(String(response.body.detail)).toMatch(/\bid\b/);
  });

  it('headers too large for the server', async () => {
    const response = await testApp.http().get('/published').set('x-filler', 'x'.repeat(40_000));
    expectProblem(response, 431);
  });
});

describe('smaller findings', () => {
  it('every loser of a race gets a 412 with the current version', async () => {
    const article = await newArticle();
    const answers = await Promise.all(
      Array.from({ length: 16 }, (_, index) =>
        testApp
          .http()
          .patch(`/articles/${article.id}`)
          .set('authorization', editor())
          .set('if-match', '"1"')
          .send({ headline: `Racer ${index}` }),
      ),
    );
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    for (const loser of answers.filter((answer) => answer.status !== 200)) {
      expectProblem(loser, 412);
      expect(loser.body.currentVersion).toBe(2);
    }
  });

  it('a charset other than UTF-8 gets 415', async () => {
    const response = await testApp
      .http()
      .post('/articles')
      .set('authorization', editor())
      .set('content-type', 'application/json; charset=utf-16')
      .send(JSON.stringify(draft()));
    expectProblem(response, 415);
    const utf8 = await testApp
      .http()
      .post('/articles')
      .set('authorization', editor())
      .set('content-type', 'application/json; charset=UTF-8')
      .send(JSON.stringify(draft()));
    expect(utf8.status).toBe(201);
  });

  it('If-Match "01" is not version 1: it matches no version (412)', async () => {
    const article = await newArticle();
    const response = await testApp
      .http()
      .patch(`/articles/${article.id}`)
      .set('authorization', editor())
      .set('if-match', '"01"')
      .send({ headline: 'Zero-padded' });
    expectProblem(response, 412, 'If-Match');
  });

  it('refuses "Bearer <jwt> extra"', async () => {
    const response = await testApp.http().get('/articles').set('authorization', `${editor()} extra`);
    expectProblem(response, 401);
  });

  const signed = (claims: Record<string, unknown>, build: (jwt: SignJWT) => SignJWT) =>
    build(new SignJWT({ name: 'Eddie', roles: ['editor'], ...claims }).setProtectedHeader({ alg: 'HS256' })).sign(testApp.secret);
  const now = () => Math.floor(Date.now() / 1000);

  it.each([
    [
      'issued an hour in the future',
      (jwt: SignJWT) =>
        jwt
          .setSubject('eddie')
          .setIssuedAt(now() + 3600)
          .setExpirationTime(now() + 7200),
    ],
    ['expiring in the year 3000', (jwt: SignJWT) => jwt.setSubject('eddie').setIssuedAt().setExpirationTime(32_503_680_000)],
    ['acting as the scheduler', (jwt: SignJWT) => jwt.setSubject('copydesk-scheduler').setIssuedAt().setExpirationTime('1h')],
  ])('refuses a token %s', async (_, build) => {
    const token = await signed({}, build);
    expectProblem(await testApp.http().get('/articles').set('authorization', `Bearer ${token}`), 401);
  });
});

describe('a stored event that no reader can interpret', () => {
  // Its own database: the malformed row stays there for good, as it would in production.
  let scratch: ScratchDatabase;
  let scratchApp: TestApp;
  let article: ArticleDriver;

  beforeAll(async () => {
    scratch = await openScratchDatabase();
    scratchApp = await startTestApp({ DATABASE_URL: scratch.url });
    const scratchTokens = await ArticleDriver.tokensFor(scratchApp, [people.eddie, people.rita, people.paul, people.audrey]);
    article = new ArticleDriver(scratchApp, scratchTokens);
    expect((await article.create(people.eddie, draft())).status).toBe(201);
    // What the hostile test stored before the rules existed: a block with no type and no text. Only
    // the store's own append can still write it, as rows from older versions were written.
    await scratchApp.app.get(EventStore).append(`article-${article.id}`, 1, [
      {
        eventId: randomUUID(),
        type: 'ArticleEdited',
        data: { changes: {}, bodyOperations: [{ op: 'insert', after: null, block: { id: 'broken' } }] },
        metadata: { actor: people.eddie, occurredAt: new Date().toISOString(), requestId: 'r', commandId: 'c' },
      },
    ]);
    article.version = 2;
    expect((await article.edit(people.eddie, { headline: 'After the broken event' })).status).toBe(200);
  });
  afterAll(async () => {
    await scratchApp.close();
    await scratch.drop();
  });

  const auditor = () => scratchApp.tokenFor(people.audrey).then((token) => `Bearer ${token}`);

  it('is listed in the history as unreadable, between readable events', async () => {
    const response = await scratchApp
      .http()
      .get(`/articles/${article.id}/history`)
      .set('authorization', `Bearer ${await scratchApp.tokenFor(people.eddie)}`)
      .expect(200);
    expect(response.body.items.map((item: { readable: boolean }) => item.readable)).toEqual([true, false, true]);
    expect(response.body.items[1]).toMatchObject({
      type: 'ArticleEdited',
      summary: expect.stringContaining('cannot read'),
      actor: { id: 'eddie' },
    });
  });

  it('is on its audit page and in a complete NDJSON export', async () => {
    const page = await scratchApp
      .http()
      .get('/audit')
      .query({ article: article.id })
      .set('authorization', await auditor());
    expect(page.status).toBe(200);
    expect(page.body.items).toHaveLength(3);
    const exported = await scratchApp
      .http()
      .get('/audit')
      .set('authorization', await auditor())
      .set('accept', 'application/x-ndjson')
      .buffer(true)
      .parse((res, done) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
        res.on('end', () => done(null, text));
      });
    expect(exported.status).toBe(200);
    const lines = String(exported.body)
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines).toHaveLength(await eventCount(scratch.dataSource));
  });

  it('changes nothing in versions, diffs, the working copy or the desk, and the article goes on', async () => {
    const editorToken = `Bearer ${await scratchApp.tokenFor(people.eddie)}`;
    const version2 = await scratchApp.http().get(`/articles/${article.id}/versions/2`).set('authorization', editorToken);
    expect(version2.status).toBe(200);
    expect(version2.body.body.map((block: { id: string }) => block.id)).not.toContain('broken');
    expect(
      (await scratchApp.http().get(`/articles/${article.id}/diff?from=1&to=3`).set('authorization', editorToken)).status,
    ).toBe(200);
    const working = await article.read(people.eddie);
    expect(working.status).toBe(200);
    expect(working.body.headline).toBe('After the broken event');
    expect((await scratchApp.http().get('/articles').set('authorization', editorToken)).status).toBe(200);
    expect((await article.act(people.eddie, 'submit')).status).toBe(200);
    expect((await article.act(people.rita, 'approve')).status).toBe(200);
    expect((await article.act(people.paul, 'publish')).status).toBe(200);
  });
});

import { randomUUID } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { loadSeedArticle } from '../src/demo/seed-article';
import { CONTENT_SECURITY_POLICY } from '../src/common/http-protections';
import { PUBLIC_CACHE } from '../src/published/conditional-get';
import { ArticleDriver } from './support/desk-client';
import { eventCount, people, startTestApp, type TestApp } from './support/test-app';

const seed = loadSeedArticle(join(__dirname, 'fixtures', 'seed-article.txt'));
const draft = () => ({ ...seed.draft, slug: `semantics-${randomUUID()}` });

let testApp: TestApp;
let tokens: Map<string, string>;
const as = (who: keyof typeof people) => tokens.get(people[who].id)!;

beforeAll(async () => {
  testApp = await startTestApp();
  tokens = await ArticleDriver.tokensFor(testApp, Object.values(people));
});
afterAll(() => testApp.close());

async function newDraft(): Promise<ArticleDriver> {
  const article = new ArticleDriver(testApp, tokens);
  expect((await article.create(people.eddie, draft())).status).toBe(201);
  return article;
}

/** A published article, through the real workflow. */
async function publishedArticle(): Promise<{ article: ArticleDriver; slug: string }> {
  const article = await newDraft();
  for (const [who, action] of [
    [people.eddie, 'submit'],
    [people.rita, 'approve'],
    [people.paul, 'publish'],
  ] as const) {
    expect((await article.act(who, action)).status).toBe(200);
  }
  const { body } = await testApp.http().get(`/articles/${article.id}`).set('authorization', as('eddie'));
  return { article, slug: body.slug };
}

function expectProblem(response: { status: number; headers: Record<string, string>; body: { status?: number } }, status: number) {
  expect(response.status).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(response.body.status).toBe(status);
}

const fields = (response: { body: { errors?: { field: string }[] } }) => (response.body.errors ?? []).map((error) => error.field);

describe('If-Match compares strongly (RFC 9110 §13.1.1)', () => {
  it('answers a weak tag of the current version with 412 naming If-Match, and writes nothing', async () => {
    const article = await newDraft();
    const response = await testApp
      .http()
      .patch(`/articles/${article.id}`)
      .set('authorization', as('eddie'))
      .set('if-match', 'W/"1"')
      .send({ headline: 'Weakly matched' });
    expectProblem(response, 412);
    expect(fields(response)).toEqual(['If-Match']);
    expect(await eventCount(testApp.dataSource, article.id)).toBe(1);
  });

  it('takes * as any current version of an article that exists', async () => {
    const article = await newDraft();
    await article.edit(people.eddie, { standfirst: 'Now at version 2.' });
    const response = await testApp
      .http()
      .patch(`/articles/${article.id}`)
      .set('authorization', as('eddie'))
      .set('if-match', '*')
      .send({ headline: 'Whatever the version' })
      .expect(200);
    expect(response.headers.etag).toBe('"3"');
  });

  it('answers * on an article that does not exist with 412, not 404', async () => {
    const response = await testApp
      .http()
      .post(`/articles/${randomUUID()}/submit`)
      .set('authorization', as('eddie'))
      .set('if-match', '*');
    expectProblem(response, 412);
    expect(fields(response)).toEqual(['If-Match']);
  });

  it.each(['*', '"1"'])(
    'answers If-Match %s on a create with 412: a new article has no version, and none is made',
    async (tag) => {
      const before = await eventCount(testApp.dataSource);
      const response = await testApp
        .http()
        .post('/articles')
        .set('authorization', as('eddie'))
        .set('if-match', tag)
        .send(draft());
      expectProblem(response, 412);
      expect(fields(response)).toEqual(['If-Match']);
      expect(await eventCount(testApp.dataSource)).toBe(before);
    },
  );
});

describe('methods and representations', () => {
  it.each([
    ['PUT', '/articles', 'GET, HEAD, POST'],
    ['DELETE', `/articles/${randomUUID()}`, 'GET, HEAD, PATCH'],
    ['GET', `/articles/${randomUUID()}/submit`, 'POST'],
    ['POST', '/published', 'GET, HEAD'],
  ])('answers %s %s with 405 and Allow: %s', async (method, path, allow) => {
    const response = await testApp.http()[method.toLowerCase() as 'get'](path).set('authorization', as('eddie'));
    expectProblem(response, 405);
    expect(response.headers.allow).toBe(allow);
  });

  it('still answers a path it does not know with 404', async () => {
    expectProblem(await testApp.http().put('/nowhere').set('authorization', as('eddie')), 404);
  });

  it('answers 406, as problem+json, when Accept takes nothing the route can send', async () => {
    const article = await newDraft();
    const response = await testApp
      .http()
      .get(`/articles/${article.id}`)
      .set('authorization', as('eddie'))
      .set('accept', 'text/html');
    expectProblem(response, 406);
    expect(fields(response)).toEqual(['Accept']);
    for (const accept of [
      'application/json',
      'application/*',
      '*/*',
      'text/html, */*;q=0.1',
      'application/json; charset=utf-8',
    ]) {
      await testApp.http().get(`/articles/${article.id}`).set('authorization', as('eddie')).set('accept', accept).expect(200);
    }
  });

  it('negotiates the public formats by their own types and the general ones they are instances of', async () => {
    const { slug } = await publishedArticle();
    const cases: [string, string, number][] = [
      [`/published/${slug}`, 'application/json', 200],
      [`/published/${slug}`, 'text/html', 406],
      [`/published/${slug}/jsonld`, 'application/ld+json', 200],
      [`/published/${slug}/jsonld`, 'application/json', 200],
      [`/published/${slug}/jsonld`, 'application/xml', 406],
      ['/feeds/atom', 'application/atom+xml', 200],
      ['/feeds/rss', 'application/rss+xml, application/xml;q=0.4', 200],
      ['/feeds/atom', 'text/xml', 200],
      ['/feeds/atom', 'application/json', 406],
      ['/feeds/json', 'application/feed+json', 200],
      ['/sitemaps/news.xml', 'application/xml', 200],
      ['/sitemaps/news.xml', 'application/json', 406],
    ];
    for (const [path, accept, status] of cases) {
      const response = await testApp.http().get(path).set('accept', accept);
      expect({ path, accept, status: response.status }).toEqual({ path, accept, status });
    }
  });

  it('picks the audit log’s format by Accept, q-values included, and says it varies by it', async () => {
    const ndjson = await testApp
      .http()
      .get('/audit?limit=1')
      .set('authorization', as('audrey'))
      .set('accept', 'application/json;q=0.5, application/x-ndjson');
    expect(ndjson.headers['content-type']).toMatch(/^application\/x-ndjson/);
    const json = await testApp
      .http()
      .get('/audit?limit=1')
      .set('authorization', as('audrey'))
      .set('accept', 'application/x-ndjson;q=0.5, application/json');
    expect(json.headers['content-type']).toMatch(/^application\/json/);
    expect(json.headers.vary).toMatch(/Accept/);
    expectProblem(await testApp.http().get('/audit').set('authorization', as('audrey')).set('accept', 'text/csv'), 406);
  });
});

describe('revalidation of newsroom reads (If-None-Match → 304)', () => {
  it('answers 304 with no body for every newsroom GET whose ETag the client has, and 200 once it changed', async () => {
    const article = await newDraft();
    await article.act(people.eddie, 'sources', { name: 'Reuters', role: 'contributed' });
    const { body } = await testApp.http().get(`/articles/${article.id}`).set('authorization', as('eddie'));
    const paths = [
      `/articles/${article.id}`,
      `/articles/${article.id}/versions/1`,
      `/articles/${article.id}/history`,
      `/articles/${article.id}/diff?from=1&to=2`,
      `/articles/${article.id}/sources/${body.sources[0].id}`,
      `/articles?author=me`,
      `/audit?article=${article.id}`,
    ];
    for (const path of paths) {
      const first = await testApp.http().get(path).set('authorization', as('ada')).expect(200);
      expect({ path, etag: first.headers.etag }).toEqual({ path, etag: expect.stringMatching(/^"[^"]+"$/) });
      const again = await testApp.http().get(path).set('authorization', as('ada')).set('if-none-match', first.headers.etag);
      expect({ path, status: again.status, text: again.text }).toEqual({ path, status: 304, text: '' });
      expect(again.headers.etag).toBe(first.headers.etag);
    }
    const before = await testApp.http().get(`/articles?author=me`).set('authorization', as('eddie'));
    await article.edit(people.eddie, { standfirst: 'Changed since.' });
    await testApp
      .http()
      .get(`/articles?author=me`)
      .set('authorization', as('eddie'))
      .set('if-none-match', before.headers.etag)
      .expect(200);
  });
});

describe('Location', () => {
  it('can be fetched wherever a write sends it, and names what was made', async () => {
    const created = await testApp.http().post('/articles').set('authorization', as('eddie')).send(draft()).expect(201);
    const article = await testApp.http().get(created.headers.location).set('authorization', as('eddie')).expect(200);
    expect(article.body.id).toBe(created.body.id);

    const sourced = await testApp
      .http()
      .post(`/articles/${created.body.id}/sources`)
      .set('authorization', as('eddie'))
      .set('if-match', '"1"')
      .send({ name: 'Reuters', role: 'contributed' })
      .expect(201);
    const source = await testApp.http().get(sourced.headers.location).set('authorization', as('rita')).expect(200);
    expect(source.body).toEqual(sourced.body.sources[0]);
    expect(source.headers.etag).toBe('"2"');

    const commented = await testApp
      .http()
      .post(`/articles/${created.body.id}/comments`)
      .set('authorization', as('eddie'))
      .set('if-match', '"2"')
      .send({ text: 'Check the quote.' })
      .expect(201);
    // A fragment is never sent: the client fetches the article, and the fragment names the comment in it.
    const [path, fragment] = commented.headers.location.split('#');
    const withComment = await testApp.http().get(path).set('authorization', as('eddie')).expect(200);
    expect(withComment.body.comments.map((comment: { id: string }) => `comment-${comment.id}`)).toContain(fragment);

    // A removed source is not there to fetch any more.
    await testApp.http().delete(sourced.headers.location).set('authorization', as('eddie')).set('if-match', '"3"').expect(200);
    expectProblem(await testApp.http().get(sourced.headers.location).set('authorization', as('eddie')), 404);
  });
});

describe('Link: rel="next"', () => {
  const nextLink = (header: string | undefined) => /^<([^>]+)>; rel="next"$/.exec(header ?? '')?.[1];

  it('points at the next page beside every cursor, and is left out on the last page', async () => {
    const article = await newDraft();
    await article.edit(people.eddie, { standfirst: 'A second version.' });
    await publishedArticle();
    await publishedArticle();
    const lists: [string, string][] = [
      ['/articles?status=draft,published&limit=1', 'eddie'],
      ['/published?limit=1', 'eddie'],
      ['/audit?limit=1&type=ArticleDrafted', 'audrey'],
      [`/articles/${article.id}/history?limit=1`, 'eddie'],
    ];
    for (const [path, who] of lists) {
      const first = await testApp
        .http()
        .get(path)
        .set('authorization', as(who as keyof typeof people))
        .expect(200);
      const next = nextLink(first.headers.link);
      expect({ path, next }).toEqual({
        path,
        next: expect.stringContaining(`cursor=${encodeURIComponent(first.body.nextCursor)}`),
      });
      const followed = await testApp
        .http()
        .get(next!)
        .set('authorization', as(who as keyof typeof people))
        .expect(200);
      const byCursor = await testApp
        .http()
        .get(`${path}&cursor=${encodeURIComponent(first.body.nextCursor)}`)
        .set('authorization', as(who as keyof typeof people));
      expect(followed.body).toEqual(byCursor.body);
    }
    const last = await testApp.http().get(`/articles/${article.id}/history?limit=50`).set('authorization', as('eddie'));
    expect(last.body.nextCursor).toBeNull();
    expect(last.headers.link).toBeUndefined();
  });
});

describe('headers on every answer', () => {
  it('sets the security headers, with a policy that lets a same-origin page run its own scripts and styles', async () => {
    const response = await testApp.http().get('/health/live').expect(200);
    const policy = response.headers['content-security-policy'];
    expect(policy).toContain("default-src 'self'");
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).not.toContain('upgrade-insecure-requests');
    expect(policy.split(';').length).toBe(Object.keys(CONTENT_SECURITY_POLICY).length);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['strict-transport-security']).toMatch(/max-age=/);
  });

  it('marks every answer to a token, refusals included, private and not to be stored; public reads keep their CDN caching', async () => {
    const ok = await testApp.http().get('/articles').set('authorization', as('eddie')).expect(200);
    expect(ok.headers['cache-control']).toBe('private, no-store');
    const refused = await testApp.http().get('/articles').expect(401);
    expect(refused.headers['cache-control']).toBe('private, no-store');
    const published = await testApp.http().get('/published').expect(200);
    expect(published.headers['cache-control']).toBe(PUBLIC_CACHE);
  });

  it('sends no CORS headers unless CORS_ORIGINS is set', async () => {
    const response = await testApp.http().get('/published').set('origin', 'https://desk.example.org');
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('with CORS_ORIGINS, low limits and short timeouts', () => {
  let tight: TestApp;
  let port: number;
  const DESK = 'https://desk.example.org';

  beforeAll(async () => {
    tight = await startTestApp({
      CORS_ORIGINS: `${DESK},http://localhost:5173`,
      RATE_LIMIT_AUTH_FAILURES: '3',
      RATE_LIMIT_PUBLIC_READS: '5',
      HTTP_HEADERS_TIMEOUT_MS: '500',
      HTTP_REQUEST_TIMEOUT_MS: '1000',
      HTTP_KEEP_ALIVE_TIMEOUT_MS: '300',
    });
    await tight.app.listen({ port: 0, host: '127.0.0.1' });
    port = (tight.app.getHttpServer().address() as AddressInfo).port;
  });
  afterAll(() => tight?.close());

  it('answers a preflight from a listed origin with the headers a desk app needs, and ignores other origins', async () => {
    const preflight = await tight
      .http()
      .options('/articles/x')
      .set('origin', DESK)
      .set('access-control-request-method', 'PATCH')
      .set('access-control-request-headers', 'authorization, if-match, idempotency-key, content-type');
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe(DESK);
    expect(preflight.headers['access-control-allow-methods']).toContain('PATCH');
    for (const header of ['If-Match', 'Idempotency-Key', 'Authorization', 'Content-Type']) {
      expect(preflight.headers['access-control-allow-headers']).toContain(header);
    }
    const read = await tight.http().get('/health/live').set('origin', DESK);
    expect(read.headers['access-control-allow-origin']).toBe(DESK);
    expect(read.headers['access-control-expose-headers']).toBe('ETag, Location, Link, Retry-After, X-Request-Id');
    const elsewhere = await tight.http().get('/health/live').set('origin', 'https://desk.example.org.evil.test');
    expect(elsewhere.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('keeps Vary: Origin on public reads beside their own Vary, so a CDN keeps origins apart', async () => {
    const { slug } = await publishedOn(tight);
    const response = await tight.http().get(`/published/${slug}`).set('origin', DESK).expect(200);
    expect(response.headers.vary).toMatch(/Origin/);
    expect(response.headers.vary).toMatch(/Accept-Encoding/);
  });

  it('refuses an address after its failed authentications with 429 and Retry-After, before checking tokens', async () => {
    const verified = `Bearer ${await tight.tokenFor(people.eddie)}`;
    await tight.http().get('/articles').set('authorization', verified).expect(200);
    for (let attempt = 0; attempt < 3; attempt += 1) {
      expectProblem(await tight.http().get('/articles').set('authorization', 'Bearer not.a.token'), 401);
    }
    const limited = await tight.http().get('/articles').set('authorization', 'Bearer not.a.token');
    expectProblem(limited, 429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // A token not yet verified from this address waits too; one already verified still works.
    // (An expiry of its own: a token minted earlier in the same second for the same person would be the same token.)
    const fresh = `Bearer ${await tight.tokenFor(people.rita, '7m')}`;
    expectProblem(await tight.http().get('/articles').set('authorization', fresh), 429);
    await tight.http().get('/articles').set('authorization', verified).expect(200);
  });

  it('limits public reads per address with 429 and Retry-After', async () => {
    // The CORS checks above read public routes from this address too: at most 5 reads in all get through.
    const statuses: number[] = [];
    let limited: Awaited<ReturnType<ReturnType<TestApp['http']>['get']>> | undefined;
    while (limited === undefined && statuses.length < 6) {
      const response = await tight.http().get('/health/live');
      statuses.push(response.status);
      if (response.status === 429) limited = response;
    }
    expect(limited).toBeDefined();
    expectProblem(limited!, 429);
    expect(Number(limited!.headers['retry-after'])).toBeGreaterThan(0);
    expect(statuses.filter((status) => status === 200).length).toBeLessThanOrEqual(5);
  });

  it('closes a connection whose headers trickle in (slow loris) with 408', async () => {
    const socket = connect(port, '127.0.0.1');
    const answer = collect(socket);
    socket.write('GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    const started = Date.now();
    const drip = setInterval(() => socket.writable && socket.write('X-Slow: x\r\n'), 100);
    const { text } = await answer;
    clearInterval(drip);
    expect(text).toMatch(/^HTTP\/1\.1 408 /);
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('closes a kept-alive connection nobody uses', async () => {
    const socket = connect(port, '127.0.0.1');
    const answer = collect(socket);
    socket.write('GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    const { text, closedAfterMs } = await answer;
    expect(text).toMatch(/^HTTP\/1\.1 (200|429) /);
    expect(closedAfterMs).toBeLessThan(2_000);
  });
});

describe('by default', () => {
  let defaults: TestApp;

  beforeAll(async () => {
    // Blank values fall back to the defaults, undoing the test app's generous limits.
    defaults = await startTestApp({ RATE_LIMIT_AUTH_FAILURES: '', RATE_LIMIT_PUBLIC_READS: '' });
  });
  afterAll(() => defaults?.close());

  it('limits failed authentications: the 101st failure in a minute from one address is 429', async () => {
    for (let attempt = 0; attempt < 100; attempt += 1) {
      await defaults.http().get('/articles').set('authorization', 'Bearer not.a.token').expect(401);
    }
    expectProblem(await defaults.http().get('/articles').set('authorization', 'Bearer not.a.token'), 429);
  });
});

async function publishedOn(app: TestApp): Promise<{ slug: string }> {
  const appTokens = await ArticleDriver.tokensFor(app, Object.values(people));
  const article = new ArticleDriver(app, appTokens);
  await article.create(people.eddie, draft());
  for (const [who, action] of [
    [people.eddie, 'submit'],
    [people.rita, 'approve'],
    [people.paul, 'publish'],
  ] as const) {
    await article.act(who, action);
  }
  const { body } = await app.http().get(`/articles/${article.id}`).set('authorization', appTokens.get('eddie')!);
  return { slug: body.slug };
}

/** Everything the server sends on `socket` until it closes it, and how long that took. */
function collect(socket: Socket): Promise<{ text: string; closedAfterMs: number }> {
  const started = Date.now();
  const chunks: Buffer[] = [];
  socket.on('data', (chunk) => chunks.push(chunk));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error('the server kept the connection open for 10 s'));
    }, 10_000);
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ text: Buffer.concat(chunks).toString('latin1'), closedAfterMs: Date.now() - started });
    });
  });
}

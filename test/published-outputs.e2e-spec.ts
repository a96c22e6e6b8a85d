import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { parseAtomFeed, parseJsonFeed, parseRssFeed } from 'feedsmith';
import { loadSeedArticle } from '../src/demo/seed-article';
import { expandJsonLd, ninjsErrors, xmllint } from '../src/published/formats/testing/validators';
import { ArticleDriver } from './support/desk-client';
import { people, startTestApp, type TestApp } from './support/test-app';

const seed = loadSeedArticle(join(__dirname, 'fixtures', 'seed-article.txt'));
/** This run's section, so the feeds and lists read here hold only this spec's articles. */
const run = randomUUID().slice(0, 8);
const section = `Outputs ${run}`;
const BASE = 'https://news.example.org';

let testApp: TestApp;
let tokens: Map<string, string>;

beforeAll(async () => {
  testApp = await startTestApp({
    PUBLIC_BASE_URL: BASE,
    PUBLICATION_NAME: 'The Example Times',
    PUBLICATION_LOGO_URL: `${BASE}/logo.png`,
  });
  tokens = await ArticleDriver.tokensFor(testApp, Object.values(people));
});
afterAll(() => testApp.close());

const get = (path: string, headers: Record<string, string> = {}) => {
  const request = testApp.http().get(path);
  for (const [name, value] of Object.entries(headers)) request.set(name, value);
  return request;
};

/** The seed article (or a variant) created, attributed and published over HTTP, as a newsroom does it. */
async function publishSeed(overrides: Record<string, unknown> = {}): Promise<{ article: ArticleDriver; slug: string }> {
  const { eddie, rita, paul } = people;
  const slug = `outputs-${run}-${randomUUID().slice(0, 8)}`;
  const article = new ArticleDriver(testApp, tokens);
  expect((await article.create(eddie, { ...seed.draft, section, slug, ...overrides })).status).toBe(201);
  for (const source of seed.sources) expect((await article.act(eddie, 'sources', source)).status).toBe(201);
  expect((await article.act(eddie, 'submit')).status).toBe(200);
  expect((await article.act(rita, 'approve')).status).toBe(200);
  expect((await article.act(paul, 'publish')).status).toBe(200);
  return { article, slug };
}

async function republish(article: ArticleDriver, body: object): Promise<void> {
  const { eddie, rita, paul } = people;
  const current = (await article.read(eddie)).body;
  expect(
    (await article.edit(eddie, { body: [{ ...current.body[0], text: `Corrected ${run}.` }, ...current.body.slice(1)] })).status,
  ).toBe(200);
  expect((await article.act(eddie, 'submit')).status).toBe(200);
  expect((await article.act(rita, 'approve')).status).toBe(200);
  expect((await article.act(paul, 'publish', body)).status).toBe(200);
}

function expectCacheable(response: { headers: Record<string, string> }): void {
  expect(response.headers['cache-control']).toMatch(/^public, max-age=\d+, stale-while-revalidate=\d+/);
  expect(response.headers.vary).toBe('Accept-Encoding');
  expect(response.headers.etag).toMatch(/^"[^"]+"$/);
  expect(Date.parse(response.headers['last-modified'])).not.toBeNaN();
}

describe('the published page, served from its stored representation', () => {
  let slug: string;
  beforeAll(async () => ({ slug } = await publishSeed()));

  it('answers with validators and a CDN-friendly Cache-Control, and the rendered attribution lines', async () => {
    const response = await get(`/published/${slug}`).expect(200);
    expectCacheable(response);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(new Date(response.headers['last-modified']).toUTCString()).toBe(response.headers['last-modified']);
    expect(response.body).toMatchObject({
      slug,
      headline: seed.draft.headline,
      version: 1,
      kind: 'first',
      attributionLine: seed.expected.attributionLine,
      imageCreditLine: seed.expected.imageCreditLine,
      corrections: [],
    });
    // Compact, as every other answer of the API: what the README's walk-through greps for.
    expect(response.text).toContain('"corrections":[]');
  });

  it('answers 304 to If-None-Match and to If-Modified-Since, with no body', async () => {
    const first = await get(`/published/${slug}`).expect(200);
    const byTag = await get(`/published/${slug}`, { 'if-none-match': first.headers.etag }).expect(304);
    expect(byTag.text ?? '').toBe('');
    expect(byTag.headers.etag).toBe(first.headers.etag);
    expectCacheable(byTag);
    await get(`/published/${slug}`, { 'if-modified-since': first.headers['last-modified'] }).expect(304);
    await get(`/published/${slug}`, { 'if-none-match': '"something else"' }).expect(200);
    const before = new Date(Date.parse(first.headers['last-modified']) - 1000).toUTCString();
    await get(`/published/${slug}`, { 'if-modified-since': before }).expect(200);
  });

  it('answers 404 as problem+json, cacheable briefly', async () => {
    const response = await get(`/published/no-such-${run}`).expect(404);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.headers['cache-control']).toBe('public, max-age=60');
  });
});

describe('ninjs', () => {
  let slug: string;
  let article: ArticleDriver;
  beforeAll(async () => ({ slug, article } = await publishSeed()));

  it('gives ninjs 3.1 that IPTC’s schema accepts, and 2.2 when asked', async () => {
    const current = await get(`/published/${slug}/ninjs`).expect(200);
    expectCacheable(current);
    expect(ninjsErrors('3.1', current.body)).toEqual([]);
    expect(current.body).toMatchObject({
      uri: `${BASE}/articles/${article.id}`,
      version: '1',
      pubStatus: 'usable',
      headlines: [{ role: 'main', value: seed.draft.headline }],
      copyrightHolder: 'The Example Times',
    });
    const old = await get(`/published/${slug}/ninjs?version=2.2`).expect(200);
    expect(ninjsErrors('2.2', old.body)).toEqual([]);
    expect(old.body.pubstatus).toBe('usable');
    expect(old.headers.etag).not.toBe(current.headers.etag);
    await get(`/published/${slug}/ninjs`, { 'if-none-match': current.headers.etag }).expect(304);
  });

  it('refuses an unknown version with a 400 naming it', async () => {
    const response = await get(`/published/${slug}/ninjs?version=1.0`).expect(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body.errors.map((error: { field: string }) => error.field)).toEqual(['version']);
  });

  it('counts a correction as a new version with its note, and changes the ETag', async () => {
    const before = await get(`/published/${slug}/ninjs`).expect(200);
    await republish(article, { kind: 'correction', note: `Misdated ${run}.` });
    const after = await get(`/published/${slug}/ninjs`, { 'if-none-match': before.headers.etag }).expect(200);
    expect(ninjsErrors('3.1', after.body)).toEqual([]);
    expect(after.body.version).toBe('2');
    expect(after.body.descriptions).toEqual(expect.arrayContaining([expect.objectContaining({ role: 'correction' })]));
    expect(JSON.stringify(after.body.descriptions)).toContain(`Misdated ${run}.`);
    expect(after.body.firstCreated).toBe(before.body.firstCreated);
  });

  it('after an unpublish, answers 410 with a kill notice a partner can act on', async () => {
    await article.act(people.paul, 'unpublish', { reason: `Legal ${run}` });
    for (const version of ['3.1', '2.2'] as const) {
      const gone = await get(`/published/${slug}/ninjs?version=${version}`).expect(410);
      expect(gone.headers['content-type']).toMatch(/^application\/json/);
      expect(ninjsErrors(version, gone.body)).toEqual([]);
      expect(gone.body[version === '3.1' ? 'pubStatus' : 'pubstatus']).toBe('canceled');
      expect(gone.body.uri).toBe(`${BASE}/articles/${article.id}`);
      expect(gone.body.version).toBe('3');
      expect(JSON.stringify(gone.body)).not.toContain(`Legal ${run}`);
    }
    const page = await get(`/published/${slug}`).expect(410);
    expect(page.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(page.headers['cache-control']).toBe('public, max-age=60');
  });
});

describe('JSON-LD', () => {
  it('gives a NewsArticle that expands with schema.org’s context, with a 304 on revalidation', async () => {
    const { slug } = await publishSeed();
    const response = await get(`/published/${slug}/jsonld`).expect(200);
    expect(response.headers['content-type']).toMatch(/^application\/ld\+json/);
    expectCacheable(response);
    const [expanded] = (await expandJsonLd(response.body)) as Record<string, unknown>[];
    expect(expanded['@type']).toEqual(['http://schema.org/NewsArticle']);
    expect(response.body).toMatchObject({
      headline: seed.draft.headline,
      url: `${BASE}/${encodeURIComponent(`outputs-${run}`)}/${slug}`,
      creditText: seed.expected.attributionLine,
      publisher: { name: 'The Example Times', logo: { url: `${BASE}/logo.png` } },
    });
    await get(`/published/${slug}/jsonld`, { 'if-none-match': response.headers.etag }).expect(304);
  });
});

describe('feeds', () => {
  const feedPath = (format: string, query = '') => `/feeds/${format}?section=${encodeURIComponent(section)}${query}`;

  it('lists newest first in Atom (valid by RFC 4287’s schema), RSS and JSON Feed, and drops an unpublished article', async () => {
    const older = await publishSeed();
    const newer = await publishSeed({ headline: `A newer story ${run}` });
    const atom = await get(feedPath('atom')).expect(200);
    expect(atom.headers['content-type']).toMatch(/^application\/atom\+xml/);
    expectCacheable(atom);
    expect(xmllint(atom.text, 'atom')).toEqual([]);
    const atomIds = parseAtomFeed(atom.text).entries!.map((entry) => entry.id);
    const newerUri = `${BASE}/articles/${newer.article.id}`;
    const olderUri = `${BASE}/articles/${older.article.id}`;
    expect(atomIds.indexOf(newerUri)).toBeLessThan(atomIds.indexOf(olderUri));
    expect(atomIds.indexOf(newerUri)).toBeGreaterThanOrEqual(0);

    const rss = await get(feedPath('rss')).expect(200);
    expect(rss.headers['content-type']).toMatch(/^application\/rss\+xml/);
    expect(parseRssFeed(rss.text).items!.map((item) => item.guid!.value)).toEqual(expect.arrayContaining([newerUri, olderUri]));
    const json = await get(feedPath('json')).expect(200);
    expect(json.headers['content-type']).toMatch(/^application\/feed\+json/);
    expect(parseJsonFeed(JSON.parse(json.text)).items!.map((item) => item.id)).toEqual(
      expect.arrayContaining([newerUri, olderUri]),
    );

    await get(feedPath('atom'), { 'if-none-match': atom.headers.etag }).expect(304);
    await older.article.act(people.paul, 'unpublish', { reason: 'Withdrawn' });
    const after = await get(feedPath('atom'), { 'if-none-match': atom.headers.etag }).expect(200);
    const afterIds = parseAtomFeed(after.text).entries!.map((entry) => entry.id);
    expect(afterIds).toContain(newerUri);
    expect(afterIds).not.toContain(olderUri);
    expect(Date.parse(after.headers['last-modified'])).toBeGreaterThanOrEqual(Date.parse(atom.headers['last-modified']));
    const rssAfter = parseRssFeed((await get(feedPath('rss')).expect(200)).text);
    expect(rssAfter.items!.map((item) => item.guid!.value)).not.toContain(olderUri);
  });

  it('moves an entry’s updated time on a correction and shows the note', async () => {
    const { article } = await publishSeed();
    await republish(article, { kind: 'correction', note: `Corrected note ${run}.` });
    const entry = parseAtomFeed((await get(feedPath('atom')).expect(200)).text).entries!.find(
      (each) => each.id === `${BASE}/articles/${article.id}`,
    )!;
    expect(entry.updated).not.toBe(entry.published);
    expect(entry.content!.value).toContain(`Corrected note ${run}.`);
    expect(entry.summary!.value).toContain(`Corrected note ${run}.`);
  });

  it('filters by tag, gives summaries only when asked, and refuses unknown content modes', async () => {
    const tag = `tag-${run}`;
    const { article } = await publishSeed({ tags: [tag] });
    const tagged = JSON.parse((await get(`/feeds/json?tag=${tag}&content=summary`).expect(200)).text);
    expect(tagged.items.map((item: { id: string }) => item.id)).toEqual([`${BASE}/articles/${article.id}`]);
    expect(tagged.items[0].content_html).not.toContain('<h2>');
    const refused = await get('/feeds/atom?content=everything').expect(400);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.body.errors.map((error: { field: string }) => error.field)).toEqual(['content']);
  });
});

describe('sitemaps', () => {
  it('lists live articles in the articles and news sitemaps, valid by their schemas', async () => {
    const { slug } = await publishSeed();
    const url = `${BASE}/${encodeURIComponent(`outputs-${run}`)}/${slug}`;
    const articles = await get('/sitemaps/articles.xml').expect(200);
    expect(articles.headers['content-type']).toMatch(/^application\/xml/);
    expectCacheable(articles);
    expect(xmllint(articles.text, 'sitemap')).toEqual([]);
    expect(articles.text).toContain(`<loc>${url}</loc>`);
    const news = await get('/sitemaps/news.xml').expect(200);
    expect(xmllint(news.text, 'news-sitemap')).toEqual([]);
    expect(news.text).toContain(`<loc>${url}</loc>`);
    await get('/sitemaps/news.xml', { 'if-none-match': news.headers.etag }).expect(304);
  });

  it('has no second page below 50,000 articles, and refuses a page that is not a number', async () => {
    await get('/sitemaps/articles/2.xml').expect(404);
    const refused = await get('/sitemaps/articles/two.xml').expect(400);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});

describe('the public list', () => {
  it('pages with a cursor, newest first, without repeating an article', async () => {
    const listSection = `Paging ${run}`;
    const slugs: string[] = [];
    for (let index = 0; index < 3; index++) slugs.push((await publishSeed({ section: listSection })).slug);
    const page = (query: string) => get(`/published?section=${encodeURIComponent(listSection)}&limit=2${query}`).expect(200);
    const first = await page('');
    expectCacheable(first);
    expect(first.body.items.map((item: { slug: string }) => item.slug)).toEqual([slugs[2], slugs[1]]);
    const second = await page(`&cursor=${first.body.nextCursor}`);
    expect(second.body.items.map((item: { slug: string }) => item.slug)).toEqual([slugs[0]]);
    expect(second.body.nextCursor).toBeNull();
    expect(first.body.items[0]).toMatchObject({
      headline: seed.draft.headline,
      authors: ['Victor Westerkamp'],
      section: listSection,
    });
    await get(`/published?section=${encodeURIComponent(listSection)}&limit=2`, { 'if-none-match': first.headers.etag }).expect(
      304,
    );
  });

  it('refuses a cursor it did not give out', async () => {
    const response = await get('/published?cursor=not-a-cursor').expect(400);
    expect(response.body.errors).toEqual([{ field: 'cursor', messages: ['unknown cursor'] }]);
  });
});

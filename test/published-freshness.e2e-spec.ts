import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadSeedArticle } from '../src/demo/seed-article';
import { ArticleDriver } from './support/desk-client';
import { people, startTestApp, type TestApp } from './support/test-app';

/**
 * Instances on one database. A public read may reuse the live version a slug led to for
 * PUBLISHED_FRESHNESS_MS: the instance that commits a publication or an unpublish serves it from the
 * next request on, another one within that time.
 */
const seed = loadSeedArticle(join(__dirname, 'fixtures', 'seed-article.txt'));
const SHORT_MS = 400;
const LONG_MS = 60_000;
/** Commits the publications; keeps what it read for a long time, so only its own commits can refresh it. */
let writer: TestApp;
/** Another instance that keeps what it read for a long time. */
let keeping: TestApp;
/** Another instance that keeps what it read for a moment. */
let brief: TestApp;

beforeAll(async () => {
  writer = await startTestApp({ PUBLISHED_FRESHNESS_MS: String(LONG_MS) });
  keeping = await startTestApp({ PUBLISHED_FRESHNESS_MS: String(LONG_MS) });
  brief = await startTestApp({ PUBLISHED_FRESHNESS_MS: String(SHORT_MS) });
});
afterAll(async () => {
  for (const app of [writer, keeping, brief]) await app?.close();
});

const statusOn = async (app: TestApp, slug: string) => (await app.http().get(`/published/${slug}`)).status;
const statusesOf = async (slug: string) => Promise.all([writer, keeping, brief].map((app) => statusOn(app, slug)));

async function approvedArticle(slug: string): Promise<ArticleDriver> {
  const { eddie, rita, paul } = people;
  const article = new ArticleDriver(writer, await ArticleDriver.tokensFor(writer, [eddie, rita, paul]));
  expect((await article.create(eddie, { ...seed.draft, slug })).status).toBe(201);
  expect((await article.act(eddie, 'submit')).status).toBe(200);
  expect((await article.act(rita, 'approve')).status).toBe(200);
  return article;
}

it('serves an unpublish at once where it was committed, and within the freshness time elsewhere', async () => {
  const slug = `freshness-${randomUUID().slice(0, 8)}`;
  const article = await approvedArticle(slug);
  expect(await statusesOf(slug)).toEqual([404, 404, 404]);
  // What is not live is always read in full: a new publication is served everywhere at once.
  expect((await article.act(people.paul, 'publish')).status).toBe(200);
  expect(await statusesOf(slug)).toEqual([200, 200, 200]);

  expect((await article.act(people.paul, 'unpublish', { reason: 'Legal' })).status).toBe(200);
  expect(await statusOn(writer, slug)).toBe(410);
  // The live version read a moment ago is reused: the instance that keeps it long has not asked again.
  expect(await statusOn(keeping, slug)).toBe(200);
  await sleep(SHORT_MS);
  expect(await statusOn(brief, slug)).toBe(410);
});

it('with no freshness time, every read asks the database', async () => {
  const strict = await startTestApp({ PUBLISHED_FRESHNESS_MS: '0' });
  try {
    const slug = `freshness-strict-${randomUUID().slice(0, 8)}`;
    const article = await approvedArticle(slug);
    expect((await article.act(people.paul, 'publish')).status).toBe(200);
    // Both read the live version; only the instance that keeps it would answer from it after the unpublish.
    expect([await statusOn(strict, slug), await statusOn(keeping, slug)]).toEqual([200, 200]);
    expect((await article.act(people.paul, 'unpublish', { reason: 'Legal' })).status).toBe(200);
    expect([await statusOn(strict, slug), await statusOn(keeping, slug)]).toEqual([410, 200]);
  } finally {
    await strict.close();
  }
});

import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';
import { loadSeedArticle } from '../src/demo/seed-article';
import { ArticleDriver } from './support/desk-client';
import { people, startTestApp, type TestApp } from './support/test-app';

/**
 * What one edit costs the database, counted at node-postgres' client: every statement is one round
 * trip. The figure is pinned so that a change which adds one is seen and argued for, not slipped in.
 */
const seed = loadSeedArticle(join(__dirname, 'fixtures', 'seed-article.txt'));
let testApp: TestApp;
let article: ArticleDriver;

beforeAll(async () => {
  testApp = await startTestApp();
  article = new ArticleDriver(testApp, await ArticleDriver.tokensFor(testApp, [people.eddie]));
  await article.create(people.eddie, { ...seed.draft, slug: `round-trips-${randomUUID()}` });
});
afterAll(() => testApp.close());

async function statementsOf(work: () => Promise<unknown>): Promise<string[]> {
  const sent: string[] = [];
  const original = Client.prototype.query;
  const spy = jest.spyOn(Client.prototype, 'query').mockImplementation(function (this: Client, ...args: unknown[]) {
    const [config] = args as [string | { text: string; name?: string }];
    sent.push((typeof config === 'string' ? config : (config.name ?? config.text)).trim().split(/\s+/).slice(0, 3).join(' '));
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as never);
  try {
    await work();
  } finally {
    spy.mockRestore();
  }
  return sent;
}

it('an edit of an article this instance has in its cache takes five statements in one transaction, none of them reading the whole stream', async () => {
  // The first edit warms the cache; the second is the common case.
  expect((await article.edit(people.eddie, { headline: 'Warm the cache' })).status).toBe(200);
  const sent = await statementsOf(async () => {
    expect((await article.edit(people.eddie, { headline: 'Counted' })).status).toBe(200);
  });
  expect(sent).toEqual([
    'BEGIN',
    'SELECT position, event_id,', // the events after the cached version (the cached one included, for its hash)
    'copydesk_append_one_v3',
    // Worked out from the state before and after the edit: the row is not read first. An article
    // with no standing schedule has no due row to clear, so scheduled_publications is not touched.
    'UPDATE desk_articles SET',
    'COMMIT',
  ]);
});

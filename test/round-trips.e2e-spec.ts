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
  // The scheduler looks once at start and not again while statements are counted, and no consumer runs
  // here: their statements (on the same client class) would be counted as the edit's.
  testApp = await startTestApp({ SCHEDULER_POLL_MS: '3600000', PROJECTION_RUNNERS: 'off' });
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

it('an edit of an article this instance has in its cache takes four statements in one transaction, none of them reading the stream, and a NOTIFY after it', async () => {
  // The first edit warms the cache; the second is the common case.
  expect((await article.edit(people.eddie, { headline: 'Warm the cache' })).status).toBe(200);
  const sent = await statementsOf(async () => {
    expect((await article.edit(people.eddie, { headline: 'Counted' })).status).toBe(200);
  });
  expect(sent).toEqual([
    'BEGIN',
    // Decided on the cached state; the append itself checks that the event it follows still has the
    // hash that state was folded to.
    'copydesk_append_one_v5',
    // Worked out from the state before and after the edit: the row is not read first. An article
    // with no standing schedule has no due row to clear, so scheduled_publications is not touched.
    'UPDATE "desk_articles" SET',
    'COMMIT',
    // After the commit, not in the transaction: the asynchronous consumers' runners are woken
    // (commit-signal.ts, docs/decisions/0021). It is not awaited by the request.
    "SELECT pg_notify('copydesk_events', '')",
  ]);
});

it('an edit whose If-Match is not the cached version reads the events after the cache first', async () => {
  article.version -= 1;
  const sent = await statementsOf(async () => {
    expect((await article.edit(people.eddie, { headline: 'Stale' })).status).toBe(412);
  });
  article.version += 1;
  expect(sent.filter((statement) => statement.startsWith('SELECT position'))).toHaveLength(1);
  expect(sent).not.toContain('copydesk_append_one_v5');
});

it('an edit decided on a cached state another instance has moved past is refused with the current version, and goes through at it', async () => {
  const other = await startTestApp({ PROJECTION_RUNNERS: 'off' });
  try {
    const elsewhere = new ArticleDriver(other, await ArticleDriver.tokensFor(other, [people.eddie]));
    Object.assign(elsewhere, { id: article.id, version: article.version });
    expect((await elsewhere.edit(people.eddie, { headline: 'Edited by another instance' })).status).toBe(200);
  } finally {
    await other.close();
  }
  const refused = await article.edit(people.eddie, { headline: 'Decided on the cache' });
  expect(refused.status).toBe(412);
  expect(refused.body.currentVersion).toBe(article.version + 1);
  article.version += 1;
  expect((await article.edit(people.eddie, { headline: 'At the current version' })).status).toBe(200);
  const [{ headline }] = await testApp.dataSource.query(`SELECT headline FROM desk_articles WHERE article_id = $1`, [article.id]);
  expect(headline).toBe('At the current version');
});

it('a command that appends nothing on a cached state another instance has moved past is refused with the current version, not answered from the cache', async () => {
  const { headline } = (await article.read(people.eddie)).body as { headline: string };
  const moveElsewhere = async () => {
    const other = await startTestApp();
    try {
      const elsewhere = new ArticleDriver(other, await ArticleDriver.tokensFor(other, [people.eddie]));
      Object.assign(elsewhere, { id: article.id, version: article.version });
      expect((await elsewhere.edit(people.eddie, { standfirst: `Moved elsewhere ${randomUUID()}` })).status).toBe(200);
    } finally {
      await other.close();
    }
  };
  // An edit that changes nothing in the cached state.
  await moveElsewhere();
  const unchanged = await article.edit(people.eddie, { headline });
  expect(unchanged.status).toBe(412);
  expect(unchanged.body.currentVersion).toBe(article.version + 1);
  article.version += 1;
  // A command the decider refuses on the cached state (a restore of a version there is not): the stream decides.
  await moveElsewhere();
  const refused = await article.act(people.eddie, 'restore', { version: 9999, reason: 'No such version' });
  expect(refused.status).toBe(412);
  expect(refused.body.currentVersion).toBe(article.version + 1);
  article.version += 1;
});

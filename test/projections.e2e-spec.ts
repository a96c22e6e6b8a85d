import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Registry } from 'prom-client';
import { loadSeedArticle } from '../src/demo/seed-article';
import { runProjections } from '../src/cli/projections-command';
import { ProjectionMetrics } from '../src/projections/projection-metrics';
import { ArticleDriver } from './support/desk-client';
import { consumerReports, untilConsumersCaughtUp } from './support/projections';
import { useScratchApp } from './support/scratch-app';
import { authorizationsFor, people } from './support/test-app';

const seed = loadSeedArticle(join(__dirname, 'fixtures', 'seed-article.txt'));
const { eddie, rita, ada } = people;
const ACTIVITY = 'article-activity';

const scratchApp = useScratchApp();
const testApp = () => scratchApp.testApp;
let as: Awaited<ReturnType<typeof authorizationsFor>>;
let tokens: Map<string, string>;
let counter = 0;

beforeAll(async () => {
  as = await authorizationsFor(testApp());
  tokens = await ArticleDriver.tokensFor(testApp(), Object.values(people));
});

async function submittedArticle(headline: string): Promise<ArticleDriver> {
  const article = new ArticleDriver(testApp(), tokens);
  counter += 1;
  expect((await article.create(eddie, { ...seed.draft, headline, slug: `activity-${Date.now()}-${counter}` })).status).toBe(201);
  expect((await article.act(eddie, 'submit')).status).toBe(200);
  return article;
}

const admin = () => testApp().http();
const projections = async () =>
  (await admin().get('/admin/projections').set('authorization', as.ada).expect(200)).body.projections as {
    name: string;
    kind: string;
    state: string;
    lag: { events: number; seconds: number };
  }[];
/** The projection gauges as Prometheus scrapes them, from a registry of their own. */
async function metrics(): Promise<string> {
  const registry = new Registry();
  new ProjectionMetrics(registry, () => consumerReports(testApp().dataSource));
  return registry.metrics();
}
const activityRows = async (): Promise<number> =>
  Number((await testApp().dataSource.query(`SELECT count(*) AS count FROM article_activity`))[0].count);
const articleEvents = async (): Promise<number> =>
  Number((await testApp().dataSource.query(`SELECT count(*) AS count FROM events WHERE stream_id LIKE 'article-%'`))[0].count);

describe('the activity feed (an asynchronous read model)', () => {
  it('says who did what to which article, newest first, under its headline now', async () => {
    const article = await submittedArticle('A feed worth reading');
    await article.act(rita, 'approve');
    await untilConsumersCaughtUp(testApp().dataSource);
    const { body } = await testApp().http().get(`/activity?article=${article.id}`).set('authorization', as.rita).expect(200);
    expect(body.items.map((item: { summary: string }) => item.summary)).toEqual([
      'approved version 2',
      'submitted version 1 for review',
      'drafted “A feed worth reading”',
    ]);
    expect(body.items[0]).toMatchObject({
      articleId: article.id,
      version: 3,
      type: 'ArticleApproved',
      actor: { id: rita.id, name: rita.name },
      headline: 'A feed worth reading',
    });
  });

  it('narrows to the caller with actor=me, and pages with a cursor without repeating or missing an item', async () => {
    for (const headline of ['First of three', 'Second of three', 'Third of three']) await submittedArticle(headline);
    await untilConsumersCaughtUp(testApp().dataSource);
    const all = (await testApp().http().get('/activity?actor=me&limit=100').set('authorization', as.eddie).expect(200)).body;
    expect(all.items.every((item: { actor: { id: string } }) => item.actor.id === eddie.id)).toBe(true);
    const paged: unknown[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `/activity?actor=me&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await testApp().http().get(query).set('authorization', as.eddie).expect(200)).body;
      paged.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor !== null);
    expect(paged).toEqual(all.items);
  });

  it('is checked by verify against a replay up to its checkpoint: a row changed by hand is named', async () => {
    await untilConsumersCaughtUp(testApp().dataSource);
    const verify = () => testApp().http().get('/audit/verify?readModels=true').set('authorization', as.audrey).expect(200);
    expect((await verify()).body).toMatchObject({ intact: true });
    const [{ position, summary }] = await testApp().dataSource.query(
      `SELECT position::int AS position, summary FROM article_activity ORDER BY position DESC LIMIT 1`,
    );
    await testApp().dataSource.query(`UPDATE article_activity SET summary = 'forged' WHERE position = $1`, [position]);
    try {
      const { body } = await verify();
      const activity = body.readModels.tables.find((table: { table: string }) => table.table === 'article_activity');
      expect(activity).toMatchObject({ differing: 1, firstDifference: { key: String(position), problem: 'different' } });
      expect(activity.firstDifference.detail).toContain('summary: expected');
    } finally {
      await testApp().dataSource.query(`UPDATE article_activity SET summary = $2 WHERE position = $1`, [position, summary]);
    }
  });

  it('refuses a cursor it did not give out, and callers outside the newsroom', async () => {
    const bad = await testApp().http().get('/activity?cursor=nonsense').set('authorization', as.eddie).expect(400);
    expect(bad.body.errors).toEqual([{ field: 'cursor', messages: ['unknown cursor'] }]);
    await testApp().http().get('/activity').set('authorization', as.nobody).expect(403);
    await testApp().http().get('/activity').expect(401);
  });
});

describe('GET/POST /admin/projections', () => {
  it('lists every read model, inline and asynchronous, with its state and lag', async () => {
    await untilConsumersCaughtUp(testApp().dataSource);
    const listed = await projections();
    expect(listed.map((projection) => [projection.name, projection.kind])).toEqual([
      ['desk-articles', 'inline'],
      ['published-articles', 'inline'],
      ['scheduled-publications', 'inline'],
      [ACTIVITY, 'async'],
      ['webhook-deliveries', 'async'],
    ]);
    expect(listed.find((projection) => projection.name === ACTIVITY)).toMatchObject({
      state: 'running',
      lag: { events: 0, seconds: 0 },
      onPoison: 'pause',
      deadLetters: 0,
      tables: ['article_activity'],
      runner: { instance: expect.stringContaining(`:${process.pid}:`) },
    });
  });

  it('pauses a consumer, which then falls behind and says by how much, and resumes it, which catches up', async () => {
    const paused = await admin().post(`/admin/projections/${ACTIVITY}/pause`).set('authorization', as.ada).expect(200);
    expect(paused.body).toMatchObject({
      name: ACTIVITY,
      state: 'paused',
      paused: { reason: `paused by ${ada.name} (${ada.id})` },
    });
    // Health says so, without making the instance unready: the paused feed holds back only itself.
    const ready = await testApp().http().get('/health/ready').expect(200);
    expect(ready.body.projections).toEqual({ [ACTIVITY]: 'paused', 'webhook-deliveries': 'running' });
    const rowsWhilePaused = await activityRows();
    await submittedArticle('Written while the feed was paused');
    await sleep(300);
    expect(await activityRows()).toBe(rowsWhilePaused);
    const [behind] = (await consumerReports(testApp().dataSource)).filter((report) => report.name === ACTIVITY);
    expect(behind.lag.events).toBe(2);
    expect(behind.lag.seconds).toBeGreaterThan(0);
    const scraped = await metrics();
    expect(scraped).toContain(`copydesk_projection_lag_events{projection="${ACTIVITY}"} 2`);
    expect(scraped).toContain(`copydesk_projection_paused{projection="${ACTIVITY}"} 1`);
    expect(scraped).toContain(`copydesk_projection_running{projection="${ACTIVITY}"} 0`);

    const resumed = await admin().post(`/admin/projections/${ACTIVITY}/resume`).set('authorization', as.ada).expect(200);
    expect(resumed.body).toMatchObject({ state: 'running', paused: null });
    await untilConsumersCaughtUp(testApp().dataSource);
    expect(await activityRows()).toBe(rowsWhilePaused + 2);
    expect(await metrics()).toContain(`copydesk_projection_lag_events{projection="${ACTIVITY}"} 0`);
  });

  it('resets a consumer: its table is emptied and filled again from the start of the log', async () => {
    await submittedArticle('Before the reset');
    await untilConsumersCaughtUp(testApp().dataSource);
    const reset = await admin().post(`/admin/projections/${ACTIVITY}/reset`).set('authorization', as.ada).expect(200);
    expect(reset.body.checkpoint).toMatchObject({ position: 0 });
    await untilConsumersCaughtUp(testApp().dataSource);
    expect(await activityRows()).toBe(await articleEvents());
  });

  it('refuses to pause an inline projection, an unknown name, a body, and anyone but an admin', async () => {
    const inline = await admin().post('/admin/projections/desk-articles/pause').set('authorization', as.ada).expect(409);
    expect(inline.body.detail).toMatch(/inline projection/);
    const unknown = await admin().post('/admin/projections/nothing-of-the-sort/resume').set('authorization', as.ada).expect(404);
    expect(unknown.body.errors).toEqual([{ field: 'name', messages: [expect.stringContaining(ACTIVITY)] }]);
    const body = await admin()
      .post(`/admin/projections/${ACTIVITY}/pause`)
      .set('authorization', as.ada)
      .send({ reason: 'x' })
      .expect(400);
    expect(body.body.errors).toEqual([{ field: 'reason', messages: ['property reason should not exist'] }]);
    await admin().get('/admin/projections').set('authorization', as.audrey).expect(403);
    await admin().post(`/admin/projections/${ACTIVITY}/reset`).set('authorization', as.eddie).expect(403);
    expect((await consumerReports(testApp().dataSource))[0].state).toBe('running');
  });
});

describe('npm run projections', () => {
  const run = async (...args: string[]) => {
    const output = { out: '', err: '' };
    const code = await runProjections(
      testApp().dataSource,
      { out: (text) => (output.out += text), err: (text) => (output.err += text) },
      args,
    );
    return { code, ...output };
  };

  it('lists every projection with its state and lag, as the admin API does', async () => {
    await untilConsumersCaughtUp(testApp().dataSource);
    const listed = await run();
    expect(listed.code).toBe(0);
    expect(listed.out.split('\n')[0]).toMatch(/^projection\s+kind\s+state\s+lag events\s+lag s\s+runner\s+dead letters$/);
    expect(listed.out).toMatch(new RegExp(`^${ACTIVITY}\\s+async\\s+running\\s+0\\s+0\\.0\\s+\\S+:${process.pid}:`, 'm'));
    expect(listed.out).toMatch(/^desk-articles\s+inline\s+running\s+0\s+0\.0\s+\(in each append\)/m);
    const json = await run('list', '--json');
    expect(JSON.parse(json.out)).toEqual(await projections());
  });

  it('pauses and resumes a consumer, saying who paused it and why it waits', async () => {
    const paused = await run('pause', ACTIVITY);
    expect(paused.code).toBe(0);
    expect(paused.out).toMatch(new RegExp(`^${ACTIVITY}: paused: paused by the command line \\(`, 'm'));
    expect((await run('resume', ACTIVITY)).code).toBe(0);
    expect((await consumerReports(testApp().dataSource))[0].state).toBe('running');
  });

  it('refuses an inline projection or an unknown name (exit 1) and arguments it does not know (exit 2), changing nothing', async () => {
    const inline = await run('reset', 'desk-articles');
    expect(inline).toMatchObject({ code: 1, err: expect.stringMatching(/inline projection/) });
    expect(await run('pause', 'nothing-of-the-sort')).toMatchObject({
      code: 1,
      err: expect.stringMatching(/no projection named/),
    });
    for (const args of [['frobnicate'], ['pause'], ['list', ACTIVITY], ['pause', ACTIVITY, 'extra'], ['--loud']]) {
      expect(await run(...args)).toMatchObject({ code: 2, err: expect.stringContaining('usage: npm run projections') });
    }
    expect((await consumerReports(testApp().dataSource))[0].state).toBe('running');
  });
});

import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Sql } from '../src/database/sql';
import { ConsumerCheckpoints } from '../src/event-store/consumer-checkpoints';
import { EventStore } from '../src/event-store/event-store';
import { noInlineProjections } from '../src/event-store/inline-projections';
import { openScratchDatabase } from './support/scratch-database';
import { loadSeedArticle } from '../src/demo/seed-article';
import { runRebuild } from '../src/cli/rebuild-command';
import { projectionRebuilds } from '../src/cli/projections-admin-of';
import { RebuildAlreadyRunning } from '../src/event-store/projection-rebuild';
import { ArticleDriver } from './support/desk-client';
import { untilConsumersCaughtUp } from './support/projections';
import { useScratchApp } from './support/scratch-app';
import { fingerprint } from './support/table-fingerprint';
import { authorizationsFor, people } from './support/test-app';

const seed = loadSeedArticle(join(__dirname, 'fixtures', 'seed-article.txt'));
const { eddie, rita, paul } = people;
const PROJECTIONS = {
  'desk-articles': 'desk_articles',
  'published-articles': 'published_articles',
  'scheduled-publications': 'scheduled_publications',
  'article-activity': 'article_activity',
} as const;
type Projection = keyof typeof PROJECTIONS;

const scratchApp = useScratchApp();
const testApp = () => scratchApp.testApp;
const dataSource = () => scratchApp.testApp.dataSource;
let tokens: Map<string, string>;
let as: Awaited<ReturnType<typeof authorizationsFor>>;
let counter = 0;

beforeAll(async () => {
  tokens = await ArticleDriver.tokensFor(testApp(), Object.values(people));
  as = await authorizationsFor(testApp());
  // Every kind of row: drafts, published and corrected, scheduled, unpublished.
  for (let index = 0; index < 4; index += 1) await publishedArticle();
  const scheduled = await approvedArticle();
  await scheduled.act(paul, 'publish', { at: '2999-01-01T00:00:00Z' });
  const unpublished = await publishedArticle();
  await unpublished.act(paul, 'unpublish', { reason: 'Withdrawn.' });
});

async function approvedArticle(): Promise<ArticleDriver> {
  const article = new ArticleDriver(testApp(), tokens);
  counter += 1;
  await article.create(eddie, { ...seed.draft, slug: `rebuild-${Date.now()}-${counter}` });
  await article.act(eddie, 'submit');
  await article.act(rita, 'approve');
  return article;
}

async function publishedArticle(): Promise<ArticleDriver> {
  const article = await approvedArticle();
  expect((await article.act(paul, 'publish')).status).toBe(200);
  return article;
}

/** Writers through the API until stopped: drafts and edits, so every projection has work meanwhile. */
function keepWriting(): { stop(): Promise<number> } {
  let stopped = false;
  let writes = 0;
  const writer = async () => {
    while (!stopped) {
      const article = new ArticleDriver(testApp(), tokens);
      counter += 1;
      expect((await article.create(eddie, { ...seed.draft, slug: `rebuild-writes-${Date.now()}-${counter}` })).status).toBe(201);
      expect((await article.edit(eddie, { standfirst: `Edited while rebuilding, ${counter}.` })).status).toBe(200);
      writes += 2;
    }
  };
  const writers = [writer(), writer()];
  return {
    stop: async () => {
      stopped = true;
      await Promise.all(writers);
      return writes;
    },
  };
}

const rebuild = async (name: Projection) =>
  (await projectionRebuilds(dataSource()).start(projectionRebuilds(dataSource()).target(name)!, 'a spec')).done;

const eventCount = async (): Promise<number> => Number((await dataSource().query(`SELECT count(*) FROM events`))[0].count);
const tableOid = async (table: string): Promise<number> =>
  (await dataSource().query(`SELECT $1::regclass::oid::int AS oid`, [table]))[0].oid;
async function untilMore(than: number): Promise<void> {
  while ((await eventCount()) <= than) await new Promise((resolve) => setTimeout(resolve, 10));
}

const readModelsIntact = async () => {
  await untilConsumersCaughtUp(dataSource());
  const { body } = await testApp().http().get('/audit/verify?readModels=true').set('authorization', as.audrey).expect(200);
  return body.readModels as { intact: boolean; tables: { table: string; differing: number }[] };
};

describe('a rebuild', () => {
  it.each(Object.entries(PROJECTIONS) as [Projection, string][])(
    'of %s gives back exactly the table it replaces',
    async (name, table) => {
      await untilConsumersCaughtUp(dataSource());
      const before = { table: await tableOid(table), rows: await fingerprint(dataSource(), [table]) };
      const result = await rebuild(name);
      expect(result.events).toBe(await eventCount());
      // Another table, with the same rows.
      expect(await tableOid(table)).not.toBe(before.table);
      expect(await fingerprint(dataSource(), [table])).toEqual(before.rows);
    },
  );

  it.each(Object.keys(PROJECTIONS) as Projection[])(
    'of %s swaps in while writes go on, equal to a replay of the events afterwards, and no write fails',
    async (name) => {
      const writing = keepWriting();
      await untilMore(await eventCount());
      const before = { table: await tableOid(PROJECTIONS[name]), events: await eventCount() };
      const result = await rebuild(name);
      await writing.stop();
      // The events appended while it ran are in it: copied, or caught up under the swap's lock.
      expect(result.events).toBeGreaterThan(before.events);
      expect(await tableOid(PROJECTIONS[name])).not.toBe(before.table);
      expect(result.swapMs).toBeLessThan(2_000);
      const readModels = await readModelsIntact();
      expect(readModels.tables.filter((each) => each.differing > 0)).toEqual([]);
      expect(readModels.intact).toBe(true);
    },
  );

  it('keeps the live constraint names: a publication at a taken slug is still refused as such', async () => {
    await rebuild('published-articles');
    const holder = await publishedArticle();
    const slug = (await holder.read(eddie)).body.slug as string;
    const article = new ArticleDriver(testApp(), tokens);
    await article.create(eddie, { ...seed.draft, slug });
    await article.act(eddie, 'submit');
    await article.act(rita, 'approve');
    const refused = await article.act(paul, 'publish');
    expect(refused.status).toBe(409);
    expect(refused.body.type).toBe('https://copydesk.dev/problems/slug-taken');
  });

  it('leaves the activity consumer running from where the rebuilt table ends, applying each later event once', async () => {
    await rebuild('article-activity');
    await publishedArticle();
    await untilConsumersCaughtUp(dataSource());
    const [{ rows, events }] = await dataSource().query(
      `SELECT (SELECT count(*) FROM article_activity)::int AS rows,
              (SELECT count(*) FROM events WHERE stream_id LIKE 'article-%')::int AS events`,
    );
    expect(rows).toBe(events);
    const listed = await testApp().http().get('/admin/projections').set('authorization', as.ada).expect(200);
    expect(listed.body.projections.find((each: { name: string }) => each.name === 'article-activity')).toMatchObject({
      state: 'running',
      failure: null,
      rebuild: { state: 'done', startedBy: 'a spec', swapMs: expect.any(Number) },
    });
  });

  it('of a consumer no engine has run yet gives it a checkpoint where its rebuilt table ends', async () => {
    const scratch = await openScratchDatabase();
    try {
      const store = new EventStore(Sql.of(scratch.dataSource), noInlineProjections());
      const streamId = `article-${randomUUID()}`;
      for (let version = 0; version < 3; version++) {
        await store.append(streamId, version === 0 ? 'no_stream' : version, [
          { eventId: randomUUID(), type: 'CommentAdded', data: { commentId: randomUUID(), text: 'Noted.' }, metadata: {} },
        ]);
      }
      const rebuilds = projectionRebuilds(scratch.dataSource);
      await (
        await rebuilds.start(rebuilds.target('article-activity')!, 'a spec')
      ).done;
      const [last] = await store.readStream(streamId, { fromVersion: 3 });
      expect((await new ConsumerCheckpoints(Sql.of(scratch.dataSource)).read('article-activity'))?.cursor).toEqual({
        transactionId: last.transactionId,
        position: last.position,
      });
      expect((await scratch.dataSource.query(`SELECT count(*)::int AS rows FROM article_activity`))[0].rows).toBe(3);
    } finally {
      await scratch.drop();
    }
  });

  it('runs once at a time: a second one is refused while the first runs', async () => {
    const rebuilds = projectionRebuilds(dataSource());
    const first = await rebuilds.start(rebuilds.target('desk-articles')!, 'a spec');
    await expect(rebuilds.start(rebuilds.target('desk-articles')!, 'a spec')).rejects.toBeInstanceOf(RebuildAlreadyRunning);
    const refused = await testApp()
      .http()
      .post('/admin/projections/desk-articles/rebuild')
      .set('authorization', as.ada)
      .expect(409);
    expect(refused.body.detail).toMatch(/already running/);
    await first.done;
  });

  it('stopped halfway, leaves the live tables and no copies behind, and says it failed', async () => {
    const before = await fingerprint(dataSource(), ['desk_articles']);
    const stop = new AbortController();
    stop.abort(new Error('stopped by the spec'));
    const output = { out: '', err: '' };
    const code = await runRebuild(
      dataSource(),
      { out: (text) => (output.out += text), err: (text) => (output.err += text) },
      ['desk-articles'],
      stop.signal,
    );
    expect(code).toBe(1);
    expect(output.err).toMatch(/failed, the live tables are as they were: stopped by the spec/);
    expect(await fingerprint(dataSource(), ['desk_articles'])).toEqual(before);
    expect(await dataSource().query(`SELECT nspname FROM pg_namespace WHERE nspname LIKE 'rebuild_%'`)).toEqual([]);
    const listed = await testApp().http().get('/admin/projections').set('authorization', as.ada).expect(200);
    expect(listed.body.projections[0].rebuild).toMatchObject({ state: 'failed', error: 'stopped by the spec' });
  });
});

describe('POST /admin/projections/:name/rebuild', () => {
  it('starts a rebuild in the background (202), which GET /admin/projections follows to its end', async () => {
    const started = await testApp()
      .http()
      .post('/admin/projections/scheduled-publications/rebuild')
      .set('authorization', as.ada)
      .expect(202);
    expect(started.body).toMatchObject({ name: 'scheduled-publications', rebuild: { startedBy: `${people.ada.name} (ada)` } });
    let report;
    do {
      report = (await testApp().http().get('/admin/projections').set('authorization', as.ada).expect(200)).body.projections.find(
        (each: { name: string }) => each.name === 'scheduled-publications',
      );
    } while (report.rebuild.state === 'copying' || report.rebuild.state === 'swapping');
    expect(report.rebuild).toMatchObject({ state: 'done', error: null });
  });

  it('refuses an unknown name, a body, and anyone but an admin', async () => {
    await testApp().http().post('/admin/projections/nothing/rebuild').set('authorization', as.ada).expect(404);
    await testApp()
      .http()
      .post('/admin/projections/desk-articles/rebuild')
      .set('authorization', as.ada)
      .send({ now: true })
      .expect(400);
    await testApp().http().post('/admin/projections/desk-articles/rebuild').set('authorization', as.eddie).expect(403);
  });
});

describe('npm run rebuild', () => {
  it('shows its progress and rate, and says how long appends waited for the swap', async () => {
    const output = { out: '', err: '' };
    const code = await runRebuild(dataSource(), { out: (text) => (output.out += text), err: (text) => (output.err += text) }, [
      'desk-articles',
    ]);
    expect(code).toBe(0);
    expect(output.err).toMatch(/rebuilding desk-articles \[#{24}\]\s+100%\s+[\d,]+\/[\d,]+ events\s+[\d,]+ events\/s\s+ETA /);
    expect(output.out).toMatch(
      /^rebuilt desk-articles: \d+ events in [\d.]+ s \(\d+ events\/s\); appends waited \d+ ms for the swap\n$/,
    );
  });

  it('refuses no name, two names and an unknown one (exit 2)', async () => {
    for (const args of [[], ['desk-articles', 'published-articles'], ['nothing'], ['--fast']]) {
      const output = { out: '', err: '' };
      expect(
        await runRebuild(dataSource(), { out: (text) => (output.out += text), err: (text) => (output.err += text) }, args),
      ).toBe(2);
      expect(output.err).toContain('usage: npm run rebuild');
    }
  });
});

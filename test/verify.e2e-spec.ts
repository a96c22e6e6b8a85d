import { join } from 'node:path';
import { loadSeedArticle } from '../src/demo/seed-article';
import { inlineProjections } from '../src/inline-projections';
import { runVerify } from '../src/cli/verify-command';
import { InlineProjections } from '../src/event-store/inline-projections';
import { Pool } from 'pg';
import { Sql } from '../src/database/sql';
import { ProjectionReplay } from '../src/event-store/projection-replay';
import { untilConsumersCaughtUp } from './support/projections';
import type { ReadModelReport, TableReport } from '../src/history/read-model-verifier';
import { ArticleDriver } from './support/desk-client';
import { openScratchDatabase, type ScratchDatabase } from './support/scratch-database';
import { authorizationsFor, people, startTestApp, type TestApp } from './support/test-app';

const seed = loadSeedArticle(join(__dirname, 'fixtures', 'seed-article.txt'));
const { eddie, erin, rita, paul } = people;
const READ_MODELS = ['desk_articles', 'published_articles', 'scheduled_publications', 'article_activity'];
/** The scheduler checks once at start and then not for an hour: the schedule set here stays pending. */
const POLL_ONLY_AT_START = '3600000';

let scratch: ScratchDatabase;
let testApp: TestApp;
let as: Awaited<ReturnType<typeof authorizationsFor>>;
/** Published, corrected, unpublished and published again. */
let corrected: ArticleDriver;
/** Scheduled for next year, with a comment. */
let scheduled: ArticleDriver;
/** Sent back, edited, restored, then spiked. */
let spiked: ArticleDriver;

async function approved(slug: string): Promise<ArticleDriver> {
  const tokens = await ArticleDriver.tokensFor(testApp, Object.values(people));
  const article = new ArticleDriver(testApp, tokens);
  expect((await article.create(eddie, { ...seed.draft, slug })).status).toBe(201);
  expect((await article.act(eddie, 'submit')).status).toBe(200);
  expect((await article.act(rita, 'approve')).status).toBe(200);
  return article;
}

async function ok(response: Promise<{ status: number; body: unknown }>): Promise<void> {
  const { status, body } = await response;
  if (status >= 300) throw new Error(`expected success, got ${status}: ${JSON.stringify(body)}`);
}

beforeAll(async () => {
  // Its own database: the specs here corrupt read models, which would fail every other spec's verify.
  scratch = await openScratchDatabase();
  testApp = await startTestApp({ DATABASE_URL: scratch.url, SCHEDULER_POLL_MS: POLL_ONLY_AT_START });
  as = await authorizationsFor(testApp);

  corrected = await approved('verify-corrected');
  await ok(corrected.act(paul, 'publish'));
  await ok(corrected.edit(erin, { headline: 'Belarus’s Lukashenko Cozies Up to China' }));
  await ok(corrected.act(eddie, 'submit'));
  await ok(corrected.act(rita, 'approve'));
  await ok(corrected.act(paul, 'publish', { kind: 'correction', note: 'An earlier version misspelt the name.' }));
  await ok(corrected.act(paul, 'unpublish', { reason: 'Legal asked us to withdraw it.' }));
  await ok(corrected.act(eddie, 'submit'));
  await ok(corrected.act(rita, 'approve'));
  await ok(corrected.act(paul, 'publish', { kind: 'update' }));

  scheduled = await approved('verify-scheduled');
  await ok(scheduled.act(paul, 'publish', { at: new Date(Date.now() + 365 * 86_400_000).toISOString() }));
  await ok(scheduled.act(rita, 'comments', { text: 'Embargoed until the summit.' }));

  const tokens = await ArticleDriver.tokensFor(testApp, Object.values(people));
  spiked = new ArticleDriver(testApp, tokens);
  await ok(spiked.create(eddie, { ...seed.draft, slug: 'verify-spiked' }));
  await ok(spiked.act(eddie, 'submit'));
  await ok(spiked.act(rita, 'request-changes', { reason: 'Needs a second source.' }));
  await ok(spiked.edit(erin, { headline: 'A headline nobody approved' }));
  await ok(spiked.act(erin, 'restore', { version: 1, reason: 'The edit broke the lede.' }));
  await ok(spiked.act(eddie, 'spike', { reason: 'Story fell through.' }));
});
afterAll(async () => {
  await testApp.close();
  await scratch.drop();
});

const verify = (query = '?readModels=true') => testApp.http().get(`/audit/verify${query}`).set('authorization', as.audrey);
const tableOf = (report: ReadModelReport, name: string): TableReport => report.tables.find((table) => table.table === name)!;

/** Changes one live row for `work`, then puts it back exactly as it was. */
async function withRowChanged(table: string, articleId: string, change: string, work: () => Promise<void>): Promise<void> {
  const db = testApp.dataSource;
  const [{ row }]: { row: object }[] = await db.query(`SELECT to_jsonb(t) AS row FROM ${table} t WHERE article_id = $1`, [
    articleId,
  ]);
  await db.query(`UPDATE ${table} SET ${change} WHERE article_id = $1`, [articleId]);
  try {
    await work();
  } finally {
    await db.query(`DELETE FROM ${table} WHERE article_id = $1`, [articleId]);
    await db.query(`INSERT INTO ${table} SELECT * FROM jsonb_populate_record(NULL::${table}, $1)`, [row]);
  }
}

/** The published side keeps one stored representation; a manual edit of its headline is the attack to catch. */
const HACKED_HEADLINE = `document = jsonb_set(document, '{headline}', '"HACKED"')`;

describe('verify with the read models', () => {
  it('finds every read model equal to a replay of the events on an untouched database', async () => {
    await untilConsumersCaughtUp(testApp.dataSource);
    const { body } = await verify().expect(200);
    expect(body).toMatchObject({ intact: true, stream: null, chain: { intact: true, broken: 0 }, readModels: { intact: true } });
    const events = Number((await testApp.dataSource.query(`SELECT count(*) FROM events`))[0].count);
    expect(body.readModels.events).toBe(events);
    expect(body.readModels.tables.map((table: TableReport) => table.table)).toEqual(READ_MODELS);
    expect(body.readModels.tables.map((table: TableReport) => [table.table, table.rows, table.differing])).toEqual([
      ['desk_articles', 3, 0],
      ['published_articles', 1, 0],
      // Only an article that was ever scheduled has a row.
      ['scheduled_publications', 1, 0],
      // An asynchronous consumer, compared with a replay up to its checkpoint: here, every event.
      ['article_activity', events, 0],
    ]);
    expect(body.readModels.consumers).toEqual([{ name: 'article-activity', upToPosition: expect.any(Number), events }]);
    // Nothing is left out silently: the lease column is named with its reason even when no row uses it.
    expect(tableOf(body.readModels, 'scheduled_publications').notCompared).toEqual([
      { columns: ['claimed_until'], why: expect.stringContaining('lease'), rows: 1 },
      { columns: ['last_version'], why: expect.stringContaining('cleared'), rows: 0 },
    ]);
  });

  it('leaves the read models as they were, however often it runs', async () => {
    const snapshot = () =>
      testApp.dataSource.query(
        `SELECT (SELECT jsonb_agg(to_jsonb(p) ORDER BY article_id) FROM published_articles p) AS published,
                (SELECT jsonb_agg(to_jsonb(d) ORDER BY article_id) FROM desk_articles d) AS desk,
                (SELECT jsonb_agg(to_jsonb(s) ORDER BY article_id) FROM scheduled_publications s) AS scheduled`,
      );
    const before = await snapshot();
    await verify().expect(200);
    await verify().expect(200);
    expect(await snapshot()).toEqual(before);
  });

  it('names the published row a manual UPDATE changed, with the column, the replayed value and the one served', async () => {
    await withRowChanged('published_articles', corrected.id, HACKED_HEADLINE, async () => {
      await testApp.http().get('/published/verify-corrected').expect(200);
      const { body } = await verify().expect(200);
      expect(body).toMatchObject({ intact: false, chain: { intact: true }, readModels: { intact: false } });
      expect(tableOf(body.readModels, 'published_articles')).toMatchObject({
        rows: 1,
        differing: 1,
        firstDifference: {
          table: 'published_articles',
          key: corrected.id,
          problem: 'different',
          columns: [
            {
              column: 'document',
              expected: expect.objectContaining({ headline: 'Belarus’s Lukashenko Cozies Up to China' }),
              found: expect.objectContaining({ headline: 'HACKED' }),
            },
          ],
        },
      });
      expect(tableOf(body.readModels, 'desk_articles').differing).toBe(0);
    });
    await verify()
      .expect(200)
      .expect(({ body }) => expect(body.intact).toBe(true));
  });

  it('names a corrupted row in each of the three tables at once', async () => {
    await withRowChanged(
      'published_articles',
      corrected.id,
      `document = jsonb_set(document, '{corrections}', '[]')`,
      async () => {
        await withRowChanged('desk_articles', spiked.id, `status = 'approved', comment_count = 7`, async () => {
          await withRowChanged('scheduled_publications', scheduled.id, `publish_at = publish_at - interval '1 day'`, async () => {
            const { body } = await verify().expect(200);
            expect(body.intact).toBe(false);
            const published = tableOf(body.readModels, 'published_articles').firstDifference!;
            expect(published).toMatchObject({
              key: corrected.id,
              columns: [{ column: 'document', found: expect.objectContaining({ corrections: [] }) }],
            });
            expect((published.columns[0].expected as { corrections: unknown[] }).corrections).toHaveLength(1);
            expect(tableOf(body.readModels, 'desk_articles').firstDifference).toMatchObject({
              key: spiked.id,
              problem: 'different',
              columns: [
                { column: 'status', expected: 'spiked', found: 'approved' },
                { column: 'comment_count', expected: 0, found: 7 },
              ],
            });
            const schedule = tableOf(body.readModels, 'scheduled_publications').firstDifference!;
            expect(schedule).toMatchObject({ key: scheduled.id, columns: [{ column: 'publish_at' }] });
            expect(Date.parse(schedule.columns[0].expected as string) - Date.parse(schedule.columns[0].found as string)).toBe(
              86_400_000,
            );
          });
        });
      },
    );
  });

  it('names a row that is gone and a row no event made', async () => {
    const db = testApp.dataSource;
    const [{ row }]: { row: object }[] = await db.query(
      `SELECT to_jsonb(s) AS row FROM scheduled_publications s WHERE article_id = $1`,
      [scheduled.id],
    );
    await db.query(`DELETE FROM scheduled_publications WHERE article_id = $1`, [scheduled.id]);
    const intruder = '00000000-0000-4000-8000-000000000001';
    await db.query(
      `INSERT INTO published_articles SELECT (jsonb_populate_record(NULL::published_articles, to_jsonb(p) || $2)).*
                    FROM published_articles p WHERE article_id = $1`,
      [corrected.id, { article_id: intruder, slug: 'planted' }],
    );
    try {
      const { body } = await verify().expect(200);
      expect(tableOf(body.readModels, 'scheduled_publications').firstDifference).toMatchObject({
        key: scheduled.id,
        problem: 'missing',
        detail: `scheduled_publications row article_id=${scheduled.id} is missing: a replay of the events has it`,
      });
      // The intruder's key sorts first, so it is the first difference named; both rows are counted.
      expect(tableOf(body.readModels, 'published_articles')).toMatchObject({
        rows: 2,
        differing: 1,
        firstDifference: { key: intruder, problem: 'unexpected' },
      });
    } finally {
      await db.query(`DELETE FROM published_articles WHERE article_id = $1`, [intruder]);
      await db.query(`INSERT INTO scheduled_publications SELECT * FROM jsonb_populate_record(NULL::scheduled_publications, $1)`, [
        row,
      ]);
    }
  });

  it('accepts what no event decides: a scheduler lease, and a desk row indexed from its headline alone', async () => {
    await withRowChanged('scheduled_publications', scheduled.id, `claimed_until = now() + interval '30 seconds'`, async () => {
      await withRowChanged(
        'desk_articles',
        corrected.id,
        `search_covers_headline_only = true, search_vector = to_tsvector('simple', headline)`,
        async () => {
          const { body } = await verify().expect(200);
          expect(body.intact).toBe(true);
          expect(tableOf(body.readModels, 'desk_articles').notCompared).toEqual([
            { columns: ['search_vector', 'search_covers_headline_only'], why: expect.stringContaining('headline only'), rows: 1 },
          ]);
        },
      );
    });
    // Only a row marked so: the search vector of any other row is compared.
    await withRowChanged('desk_articles', corrected.id, `search_vector = to_tsvector('simple', 'HACKED')`, async () => {
      const { body } = await verify().expect(200);
      expect(tableOf(body.readModels, 'desk_articles').firstDifference).toMatchObject({
        key: corrected.id,
        columns: [{ column: 'search_vector' }],
      });
    });
  });
});

describe('verify of one stream', () => {
  it("checks that stream's chain and only its rows", async () => {
    await withRowChanged('published_articles', corrected.id, HACKED_HEADLINE, async () => {
      const own = await verify(`?stream=article-${corrected.id}&readModels=true`).expect(200);
      const events = (await corrected.events()).length;
      expect(own.body).toMatchObject({
        intact: false,
        stream: `article-${corrected.id}`,
        chain: { intact: true, streams: 1, events },
        readModels: { intact: false, events },
      });
      expect(own.body.readModels.tables.map((table: TableReport) => [table.table, table.rows, table.differing])).toEqual([
        ['desk_articles', 1, 0],
        ['published_articles', 1, 1],
        ['scheduled_publications', 0, 0],
        // A row per event, not per stream: one stream's check leaves it out.
        ['article_activity', 0, 0],
      ]);

      const other = await verify(`?stream=article-${scheduled.id}&readModels=true`).expect(200);
      expect(other.body).toMatchObject({ intact: true, chain: { streams: 1 }, readModels: { intact: true } });
      const chainOnly = await verify(`?stream=article-${corrected.id}`).expect(200);
      expect(chainOnly.body).toMatchObject({ intact: true, readModels: null });
    });
  });

  it('answers 404 for a stream with no events', async () => {
    const response = await verify('?stream=article-00000000-0000-4000-8000-00000000abcd').expect(404);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({
      status: 404,
      detail: 'stream article-00000000-0000-4000-8000-00000000abcd has no events',
      stream: 'article-00000000-0000-4000-8000-00000000abcd',
    });
  });

  it('refuses bad values with the fields named', async () => {
    const response = await verify('?stream=article-1;DROP&readModels=yes').expect(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body.errors).toEqual([
      { field: 'stream', messages: [expect.stringContaining('article-<uuid>')] },
      { field: 'readModels', messages: ['readModels must be true or false'] },
    ]);
    const unknown = await verify('?everything=true').expect(400);
    expect(unknown.body.errors).toEqual([{ field: 'everything', messages: [expect.any(String)] }]);
  });
});

describe('npm run verify --read-models', () => {
  const run = async (args: string[]) => {
    const output = { out: '', err: '' };
    const code = await runVerify(
      testApp.dataSource,
      { out: (text) => (output.out += text), err: (text) => (output.err += text) },
      args,
    );
    return { code, ...output };
  };

  it('composes the same projections as the application', () => {
    const names = (projections: InlineProjections) => projections.all.map((projection) => projection.name);
    expect(names(inlineProjections())).toEqual(names(testApp.app.get(InlineProjections)));
  });

  it('exits 0 on a clean database, 1 naming each table that differs, for all streams or one', async () => {
    const clean = await run(['--read-models']);
    expect(clean).toMatchObject({ code: 0, err: '' });
    expect(clean.out).toMatch(
      /desk_articles, published_articles, scheduled_publications, article_activity equal a replay of \d+ events\n$/,
    );

    await withRowChanged('published_articles', corrected.id, HACKED_HEADLINE, async () => {
      await withRowChanged('desk_articles', scheduled.id, `headline = 'HACKED'`, async () => {
        const all = await run(['--read-models']);
        expect(all.code).toBe(1);
        expect(all.err.trim().split('\n')).toEqual([
          expect.stringMatching(
            /^verify: read model differs \(1 of 3 rows\): desk_articles row .* in headline: .*found "HACKED"$/,
          ),
          expect.stringMatching(
            /^verify: read model differs \(1 of 1 rows\): published_articles row .* in document: expected .*, found .*/,
          ),
        ]);
        expect(JSON.parse(all.out).readModels.intact).toBe(false);

        const one = await run(['--stream', `article-${scheduled.id}`, '--read-models']);
        expect(one.code).toBe(1);
        expect(one.err).toMatch(/^verify: read model differs \(1 of 1 rows\): desk_articles row article_id=/);
        // Without --read-models only the chains are walked, and they hold.
        expect((await run([])).code).toBe(0);
      });
    });
  });

  it('exits 2 on bad arguments, naming them, and 1 for a stream with no events', async () => {
    expect(await run(['--stream', 'nope'])).toMatchObject({
      code: 2,
      err: expect.stringMatching(/^verify: --stream: stream must be/),
    });
    expect(await run(['--everything'])).toMatchObject({ code: 2, err: expect.stringContaining("Unknown option '--everything'") });
    expect(await run(['--stream', 'article-00000000-0000-4000-8000-00000000abcd'])).toMatchObject({
      code: 1,
      err: 'verify: stream article-00000000-0000-4000-8000-00000000abcd has no events\n',
    });
  });
});

describe('the replay on its own', () => {
  it('replays into tables of a schema of their own that survive the commit, equal to the live ones', async () => {
    const db = testApp.dataSource;
    // One connection, so that what follows the transaction runs where the replay's search path was set.
    const pool = new Pool({ connectionString: scratch.url, max: 1 });
    const sql = new Sql(pool);
    try {
      await sql.query(`CREATE SCHEMA replay_test`);
      const result = await sql.transaction(
        (transaction) =>
          testApp.app
            .get(ProjectionReplay)
            .run(transaction, testApp.app.get(ProjectionReplay).inline(testApp.app.get(InlineProjections)), {
              schema: 'replay_test',
            }),
        { isolation: 'REPEATABLE READ' },
      );
      expect(result).toMatchObject({ liveSchema: 'public', schema: 'replay_test' });
      for (const table of READ_MODELS.filter((name) => name !== 'article_activity')) {
        const [{ differing }]: { differing: number }[] = await db.query(
          `SELECT count(*)::int AS differing FROM (
             (SELECT * FROM public.${table} EXCEPT ALL SELECT * FROM replay_test.${table})
             UNION ALL (SELECT * FROM replay_test.${table} EXCEPT ALL SELECT * FROM public.${table})) AS d`,
        );
        expect([table, differing]).toEqual([table, 0]);
      }
      // The search path was the transaction's only: this connection reads the live tables again.
      expect((await sql.query(`SHOW search_path`))[0].search_path).not.toContain('replay_test');
    } finally {
      await sql.query(`DROP SCHEMA IF EXISTS replay_test CASCADE`);
      await pool.end();
    }
  });
});

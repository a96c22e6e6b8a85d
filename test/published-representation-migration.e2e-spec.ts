import { join } from 'node:path';
import { PublishedRepresentation1764331200010 } from '../migrations/1764331200010-PublishedRepresentation';
import { loadSeedArticle } from '../src/demo/seed-article';
import { ArticleDriver } from './support/desk-client';
import { useScratchApp } from './support/scratch-app';
import { people } from './support/test-app';

const seed = loadSeedArticle(join(__dirname, 'fixtures', 'seed-article.txt'));

const app = useScratchApp();

const rows = async () =>
  (await app.scratch.dataSource.query(
    `SELECT article_id, document, etag, first_published_at, updated_at FROM published_articles ORDER BY article_id`,
  )) as { document: Record<string, unknown>; etag: string }[];

/**
 * Rows projected before the representation existed are rebuilt by the migration from their columns
 * and the stream's publications: the migration taken down (back to one column per field) and up
 * again must give the very document the projection writes, for a corrected article and a withdrawn one.
 */
it('rebuilds the representation of rows from before it, as the projection builds it', async () => {
  const tokens = await ArticleDriver.tokensFor(app.testApp, Object.values(people));
  const { eddie, rita, paul } = people;
  const publish = async (article: ArticleDriver, body: object = {}) => {
    for (const [who, action, payload] of [
      [eddie, 'submit', {}],
      [rita, 'approve', {}],
      [paul, 'publish', body],
    ] as const) {
      expect((await article.act(who, action, payload)).status).toBe(200);
    }
  };
  const corrected = new ArticleDriver(app.testApp, tokens);
  await corrected.create(eddie, { ...seed.draft, slug: 'migrated-corrected' });
  for (const source of seed.sources) await corrected.act(eddie, 'sources', source);
  await publish(corrected);
  await corrected.edit(eddie, { standfirst: 'A three-day state visit.' });
  await publish(corrected, { kind: 'correction', note: 'An earlier version had no standfirst.' });
  await corrected.edit(eddie, { tags: ['Belarus', 'China'] });
  await publish(corrected, { kind: 'update' });
  const withdrawn = new ArticleDriver(app.testApp, tokens);
  await withdrawn.create(eddie, { ...seed.draft, slug: 'migrated-withdrawn' });
  await publish(withdrawn);
  expect((await withdrawn.act(paul, 'unpublish', { reason: 'Legal' })).status).toBe(200);

  const projected = await rows();
  expect(projected.map((row) => row.document.slug)).toEqual(expect.arrayContaining(['migrated-corrected', 'migrated-withdrawn']));
  const migration = new PublishedRepresentation1764331200010();
  const runner = app.scratch.dataSource.createQueryRunner();
  try {
    await migration.down(runner);
    const [old] = await runner.query(
      `SELECT headline, corrections, kind FROM published_articles WHERE slug = 'migrated-corrected'`,
    );
    expect(old).toMatchObject({
      headline: seed.draft.headline,
      kind: 'update',
      corrections: [{ note: 'An earlier version had no standfirst.' }],
    });
    await migration.up(runner);
  } finally {
    await runner.release();
  }
  const migrated = await rows();
  expect(migrated.map((row) => row.document)).toEqual(projected.map((row) => row.document));
  for (const row of migrated) expect(row.etag).toMatch(/^"[0-9a-f]{32}"$/);

  // The service reads the rebuilt rows as it reads its own.
  const page = await app.testApp.http().get('/published/migrated-corrected').expect(200);
  expect(page.body).toMatchObject({ version: 3, kind: 'update', standfirst: 'A three-day state visit.' });
  await app.testApp.http().get('/published/migrated-withdrawn/ninjs').expect(410);
});

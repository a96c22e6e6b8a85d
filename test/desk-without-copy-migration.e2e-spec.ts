import { join } from 'node:path';
import { DeskWithoutCopy1764331200040 } from '../migrations/1764331200040-DeskWithoutCopy';
import { loadSeedArticle } from '../src/demo/seed-article';
import { ArticleDriver } from './support/desk-client';
import { useScratchApp } from './support/scratch-app';
import { people } from './support/test-app';

const seed = loadSeedArticle(join(__dirname, 'fixtures', 'seed-article.txt'));

const app = useScratchApp();

const flags = async () =>
  Object.fromEntries(
    (
      (await app.scratch.dataSource.query(`SELECT slug, search_covers_headline_only FROM desk_articles`)) as {
        slug: string;
        search_covers_headline_only: boolean;
      }[]
    ).map((row) => [row.slug, row.search_covers_headline_only]),
  );

/**
 * Taken down, the migration leaves every row as a row from before the desk kept the copy (no copy);
 * the copy is put back on one of them as it was then, and up again only the rows without one are
 * marked as indexed from their headline alone.
 */
it('marks the rows that never kept a copy as searchable by their headline only, and no other', async () => {
  const tokens = await ArticleDriver.tokensFor(app.testApp, [people.eddie]);
  for (const slug of ['migrated-with-copy', 'migrated-without-copy']) {
    await new ArticleDriver(app.testApp, tokens).create(people.eddie, { ...seed.draft, slug });
  }
  expect(await flags()).toEqual({ 'migrated-with-copy': false, 'migrated-without-copy': false });

  const migration = new DeskWithoutCopy1764331200040();
  const runner = app.scratch.dataSource.createQueryRunner();
  try {
    await migration.down(runner);
    await runner.query(`UPDATE desk_articles SET document = '{}'::jsonb WHERE slug = 'migrated-with-copy'`);
    await migration.up(runner);
  } finally {
    await runner.release();
  }
  expect(await flags()).toEqual({ 'migrated-with-copy': false, 'migrated-without-copy': true });
  const [{ exists }] = await app.scratch.dataSource.query(
    `SELECT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_name = 'desk_articles' AND column_name = 'document')`,
  );
  expect(exists).toBe(false);
});

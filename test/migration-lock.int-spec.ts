import { migrations } from '../migrations';
import { Database } from '../src/database/database';
import { openScratchDatabase, type ScratchDatabase } from './support/scratch-database';

/**
 * N instances deployed at once over a fresh database all migrate at start. Without a lock around the
 * migrations they race to create the same tables and all but one fail to start.
 */
let scratch: ScratchDatabase;

beforeAll(async () => {
  scratch = await openScratchDatabase({ migrations: [] });
});
afterAll(() => scratch?.drop());

describe('instances starting at once on a fresh database', () => {
  it('all start: one applies every migration, the others wait for it and find none pending', async () => {
    const started = await Promise.allSettled(
      [1, 2, 3].map(() => Database.open({ databaseUrl: scratch.url, dataDir: '', databasePoolSize: 2 })),
    );
    const opened = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
    try {
      expect(started.filter((result) => result.status === 'rejected')).toEqual([]);
      expect(opened.map((database) => database.appliedMigrations.length).sort((a, b) => a - b)).toEqual([
        0,
        0,
        migrations.length,
      ]);
      const [{ count }] = await scratch.dataSource.query<{ count: number }[]>(
        'SELECT count(*)::integer AS count FROM schema_migrations',
      );
      expect(count).toBe(migrations.length);
    } finally {
      await Promise.all(opened.map((database) => database.close()));
    }
  });
});

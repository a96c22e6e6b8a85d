import { randomUUID } from 'node:crypto';
import { DataSource, type MigrationInterface } from 'typeorm';
import { migrations as allMigrations } from '../../migrations';
import { dataSourceOptions } from '../../src/config/data-source-options';

export interface ScratchDatabase {
  readonly url: string;
  readonly dataSource: DataSource;
  drop(): Promise<void>;
}

/**
 * A database of its own on the test server, for specs that damage the event log on purpose (a
 * tampered row would make every other spec's verify fail) or that need an older schema.
 */
export async function openScratchDatabase(
  options: { migrations?: (new () => MigrationInterface)[] } = {},
): Promise<ScratchDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) throw new Error('DATABASE_URL is not set: run the tests through `npm test`');
  const name = `copydesk_scratch_${randomUUID().replaceAll('-', '')}`;
  const admin = new DataSource(dataSourceOptions(serverUrl, 1));
  await admin.initialize();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const dataSource = new DataSource({
    ...dataSourceOptions(url.toString(), 10),
    migrations: options.migrations ?? allMigrations,
  });
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  return {
    url: url.toString(),
    dataSource,
    drop: async () => {
      if (dataSource.isInitialized) await dataSource.destroy();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.destroy();
    },
  };
}

/** As the database owner: switch the append-only trigger off for `work`, the way an intruder with that role could. */
export async function withAppendOnlyTriggerOff(dataSource: DataSource, work: () => Promise<void>): Promise<void> {
  await dataSource.query(`ALTER TABLE events DISABLE TRIGGER events_append_only`);
  try {
    await work();
  } finally {
    await dataSource.query(`ALTER TABLE events ENABLE TRIGGER events_append_only`);
  }
}

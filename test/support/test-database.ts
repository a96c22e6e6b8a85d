import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/config/data-source-options';

/** A migrated connection to the test server (see global-setup); each spec uses fresh stream ids. */
export async function openTestDataSource(poolSize = 40): Promise<DataSource> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set: run the tests through `npm test`');
  const dataSource = new DataSource(dataSourceOptions(url, poolSize));
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  return dataSource;
}

import type { DataSourceOptions } from 'typeorm';
import { migrations } from '../../migrations';

/** One definition of the connection for the app, the tests, the benchmark and the TypeORM CLI. */
export function dataSourceOptions(url: string, poolSize = 20): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    migrations,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    // The schema belongs to the migrations alone.
    synchronize: false,
    entities: [],
    poolSize,
    // A request waits at most this long for a connection, then gets a 503 instead of hanging while the database is down.
    extra: { application_name: 'copydesk', connectionTimeoutMillis: 5_000 },
  };
}

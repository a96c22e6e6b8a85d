import type { DataSource } from 'typeorm';

/** 'CDM1': the one-key advisory lock every instance takes around its migrations. */
const MIGRATION_LOCK = 0x43444d31;

/**
 * Runs `migrate` while holding a session advisory lock on a connection of its own. TypeORM's
 * migrations take no lock: two instances starting at once on a fresh database (a deployment of N
 * instances, or test workers) would both create the same tables and one would fail. With the lock the
 * second waits, then finds nothing pending.
 */
export async function whileHoldingMigrationLock<T>(dataSource: DataSource, migrate: () => Promise<T>): Promise<T> {
  const session = dataSource.createQueryRunner();
  await session.connect();
  try {
    await session.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      return await migrate();
    } finally {
      await session.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    await session.release();
  }
}

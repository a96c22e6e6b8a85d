import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedPostgres } from '../../src/database/embedded-postgres';

/**
 * Integration and e2e specs need a real PostgreSQL. With DATABASE_URL set they use that server;
 * without it a throwaway embedded one is started here for the run and stopped in global-teardown.
 */
export default async function globalSetup(globalConfig: { selectProjects?: string[] }): Promise<void> {
  // Unit specs are pure: a run of only them needs no database.
  if (globalConfig.selectProjects?.length === 1 && globalConfig.selectProjects[0] === 'unit') return;
  if (!process.env.JWT_SECRET) process.env.JWT_SECRET = 'copydesk-test-secret-that-is-long-enough-for-hs256';
  // Every app the specs start, in-process or as a process, serves its metrics on a free port of its own.
  process.env.METRICS_PORT = '0';
  if (process.env.DATABASE_URL) return;
  const dataDir = await mkdtemp(join(tmpdir(), 'copydesk-test-'));
  const server = await EmbeddedPostgres.start(dataDir);
  if (server.placementNote) process.stderr.write(`${server.placementNote}\n`);
  process.env.DATABASE_URL = server.url;
  (globalThis as { copydeskTestDatabase?: EmbeddedPostgres }).copydeskTestDatabase = server;
}

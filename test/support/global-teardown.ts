import { rm } from 'node:fs/promises';
import type { EmbeddedPostgres } from '../../src/database/embedded-postgres';

export default async function globalTeardown(): Promise<void> {
  const started = (globalThis as { copydeskTestDatabase?: { server: EmbeddedPostgres; dataDir: string } }).copydeskTestDatabase;
  if (!started) return;
  await started.server.stop();
  await rm(started.dataDir, { recursive: true, force: true });
}

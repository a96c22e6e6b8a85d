import type { EmbeddedPostgres } from '../../src/database/embedded-postgres';

export default async function globalTeardown(): Promise<void> {
  // The throwaway server of global-setup: its data folder, and its cluster wherever that was placed, go with it.
  await (globalThis as { copydeskTestDatabase?: EmbeddedPostgres }).copydeskTestDatabase?.discard();
}

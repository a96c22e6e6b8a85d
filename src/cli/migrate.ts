import { Logger } from '@nestjs/common';
import { loadConfig } from '../config/app-config';
import { Database } from '../database/database';

/** Applies pending migrations the way the service does on start, then stops. */
async function main(): Promise<void> {
  const config = loadConfig();
  Logger.overrideLogger(config.logLevels);
  const database = await Database.open(config);
  await database.close();
  const applied = database.appliedMigrations;
  process.stdout.write(
    applied.length === 0
      ? `schema is up to date (${database.location})\n`
      : `applied ${applied.length} migration(s) to ${database.location}: ${applied.join(', ')}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`migrate: failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});

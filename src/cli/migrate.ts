import { ConsoleLogger, Logger } from '@nestjs/common';
import { loadConfig } from '../config/app-config';
import { Database } from '../database/database';

/** Applies pending migrations the way the service does on start, then stops. */

const APPLIED = /^migration (.+) applied$/;

/**
 * Database.open logs each migration it applies but does not return them, so the log is the only
 * record of what this run did. Same levels as the service: PostgreSQL's own lines are debug.
 */
class MigrationLog extends ConsoleLogger {
  readonly applied: string[] = [];

  constructor() {
    super({ logLevels: ['log', 'warn', 'error', 'fatal'] });
  }

  override log(message: unknown, ...rest: unknown[]): void {
    const name = rest.at(-1) === 'Database' && typeof message === 'string' ? APPLIED.exec(message)?.[1] : undefined;
    if (name) this.applied.push(name);
    super.log(message, ...rest);
  }
}

async function main(): Promise<void> {
  const log = new MigrationLog();
  Logger.overrideLogger(log);
  const config = loadConfig();
  const database = await Database.open(config);
  await database.close();
  const where = config.databaseUrl === null ? `the embedded PostgreSQL in ${config.dataDir}` : 'DATABASE_URL';
  process.stdout.write(
    log.applied.length === 0
      ? `schema is up to date (${where})\n`
      : `applied ${log.applied.length} migration(s) to ${where}: ${log.applied.join(', ')}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`migrate: failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});

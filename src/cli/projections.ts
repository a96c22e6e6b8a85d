import { Logger } from '@nestjs/common';
import { loadConfig } from '../config/app-config';
import { Database } from '../database/database';
import { runProjections } from './projections-command';

/** npm run projections [-- list | pause <name> | resume <name> | reset <name>] [--json], beside a running service or not. */
async function main(): Promise<void> {
  const config = loadConfig();
  Logger.overrideLogger(config.logLevels.filter((level) => level !== 'log'));
  const database = await Database.open(config, { migrate: false, shareRunning: true });
  try {
    process.exitCode = await runProjections(
      database.dataSource,
      { out: (text) => process.stdout.write(text), err: (text) => process.stderr.write(text) },
      process.argv.slice(2),
    );
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`projections: failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});

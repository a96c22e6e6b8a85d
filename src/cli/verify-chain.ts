import { Logger } from '@nestjs/common';
import { loadConfig } from '../config/app-config';
import { Database } from '../database/database';
import { runVerify } from './verify-command';

/**
 * npm run verify [-- --stream <id>] [--read-models]: exit code 0 when everything checked holds, 1 when
 * a link is broken, a read model differs or the check failed, 2 when the arguments are wrong.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  Logger.overrideLogger(config.logLevels);
  const database = await Database.open(config, { migrate: false });
  try {
    process.exitCode = await runVerify(
      database.dataSource,
      { out: (text) => process.stdout.write(text), err: (text) => process.stderr.write(text) },
      process.argv.slice(2),
    );
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`verify: failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});

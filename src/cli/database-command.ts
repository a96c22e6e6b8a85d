import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { loadConfig } from '../config/app-config';
import { Database } from '../database/database';
import type { Output } from './verify-command';

export type DatabaseCommand = (dataSource: DataSource, output: Output, args: readonly string[]) => Promise<number>;

/**
 * Runs a command-line tool against the configured database, never changing its schema: with
 * `shareRunning`, beside a running service on its embedded database (Database.open). The command's
 * answer is the exit code; a failure is one line on stderr and exit code 1.
 */
export function runDatabaseCommand(
  name: string,
  command: DatabaseCommand,
  options: { readonly shareRunning?: boolean; readonly quiet?: boolean } = {},
): void {
  const main = async () => {
    const config = loadConfig();
    // Quiet tools print their own report; Nest's informational lines would be mixed into it.
    Logger.overrideLogger(options.quiet ? config.logLevels.filter((level) => level !== 'log') : config.logLevels);
    const database = await Database.open(config, { migrate: false, shareRunning: options.shareRunning });
    try {
      process.exitCode = await command(
        database.dataSource,
        { out: (text) => process.stdout.write(text), err: (text) => process.stderr.write(text) },
        process.argv.slice(2),
      );
    } finally {
      await database.close();
    }
  };
  main().catch((error: unknown) => {
    process.stderr.write(`${name}: failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}

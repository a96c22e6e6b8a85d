import { whileHoldingMigrationLock } from './migration-lock';
import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { dataSourceOptions } from '../config/data-source-options';
import { EmbeddedPostgres } from './embedded-postgres';

/**
 * The database connection and, when no DATABASE_URL is given, the embedded server behind it.
 * One owner for both so that shutdown happens in order: pool first, then the server.
 */
export class Database implements OnApplicationShutdown {
  private static readonly logger = new Logger('Database');

  private constructor(
    readonly dataSource: DataSource,
    private readonly embedded: EmbeddedPostgres | null,
    /** Names of the migrations this start applied (empty when the schema was up to date). */
    readonly appliedMigrations: readonly string[],
    /** The data folder of an embedded server another process started and this one only connected to. */
    private readonly sharedDataDir: string | null = null,
  ) {}

  /**
   * `migrate: false` is for tools that must only read (verify): they refuse a schema that is not
   * current rather than change it, since migrating would rewrite what they came to check.
   * `shareRunning` is for tools run beside the service (rebuild, projections): on the embedded
   * database they connect to the server the running service started in its data folder, instead
   * of refusing a folder in use, and leave it running; with none running they start their own.
   */
  static async open(
    config: Pick<AppConfig, 'databaseUrl' | 'dataDir' | 'databasePoolSize'>,
    { migrate = true, shareRunning = false }: { readonly migrate?: boolean; readonly shareRunning?: boolean } = {},
  ): Promise<Database> {
    const shared = config.databaseUrl === null && shareRunning ? await EmbeddedPostgres.runningIn(config.dataDir) : null;
    if (shared) Database.logger.log(`using the embedded PostgreSQL the running service started in ${config.dataDir}`);
    const embedded =
      config.databaseUrl === null && shared === null
        ? await EmbeddedPostgres.start(config.dataDir, (line) => Database.logger.debug(line.trim()))
        : null;
    if (embedded) {
      Database.logger.log(
        `embedded PostgreSQL started with its data in ${config.dataDir}` +
          (embedded.placementNote ? `; ${embedded.placementNote}` : ''),
      );
    }
    const dataSource = new DataSource(dataSourceOptions(shared ?? embedded?.url ?? config.databaseUrl!, config.databasePoolSize));
    try {
      await dataSource.initialize();
      if (!migrate && (await dataSource.showMigrations())) {
        throw new Error(
          'the database has migrations pending; run `npm run migrate` first (this command never changes the schema)',
        );
      }
      const applied = migrate
        ? (await whileHoldingMigrationLock(dataSource, () => dataSource.runMigrations({ transaction: 'each' }))).map(
            (migration) => migration.name,
          )
        : [];
      for (const name of applied) Database.logger.log(`migration ${name} applied`);
      return new Database(dataSource, embedded, applied, shared === null ? null : config.dataDir);
    } catch (error) {
      if (dataSource.isInitialized) await dataSource.destroy();
      await embedded?.stop();
      throw error;
    }
  }

  /** For readiness probes: true when the server answers a trivial query. */
  async answers(): Promise<boolean> {
    try {
      await this.dataSource.query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }

  /** Where the data lives, for messages to people. */
  get location(): string {
    const dataDir = this.embedded?.dataDir ?? this.sharedDataDir;
    return dataDir ? `the embedded PostgreSQL in ${dataDir}` : 'the server named by DATABASE_URL';
  }

  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }

  async close(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
    await this.embedded?.stop();
  }
}

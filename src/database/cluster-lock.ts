import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { StartupError } from '../common/startup-error';

export class DataDirectoryInUseError extends StartupError {
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

/** Refuses a cluster whose lock file names a live PostgreSQL: another Copydesk's, or one left running. */
export async function refuseIfRunning(clusterDirectory: string): Promise<void> {
  const lockFile = join(clusterDirectory, 'postmaster.pid');
  if (!existsSync(lockFile)) return;
  const pid = Number.parseInt((await readFile(lockFile, 'utf8')).split('\n')[0], 10);
  if (Number.isInteger(pid) && isAlive(pid)) throw new DataDirectoryInUseError(clusterDirectory, pid);
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

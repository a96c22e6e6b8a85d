import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, lstat, mkdir, readdir, readlink, realpath, rename, rmdir, symlink, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { StartupError } from '../common/startup-error';
import { mirrorBinaries } from './binary-mirror';
import { refuseIfRunning } from './cluster-lock';
import type { PostgresBinaries } from './packaged-binaries';
import type { PostgresAccount } from './postgres-account';

/** Where a root process keeps what the postgres user could not reach in the project. */
export const PLACEMENT_BASE = '/var/lib/copydesk';

export interface Placement {
  readonly binaries: PostgresBinaries;
  readonly clusterDirectory: string;
  /** The folder made for the cluster outside the data folder, if one was needed. */
  readonly clusterHome: string | null;
  /** One sentence for the log when anything was placed outside the project, and where. */
  readonly note: string | null;
}

/**
 * Where PostgreSQL, run as `account`, can find its binaries and its cluster. A project in a folder
 * private to root (/root/..., `mktemp -d`) is out of that user's reach; rather than open up a
 * person's private folders, what it cannot reach is placed under PLACEMENT_BASE:
 * - the binaries as a mirror shared by every project with the same install (binary-mirror.ts);
 * - the cluster in `clusters/<hash of the data folder's real path>/postgres`, so the data of one
 *   data folder survives restarts and two checkouts never share a cluster. `<dataDir>/postgres` is
 *   a symbolic link to it, so the data folder still shows where its database is.
 */
export async function placeForPostgres(
  dataDir: string,
  packaged: PostgresBinaries & { readonly version: string },
  account: PostgresAccount,
): Promise<Placement> {
  const linked = join(dataDir, 'postgres');
  const existing = await lstat(linked).catch(() => null);
  const [binariesReachable, dataDirReachable] = await Promise.all([reachesAll(account, packaged), account.reaches(dataDir, 'x')]);
  const relocateCluster = existing?.isSymbolicLink() === true || !dataDirReachable;
  if (binariesReachable && !relocateCluster) {
    return { binaries: packaged, clusterDirectory: linked, clusterHome: null, note: null };
  }
  if (existing && !existing.isSymbolicLink() && !dataDirReachable) await removeEmptyOrRefuse(linked, dataDir);
  await prepareFolder(PLACEMENT_BASE, account);
  const binaries = binariesReachable ? packaged : await mirror(packaged, account);
  const clusterHome = relocateCluster ? await clusterHomeFor(dataDir, account) : null;
  const clusterDirectory = clusterHome ? join(clusterHome, 'postgres') : linked;
  const setAside = clusterHome ? await claim(linked, clusterDirectory) : null;
  const unreachable = [binariesReachable ? null : 'the binaries in node_modules', dataDirReachable ? null : 'the data folder']
    .filter((what) => what !== null)
    .join(' or ');
  const placed = [
    binariesReachable ? null : `runs from ${binaries.root}`,
    clusterHome ? `keeps its cluster in ${clusterDirectory} (linked from ${linked})` : null,
  ]
    .filter((what) => what !== null)
    .join(' and ');
  const note =
    `${unreachable ? `the postgres user cannot reach ${unreachable}, so ` : ''}PostgreSQL ${placed}` +
    (setAside ? `; the cluster an earlier data folder at this path left there was set aside as ${setAside}` : '');
  return { binaries, clusterDirectory, clusterHome, note };
}

/**
 * Earlier versions failed right after making `<dataDir>/postgres`, leaving it empty: nothing there to
 * keep. Anything else there may be someone's data, which is not moved behind their back.
 */
async function removeEmptyOrRefuse(linked: string, dataDir: string): Promise<void> {
  const entries = await readdir(linked).catch(() => null);
  if (entries?.length === 0) return rmdir(linked);
  throw new StartupError(
    `the embedded PostgreSQL runs as the postgres user, which cannot reach the existing cluster ${linked} ` +
      `(a folder above it is private); make the folders above ${dataDir} searchable (chmod o+x) or set DATA_DIR to a folder it can reach`,
  );
}

async function reachesAll(account: PostgresAccount, binaries: PostgresBinaries): Promise<boolean> {
  const checks = await Promise.all([
    account.reaches(binaries.initdb, 'x'),
    account.reaches(binaries.postgres, 'x'),
    account.reaches(join(binaries.root, 'lib'), 'x'),
    account.reaches(join(binaries.root, 'share'), 'x'),
  ]);
  return checks.every(Boolean);
}

async function mirror(packaged: PostgresBinaries & { readonly version: string }, account: PostgresAccount) {
  const binaries = await mirrorBinaries(packaged, packaged.version, PLACEMENT_BASE).catch((error: Error) => {
    throw new StartupError(
      `the postgres user cannot reach PostgreSQL's binaries in ${packaged.root}, and copying them to ${PLACEMENT_BASE} failed ` +
        `(${error.message}); make the folders above the project searchable (chmod o+x) or set DATABASE_URL`,
    );
  });
  if (!(await reachesAll(account, binaries))) {
    throw new StartupError(
      `the postgres user can reach PostgreSQL's binaries neither in ${packaged.root} nor in their copy ${binaries.root}; ` +
        `make the folders above one of them searchable (chmod o+x) or set DATABASE_URL`,
    );
  }
  return binaries;
}

/** The cluster's folder for this data folder; the `data-dir` file in it says whose it is. */
async function clusterHomeFor(dataDir: string, account: PostgresAccount): Promise<string> {
  const realDataDir = await realpath(dataDir);
  const home = join(PLACEMENT_BASE, 'clusters', createHash('sha256').update(realDataDir).digest('hex').slice(0, 16));
  await prepareFolder(join(PLACEMENT_BASE, 'clusters'), account);
  await prepareFolder(home, account);
  await writeFile(join(home, 'data-dir'), `${realDataDir}\n`);
  return home;
}

/** A root-owned folder every user may pass through: nobody but root can swap what lies inside. */
async function prepareFolder(path: string, account: PostgresAccount): Promise<void> {
  try {
    await mkdir(path, { recursive: true });
    await chmod(path, 0o755);
  } catch (error) {
    throw new StartupError(
      `the postgres user cannot reach the project's folders, and ${path} could not be prepared for it ` +
        `(${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); make the folders above the project searchable (chmod o+x) or set DATABASE_URL`,
    );
  }
  if (!(await account.reaches(path, 'x'))) {
    throw new StartupError(
      `the postgres user cannot reach ${path} (a folder above it is private); make it searchable (chmod o+x) or set DATABASE_URL`,
    );
  }
}

/**
 * Points `<dataDir>/postgres` at the cluster; that link is the data folder's claim on it. A cluster
 * found there unclaimed was left by an earlier data folder at this path (deleted, then made again),
 * whose password went with it: it is set aside, neither opened nor deleted. A link that pointed
 * elsewhere came with a copied data folder and is replaced.
 */
async function claim(linked: string, clusterDirectory: string): Promise<string | null> {
  const current = await readlink(linked).catch(() => null);
  if (current === clusterDirectory) return null;
  let setAside: string | null = null;
  if (existsSync(clusterDirectory)) {
    await refuseIfRunning(clusterDirectory);
    setAside = `${clusterDirectory}.set-aside-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    await rename(clusterDirectory, setAside);
  }
  if (current !== null) await unlink(linked);
  await symlink(clusterDirectory, linked);
  return setAside;
}

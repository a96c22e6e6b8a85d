import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, lstatSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { mintToken } from '../src/auth/tokens';
import { freePort, untilReady } from './support/service-process';

/**
 * A checkout in a folder private to root (0700, like /root or `mktemp -d`), started as root. PostgreSQL
 * runs as the `postgres` user, which cannot pass through that folder to the binaries in node_modules
 * or to the cluster in .data/. Both README commands must still work: `npm start` (data in .data/,
 * kept across restarts) and the test setup (a throwaway server on a data folder of its own).
 *
 * The checkout is real: node_modules is hard-linked in (a symlink would let Node resolve the packages
 * to their reachable real paths and hide the problem) and the build is compiled into it.
 */
const ROOT = join(__dirname, '..');
const asRoot = process.getuid?.() === 0;

jest.setTimeout(90_000);

let privateFolder: string;
let checkout: string;
const children: ChildProcess[] = [];
const dataDirs: string[] = [];

const describeAsRoot = asRoot ? describe : describe.skip;

describeAsRoot('a checkout in a private (0700) folder, started as root', () => {
  beforeAll(async () => {
    privateFolder = await mkdtemp(join(tmpdir(), 'copydesk-private-'));
    await chmod(privateFolder, 0o700);
    checkout = join(privateFolder, 'copydesk');
    await mkdir(checkout);
    hardLinkOrCopy(join(ROOT, 'node_modules'), join(checkout, 'node_modules'));
    execFileSync(
      process.execPath,
      [
        join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'),
        '-p',
        join(ROOT, 'tsconfig.build.json'),
        '--outDir',
        join(checkout, 'dist'),
      ],
      { stdio: 'inherit' },
    );
  });

  afterAll(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    for (const dataDir of dataDirs) await discardCluster(dataDir);
    await rm(privateFolder, { recursive: true, force: true });
  });

  it('`npm start`: serves on the embedded PostgreSQL with its data in .data/, keeps it across a restart, starts afresh without it', async () => {
    const dataDir = join(checkout, '.data');
    dataDirs.push(dataDir);
    // What a first start before this fix left behind (it made the folder, then initdb failed): anyone
    // who met the bug and then updates starts from here.
    await mkdir(join(dataDir, 'postgres'), { recursive: true });
    const first = await startService();
    await untilReady(first);
    // One line says where PostgreSQL runs from and where its cluster is, since it is not in .data/.
    expect(first.output().match(/cannot reach/g)).toHaveLength(1);
    const token = await editorToken(dataDir);
    const created = await fetch(`${first.url}/articles`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        headline: 'Kept in private',
        section: 'Test',
        language: 'en',
        authors: [{ name: 'Eddie' }],
        body: [],
      }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    await stop(first);

    const restarted = await startService();
    await untilReady(restarted);
    const read = await fetch(`${restarted.url}/articles/${id}`, { headers: { authorization: `Bearer ${token}` } });
    expect(read.status).toBe(200);
    await stop(restarted);

    // A data folder deleted to start over takes the cluster's password with it: the next start must
    // not try to open the old cluster with a new password.
    await rm(dataDir, { recursive: true });
    const anew = await startService();
    await untilReady(anew);
    expect(anew.output()).toMatch(/set aside as \S+postgres\.set-aside-/);
    await stop(anew);
  });

  it('the test setup: a throwaway server on a data folder inside the private one starts and answers', async () => {
    const dataDir = join(privateFolder, 'throwaway');
    dataDirs.push(dataDir);
    // What test/support/global-setup.ts does, run from the private checkout's own build and packages.
    const script = `
      const { EmbeddedPostgres } = require(${JSON.stringify(join(checkout, 'dist', 'src', 'database', 'embedded-postgres.js'))});
      const { Client } = require('pg');
      (async () => {
        const server = await EmbeddedPostgres.start(${JSON.stringify(dataDir)});
        const client = new Client(server.url);
        await client.connect();
        const { rows } = await client.query('SELECT 1 + 1 AS two');
        await client.end();
        await server.stop();
        console.log('answered ' + rows[0].two);
      })().catch((error) => { console.error(error); process.exit(1); });`;
    const child = spawn(process.execPath, ['-e', script], { cwd: checkout, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let output = '';
    child.stdout!.on('data', (chunk) => (output += chunk));
    child.stderr!.on('data', (chunk) => (output += chunk));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(output).toMatch(/answered 2/);
    expect(code).toBe(0);
  });
});

if (!asRoot) {
  it.skip('a checkout in a private folder: only root runs PostgreSQL as another user, so only root can meet this case', () =>
    undefined);
}

/** Hard links cost neither time nor space; another file system needs a copy. */
function hardLinkOrCopy(from: string, to: string): void {
  try {
    execFileSync('cp', ['-al', from, to]);
  } catch {
    execFileSync('cp', ['-a', from, to]);
  }
}

/** A cluster the postgres user could not keep in the data folder is linked from it; both go. */
async function discardCluster(dataDir: string): Promise<void> {
  const linked = join(dataDir, 'postgres');
  if (!existsSync(linked)) return;
  const cluster = await realpath(linked);
  const lockFile = join(cluster, 'postmaster.pid');
  if (existsSync(lockFile)) process.kill(Number((await readFile(lockFile, 'utf8')).split('\n')[0]), 'SIGKILL');
  if (lstatSync(linked).isSymbolicLink()) await rm(dirname(cluster), { recursive: true, force: true });
}

interface Service {
  readonly process: ChildProcess;
  readonly url: string;
  output(): string;
}

async function startService(): Promise<Service> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'log' };
  // As `npm start` from the checkout: data in its .data/, the embedded server, a generated secret.
  delete env.DATA_DIR;
  delete env.DATABASE_URL;
  delete env.JWT_SECRET;
  const child = spawn(process.execPath, [join(checkout, 'dist', 'src', 'main.js')], {
    cwd: checkout,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  return { process: child, url: `http://127.0.0.1:${port}`, output: () => output };
}

async function stop(service: Service): Promise<void> {
  const exited = new Promise<void>((resolve) => service.process.once('exit', () => resolve()));
  service.process.kill('SIGTERM');
  await exited;
  // The log is JSON lines (stdout is a pipe): nothing at error or fatal.
  expect(service.output()).not.toMatch(/"level":"(error|fatal)"/);
}

async function editorToken(dataDir: string): Promise<string> {
  const secret = (await readFile(join(dataDir, 'jwt-secret'), 'utf8')).trim();
  return mintToken({ id: 'eddie', name: 'Eddie Editor', roles: ['editor'] }, new TextEncoder().encode(secret));
}

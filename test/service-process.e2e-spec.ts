import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mintToken } from '../src/auth/tokens';
import { freePort, untilReady } from './support/service-process';

/**
 * The service as a newcomer runs it: the built main.js with no DATABASE_URL, on the embedded
 * PostgreSQL. What is checked here belongs to whole processes: data kept across restarts, one owner
 * per data folder, a clean stop on SIGTERM and SIGINT.
 */
const ROOT = join(__dirname, '..');
const MAIN = join(ROOT, 'dist', 'src', 'main.js');

jest.setTimeout(120_000);

interface Service {
  readonly process: ChildProcess;
  readonly dataDir: string;
  readonly url: string;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

let dataDir: string;
const started: Service[] = [];

beforeAll(async () => {
  // Always the current source: the spec runs what `npm start` would run.
  execFileSync(
    process.execPath,
    [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(ROOT, 'tsconfig.build.json')],
    {
      cwd: ROOT,
      stdio: 'inherit',
    },
  );
  dataDir = await mkdtemp(join(tmpdir(), 'copydesk-service-'));
});
afterAll(async () => {
  // A failed expectation must not leave a service, or the PostgreSQL it started, behind.
  for (const service of started) {
    if (service.process.exitCode === null && service.process.signalCode === null) service.process.kill('SIGKILL');
    const lockFile = join(service.dataDir, 'postgres', 'postmaster.pid');
    if (existsSync(lockFile)) process.kill(Number((await readFile(lockFile, 'utf8')).split('\n')[0]), 'SIGINT');
  }
  await Promise.all(started.map((service) => rm(service.dataDir, { recursive: true, force: true })));
});

async function startService(options: { dataDir?: string; port?: number } = {}): Promise<Service> {
  const port = options.port ?? (await freePort());
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: options.dataDir ?? dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
  };
  delete env.DATABASE_URL;
  delete env.JWT_SECRET;
  const child = spawn(process.execPath, [MAIN], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const service = { process: child, dataDir: env.DATA_DIR!, url: `http://127.0.0.1:${port}`, output: () => output, exited };
  started.push(service);
  return service;
}

async function stop(service: Service, signal: NodeJS.Signals): Promise<void> {
  service.process.kill(signal);
  const { code, signal: endedBy } = await service.exited;
  // Nest closes the app on the signal, then re-raises it so the exit reflects it.
  expect(code === 0 || endedBy === signal).toBe(true);
  expect(service.output()).not.toMatch(/ERROR/);
}

const editorToken = async () =>
  mintToken(
    { id: 'eddie', name: 'Eddie Editor', roles: ['editor'] },
    new TextEncoder().encode((await readFile(join(dataDir, 'jwt-secret'), 'utf8')).trim()),
  );

it('starts on the embedded PostgreSQL, refuses a second owner of its folder, stops cleanly and keeps its data', async () => {
  const first = await startService();
  await untilReady(first);
  const created = await fetch(`${first.url}/articles`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await editorToken()}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      headline: 'Kept across restarts',
      section: 'Test',
      language: 'en',
      authors: [{ name: 'Eddie' }],
      body: [],
    }),
  });
  expect(created.status).toBe(201);
  const { id } = (await created.json()) as { id: string };

  const second = await startService();
  const { code } = await exitWithin(second, 20_000);
  expect(code).not.toBe(0);
  expect(second.output()).toMatch(/database folder .* is in use by PostgreSQL process \d+/);
  expect((await fetch(`${first.url}/health/ready`)).status).toBe(200);

  await stop(first, 'SIGTERM');
  // A clean PostgreSQL shutdown removes its lock file; a crash would leave it behind.
  expect(existsSync(join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);

  const restarted = await startService();
  await untilReady(restarted);
  const read = await fetch(`${restarted.url}/articles/${id}`, { headers: { authorization: `Bearer ${await editorToken()}` } });
  expect(read.status).toBe(200);
  expect(((await read.json()) as { headline: string }).headline).toBe('Kept across restarts');
  await stop(restarted, 'SIGINT');
  expect(existsSync(join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);
});

it('gives up cleanly when its port is taken: exits non-zero and leaves no PostgreSQL running', async () => {
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  const otherDataDir = await mkdtemp(join(tmpdir(), 'copydesk-port-taken-'));
  try {
    const service = await startService({ dataDir: otherDataDir, port: (blocker.address() as { port: number }).port });
    const { code } = await exitWithin(service, 20_000);
    expect(code).toBe(1);
    expect(service.output()).toMatch(/EADDRINUSE/);
    // The embedded server was started before the port was tried; it must not outlive the service.
    await until(() => !existsSync(join(otherDataDir, 'postgres', 'postmaster.pid')));
  } finally {
    blocker.close();
  }
});

async function exitWithin(service: Service, timeoutMs: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`the service did not exit within ${timeoutMs} ms:\n${service.output()}`)),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([service.exited, timeout]);
  } finally {
    // A pending timer would keep Jest alive for the rest of timeoutMs after the run.
    clearTimeout(timer);
  }
}

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`still not so after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

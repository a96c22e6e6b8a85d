import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
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
  /** stdout and stderr, interleaved as they came. */
  output(): string;
  /** stdout alone: the log. */
  stdout(): string;
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

/** `env` adds to the service's environment; a variable set to undefined there is left out. */
async function startService(
  options: { dataDir?: string; port?: number; env?: Record<string, string | undefined> } = {},
): Promise<Service> {
  const port = options.port ?? (await freePort());
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: options.dataDir ?? dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    ...options.env,
  };
  delete env.DATABASE_URL;
  delete env.JWT_SECRET;
  for (const [name, value] of Object.entries(env)) if (value === undefined) delete env[name];
  const child = spawn(process.execPath, [MAIN], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  let stdout = '';
  child.stdout!.on('data', (chunk) => {
    output += chunk;
    stdout += chunk;
  });
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const service = {
    process: child,
    dataDir: env.DATA_DIR!,
    url: `http://127.0.0.1:${port}`,
    output: () => output,
    stdout: () => stdout,
    exited,
  };
  started.push(service);
  return service;
}

async function stop(service: Service, signal: NodeJS.Signals): Promise<void> {
  service.process.kill(signal);
  const { code, signal: endedBy } = await service.exited;
  // The app closes on the signal, then the process exits with 0.
  expect({ code, endedBy }).toEqual({ code: 0, endedBy: null });
  expect(logLines(service).filter((line) => line.level === 'error' || line.level === 'fatal')).toEqual([]);
}

/** The service's log, one JSON object per line: every line must parse. */
function logLines(service: Service): Record<string, unknown>[] {
  return service
    .stdout()
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
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

it('stops cleanly on SIGTERM while it is still starting, leaving no PostgreSQL running', async () => {
  const service = await startService({ dataDir: await mkdtemp(join(tmpdir(), 'copydesk-early-stop-')) });
  const lockFile = join(service.dataDir, 'postgres', 'postmaster.pid');
  // The embedded server is up, and the app is still being made around it.
  await until(() => existsSync(lockFile), 20_000);
  service.process.kill('SIGTERM');
  expect(await exitWithin(service, 20_000)).toEqual({ code: 0, signal: null });
  expect(existsSync(lockFile)).toBe(false);
});

it('runs a CLI from a fresh build of its own, while the service it talks to keeps serving from dist', async () => {
  const service = await startService({ dataDir: await mkdtemp(join(tmpdir(), 'copydesk-cli-service-')) });
  await untilReady(service);
  const served = statSync(MAIN).mtimeMs;
  // Inside the project, as the default cache is: a build finds its packages in the project's node_modules.
  const cache = join(ROOT, 'node_modules', '.cache');
  await mkdir(cache, { recursive: true });
  const builds = await mkdtemp(join(cache, 'copydesk-cli-test-'));
  try {
    // As the service runs: the embedded database, and the secret it keeps in its data folder.
    const env: NodeJS.ProcessEnv = { ...process.env, CLI_BUILD_DIR: builds, DATA_DIR: service.dataDir };
    delete env.JWT_SECRET;
    delete env.DATABASE_URL;
    const cli = [
      join(ROOT, 'scripts', 'run-cli.mjs'),
      'src/cli/mint-token.js',
      '--sub',
      'eddie',
      '--name',
      'Eddie',
      '--roles',
      'editor',
    ];
    // stdout is the token alone: the build says what it does on stderr.
    const token = execFileSync(process.execPath, cli, { cwd: ROOT, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    expect(readdirSync(builds)).toEqual([expect.stringMatching(/^[0-9a-f]{16}$/)]);

    expect(statSync(MAIN).mtimeMs).toBe(served);
    const read = await fetch(`${service.url}/articles`, { headers: { authorization: `Bearer ${token.trim()}` } });
    expect(read.status).toBe(200);
  } finally {
    await rm(builds, { recursive: true, force: true });
  }
  await stop(service, 'SIGTERM');
});

describe('its log', () => {
  const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

  it('is one JSON object per line when stdout is not a terminal: the bound address at start, each request, the stop', async () => {
    // Neither LOG_FORMAT nor HOST: JSON into a pipe, and loopback on the embedded database, by default.
    const service = await startService({ env: { LOG_LEVEL: 'log', LOG_FORMAT: undefined, HOST: undefined } });
    await untilReady(service);
    expect((await fetch(`${service.url}/nowhere`)).status).toBe(404);
    // Lines are written in batches, but a quiet service's go out within a second.
    await until(() => service.stdout().includes('"msg":"GET /nowhere 404"'), 2_000);
    await stop(service, 'SIGTERM');

    const lines = logLines(service);
    for (const line of lines) {
      expect(line).toEqual(
        expect.objectContaining({ time: expect.stringMatching(ISO_UTC), level: expect.any(String), msg: expect.any(String) }),
      );
    }
    // Nest's own lines come out in the same format.
    expect(lines).toContainEqual(expect.objectContaining({ level: 'info', context: 'NestApplication' }));
    expect(lines).toContainEqual(
      expect.objectContaining({ level: 'info', msg: `Copydesk listens on ${service.url}`, addresses: [service.url] }),
    );
    expect(lines).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        msg: 'GET /nowhere 404',
        requestId: expect.any(String),
        actor: null,
        route: null,
        status: 404,
        ms: expect.any(Number),
      }),
    );
    expect(lines.slice(-2).map((line) => line.msg)).toEqual(['Copydesk stops on SIGTERM', 'Copydesk stopped']);
    expect(service.output()).not.toContain('\u001b[');
  });

  it('is text without colour codes with LOG_FORMAT=pretty into a pipe', async () => {
    const service = await startService({ env: { LOG_LEVEL: 'log', LOG_FORMAT: 'pretty' } });
    await untilReady(service);
    service.process.kill('SIGTERM');
    expect(await service.exited).toEqual({ code: 0, signal: null });
    expect(service.stdout()).toMatch(/INFO.*: Copydesk listens on http:\/\/127\.0\.0\.1:\d+\n/);
    expect(service.stdout()).toMatch(/INFO.*: Copydesk stopped\n/);
    expect(service.output()).not.toContain('\u001b[');
  });
});

it('reports every invalid variable in one message without a stack, and exits with 1', async () => {
  const service = await startService({ env: { PORT: 'eighty', HOST: 'every interface' } });
  const { code } = await exitWithin(service, 20_000);
  expect(code).toBe(1);
  const lines = logLines(service);
  expect(lines).toEqual([
    expect.objectContaining({
      level: 'fatal',
      msg:
        'PORT must be an integer from 0 to 65535, not "eighty"\n' +
        'HOST must be an IP address or a host name, such as 127.0.0.1, 0.0.0.0 or ::, not "every interface"',
    }),
  ]);
  expect(lines[0]).not.toHaveProperty('err');
  expect(service.output()).not.toMatch(/\n\s+at /);
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

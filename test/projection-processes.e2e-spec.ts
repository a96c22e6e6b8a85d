import { execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Logger } from '@nestjs/common';
import { articleStreamId } from '../src/articles/domain/article.events';
import { mintToken } from '../src/auth/tokens';
import { Sql } from '../src/database/sql';
import { EventStore } from '../src/event-store/event-store';
import { inlineProjections } from '../src/inline-projections';
import { loadSeedArticle } from '../src/demo/seed-article';
import { holdTransaction } from './support/held-transaction';
import { consumerReports, untilConsumersCaughtUp } from './support/projections';
import { openScratchDatabase, type ScratchDatabase } from './support/scratch-database';
import { freePort, untilReady, type RunningService } from './support/service-process';
import { people } from './support/test-app';

/**
 * The built service as processes. Three over one database, as a deployment runs them: the consumer
 * `article-activity` must run on exactly one at a time, move to another within seconds of a kill -9
 * of the one running it, and apply every article event exactly once — the table's primary key would
 * refuse a second application and stop the consumer, and a skipped event would leave a row missing.
 * And one on its embedded database, with the rebuild and projections tools run beside it.
 */
const ROOT = join(__dirname, '..');
// A build of its own, inside the project so that node_modules resolves, and apart from dist/, which
// another spec rebuilds meanwhile.
const BUILD = join(ROOT, 'node_modules', '.cache', 'copydesk-processes-spec');
const MAIN = join(BUILD, 'src', 'main.js');
const ACTIVITY = 'article-activity';
const POLL_MS = 200;
/** The time a takeover may take after a kill -9: the server notices the closed socket, a survivor's next try takes the lock. */
const TAKEOVER_MS = 5_000;
const seed = loadSeedArticle(join(__dirname, 'fixtures', 'seed-article.txt'));

jest.setTimeout(240_000);

let scratch: ScratchDatabase;
let editor: string;
const instances: RunningService[] = [];

beforeAll(async () => {
  Logger.overrideLogger(false);
  execFileSync(
    process.execPath,
    [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(ROOT, 'tsconfig.build.json'), '--outDir', BUILD],
    { cwd: ROOT, stdio: 'inherit' },
  );
  scratch = await openScratchDatabase();
  editor = `Bearer ${await mintToken(people.eddie, new TextEncoder().encode(process.env.JWT_SECRET!))}`;
  for (let index = 0; index < 3; index += 1) instances.push(await startInstance());
  await Promise.all(instances.map(untilReady));
});
afterAll(async () => {
  for (const instance of alive()) instance.process.kill('SIGKILL');
  await scratch?.drop();
});

async function startInstance(env: NodeJS.ProcessEnv = { DATABASE_URL: scratch.url }): Promise<RunningService> {
  const port = await freePort();
  const child = spawn(process.execPath, [MAIN], {
    cwd: ROOT,
    env: {
      ...process.env,
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      PROJECTION_POLL_MS: String(POLL_MS),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  return { process: child, url: `http://127.0.0.1:${port}`, output: () => output };
}

const killed = new Set<RunningService>();
const alive = () => instances.filter((instance) => !killed.has(instance));

/** The instance whose process runs the consumer now, from the lease it recorded (`host:pid:…`). */
async function holder(): Promise<RunningService | undefined> {
  const [report] = (await consumerReports(scratch.dataSource)).filter((found) => found.name === ACTIVITY);
  const pid = Number(report?.runner?.instance.split(':').at(-2));
  return instances.find((instance) => instance.process.pid === pid);
}

async function until<T>(find: () => Promise<T | undefined | false>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await find();
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

let drafted = 0;
/** A draft and its submission through one instance: two article events. */
async function writeThrough(instance: RunningService): Promise<void> {
  drafted += 1;
  const created = await fetch(`${instance.url}/articles`, {
    method: 'POST',
    headers: { authorization: editor, 'content-type': 'application/json' },
    body: JSON.stringify({ ...seed.draft, slug: `instances-${drafted}-${randomUUID().slice(0, 8)}` }),
  });
  if (created.status !== 201) throw new Error(`create answered ${created.status}: ${await created.text()}`);
  const { id } = (await created.json()) as { id: string };
  const submitted = await fetch(`${instance.url}/articles/${id}/submit`, {
    method: 'POST',
    headers: { authorization: editor, 'if-match': '"1"' },
  });
  if (submitted.status !== 200) throw new Error(`submit answered ${submitted.status}`);
}

/** Writers through every live instance until stopped; a write to an instance killed under it does not count. */
function keepWriting(): { stop(): Promise<void> } {
  let stopped = false;
  const writer = async (offset: number) => {
    for (let round = offset; !stopped; round += 1) {
      const targets = alive();
      const target = targets[round % targets.length];
      await writeThrough(target).catch((error: unknown) => {
        if (alive().includes(target)) throw error;
      });
    }
  };
  const writers = [0, 1, 2].map(writer);
  return {
    stop: async () => {
      stopped = true;
      await Promise.all(writers);
    },
  };
}

async function expectEveryArticleEventOnce(): Promise<void> {
  await untilConsumersCaughtUp(scratch.dataSource, 30_000);
  const [{ missing, extra, rows }] = await scratch.dataSource.query(
    `SELECT (SELECT count(*) FROM events e WHERE e.stream_id LIKE 'article-%'
               AND NOT EXISTS (SELECT 1 FROM article_activity a WHERE a.position = e.position))::int AS missing,
            (SELECT count(*) FROM article_activity a
               WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.position = a.position))::int AS extra,
            (SELECT count(*) FROM article_activity)::int AS rows`,
  );
  expect({ missing, extra }).toEqual({ missing: 0, extra: 0 });
  expect(rows).toBeGreaterThan(0);
  const [report] = (await consumerReports(scratch.dataSource)).filter((found) => found.name === ACTIVITY);
  // A second application of any event would have hit the primary key and paused the consumer.
  expect(report).toMatchObject({ state: 'running', failure: null, deadLetters: 0 });
}

describe('three instances over one database', () => {
  it('run the consumer on exactly one of them, and another takes it over within seconds of a kill -9 of its holder', async () => {
    const first = await until(holder, 'a runner');
    // Every instance reports the same runner: the lease is the database's, not an instance's belief.
    for (const instance of instances) {
      const response = await fetch(`${instance.url}/admin/projections`, {
        headers: { authorization: `Bearer ${await mintToken(people.ada, new TextEncoder().encode(process.env.JWT_SECRET!))}` },
      });
      const { projections } = (await response.json()) as { projections: { name: string; runner: { instance: string } | null }[] };
      expect(projections.find((projection) => projection.name === ACTIVITY)?.runner?.instance).toContain(
        `:${first.process.pid}:`,
      );
    }
    const [{ epoch: before }] = await scratch.dataSource.query(`SELECT epoch FROM projection_checkpoints WHERE name = $1`, [
      ACTIVITY,
    ]);

    const writing = keepWriting();
    await sleep(1_500);
    const killedAt = Date.now();
    killed.add(first);
    first.process.kill('SIGKILL');
    const second = await until(
      async () => {
        const now = await holder();
        return now !== undefined && now !== first && now;
      },
      'another instance to take the consumer over',
      TAKEOVER_MS * 2,
    );
    const takeoverMs = Date.now() - killedAt;
    await sleep(1_500);
    await writing.stop();

    expect(takeoverMs).toBeLessThan(TAKEOVER_MS);
    expect(alive()).toContain(second);
    const [{ epoch: after }] = await scratch.dataSource.query(`SELECT epoch FROM projection_checkpoints WHERE name = $1`, [
      ACTIVITY,
    ]);
    expect(Number(after)).toBe(Number(before) + 1);
    await expectEveryArticleEventOnce();
  });

  it('deliver an event whose transaction took a lower position and committed after later ones', async () => {
    const sql = Sql.of(scratch.dataSource);
    const store = new EventStore(sql, inlineProjections());
    const [{ id }] = await scratch.dataSource.query(`SELECT article_id AS id FROM desk_articles LIMIT 1`);
    const [{ version }] = await scratch.dataSource.query(
      `SELECT max(stream_version)::int AS version FROM events WHERE stream_id = $1`,
      [articleStreamId(id)],
    );
    const slow = await holdTransaction(sql);
    try {
      const [late] = (
        await store.appendWithin(slow.client, articleStreamId(id), version, [
          {
            eventId: randomUUID(),
            type: 'CommentAdded',
            data: { commentId: randomUUID(), text: 'Committed after the ones below it.' },
            metadata: {
              actor: { id: people.eddie.id, name: people.eddie.name, roles: people.eddie.roles },
              occurredAt: new Date().toISOString(),
            },
          },
        ])
      ).events;
      const rowsBefore = Number((await scratch.dataSource.query(`SELECT count(*) FROM article_activity`))[0].count);
      for (const instance of alive()) await writeThrough(instance);
      await sleep(POLL_MS * 4);
      // Everything after the open transaction waits for it: nothing can be passed, so nothing can be skipped.
      expect(Number((await scratch.dataSource.query(`SELECT count(*) FROM article_activity`))[0].count)).toBe(rowsBefore);
      await slow.commit();
      await until(
        async () =>
          (await scratch.dataSource.query(`SELECT 1 FROM article_activity WHERE position = $1`, [late.position])).length > 0,
        'the late event',
      );
    } finally {
      await slow.rollback();
    }
    await expectEveryArticleEventOnce();
  });
});

describe('beside a running service on its embedded database', () => {
  let dataDir: string;
  let service: RunningService;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'copydesk-beside-'));
    service = await startInstance({ DATA_DIR: dataDir, DATABASE_URL: '', JWT_SECRET: '' });
    await untilReady(service);
    const secret = new TextEncoder().encode((await readFile(join(dataDir, 'jwt-secret'), 'utf8')).trim());
    const token = `Bearer ${await mintToken(people.eddie, secret)}`;
    const created = await fetch(`${service.url}/articles`, {
      method: 'POST',
      headers: { authorization: token, 'content-type': 'application/json' },
      body: JSON.stringify({ ...seed.draft, slug: 'beside-the-service' }),
    });
    expect(created.status).toBe(201);
  });
  afterAll(async () => {
    if (service) {
      const exited = new Promise((resolve) => service.process.once('exit', resolve));
      service.process.kill('SIGTERM');
      await exited;
    }
    await rm(dataDir, { recursive: true, force: true });
  });

  /** A tool of the build, run as `npm run <tool>` runs it, with the service's data folder and no DATABASE_URL. */
  function tool(name: string, ...args: string[]): Promise<{ code: number | null; out: string; err: string }> {
    const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
    delete env.DATABASE_URL;
    const child = spawn(process.execPath, [join(BUILD, 'src', 'cli', `${name}.js`), ...args], { cwd: ROOT, env });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (err += chunk));
    return new Promise((resolve) => child.on('exit', (code) => resolve({ code, out, err })));
  }

  it('rebuilds a read model through the server the service started, which keeps serving', async () => {
    const rebuilt = await tool('rebuild', 'desk-articles');
    expect(rebuilt).toMatchObject({ code: 0, out: expect.stringMatching(/^rebuilt desk-articles: \d+ events in /) });
    expect(rebuilt.err).toMatch(/rebuilding desk-articles \[#+\]\s+100%/);
    const listed = await tool('projections');
    expect(listed.code).toBe(0);
    expect(listed.out).toMatch(new RegExp(`^article-activity\\s+async\\s+running\\s.*:${service.process.pid}:`, 'm'));
    const verified = await tool('verify-chain', '--read-models');
    expect(verified).toMatchObject({ code: 0, out: expect.stringContaining('equal a replay') });
    expect((await fetch(`${service.url}/health/ready`)).status).toBe(200);
    expect((await fetch(`${service.url}/published/beside-the-service`)).status).toBe(404);
  });
});

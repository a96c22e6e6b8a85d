import 'reflect-metadata';
import { fork } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import autocannon from 'autocannon';
import { Client } from 'pg';
import { loadConfig } from '../src/config/app-config';
import { createApp } from '../src/create-app';
import { createServiceLogger, jsonLogDestination } from '../src/logging/service-logger';
import { loadSeedArticle } from '../src/demo/seed-article';
import { profiledShare, type CodeShare } from './bench-profile';
import { benchTokens, median, onBenchDatabase, printTable, publishSeed, runBenchmark, type BenchTokens } from './bench-support';
import { closeCrudApp, createCrudApp, CREATE_CRUD_TABLE, CRUD_TABLE } from './crud-baseline';

/**
 * Copydesk over HTTP against the plain baseline a NestJS + TypeORM service would be, on the same
 * Fastify adapter and the same database, in the same run, with autocannon (its load on a worker
 * thread, beside the servers):
 * 1. the edit: PATCH /articles/:id (one field, If-Match chained from the last ETag; each connection
 *    edits its own article, scripts/bench-http-client.ts) against PATCH /crud/:id (a DTO, one field,
 *    `repository.save()`, the row answered; scripts/crud-baseline.ts), at 10 and 50 connections;
 * 2. the published page: GET /published/:slug against a static GET registered on the same Fastify
 *    instance that answers the same bytes, at 50 connections;
 * 3. what logging costs: three paths (the edit, the published page, /health/live) on two Copydesk
 *    apps side by side, one with the logger off and one with the production JSON logger on
 *    (LOG_LEVEL=log: Nest's lines and one access line per request, written in batches to a file as
 *    production writes them to stdout), in alternating rounds, with autocannon in a child process so
 *    that this process's CPU time per request is the servers' alone, and the rounds with logging on
 *    profiled for the share of the servers' CPU spent in the logger, the figure the shared machine's
 *    load moves least. `npm run bench:http -- --logging-only` runs this part alone.
 * Copydesk is built by createApp(loadConfig(...)), as main.ts builds it; parts 1 and 2 run with the
 * logger off. Every answer must be a 200, and every 200 must have written: anything else stops the run.
 */

const EDIT_CONNECTIONS = [10, 50];
const READ_CONNECTIONS = 50;
const ROUNDS = 3;
/** Logging's cost is a few percent at most: more and shorter rounds, paired in time, for a median that noise moves less. */
const LOGGING_ROUNDS = 7;
const LOGGING_ROUND_SECONDS = 3;
/** The logger's code: pino and its writer, and the access log hook that calls it. */
const LOGGING_CODE = /\/node_modules\/(pino|sonic-boom|pino-std-serializers)\/|\/src\/logging\//;
const LOGGING_ONLY = process.argv.includes('--logging-only');
const ROUND_SECONDS = 5;
const WARMUP_SECONDS = 3;
/** Copydesk's default DATABASE_POOL_SIZE, and the baseline's pool. */
const POOL_SIZE = 20;
const CLIENT = join(__dirname, 'bench-http-client.js');
const LOAD = join(__dirname, 'bench-http-load.js');

const seed = loadSeedArticle(resolve(process.cwd(), 'test/fixtures/seed-article.txt'));

interface RoundResult {
  readonly perSecond: number;
  readonly p50: number;
  readonly p99: number;
  /** 2xx answers in the round. */
  readonly answered: number;
  /** CPU time (user + system) this process spent per answer, when the load ran in another process; else null. */
  readonly cpuMicrosPerRequest: number | null;
}

/** One autocannon run, and the CPU time this process (the servers) spent during it when that can be told apart. */
type Load = (options: autocannon.Options) => Promise<{ result: autocannon.Result; cpuMicros: number | null }>;

/** autocannon on a worker thread of this process: its CPU time cannot be told apart from the servers'. */
const onWorkerThread: Load = async (options) => ({ result: await autocannon(options), cpuMicros: null });

/** autocannon in a child process: this process's CPU time during the run is the servers' alone. */
const inChildProcess: Load = (options) =>
  new Promise((resolve, reject) => {
    const child = fork(LOAD, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let began: NodeJS.CpuUsage | undefined;
    child.on('message', (message) => {
      if (message === 'ready') {
        began = process.cpuUsage();
        child.send(options);
        return;
      }
      const { user, system } = process.cpuUsage(began);
      resolve({ result: message as autocannon.Result, cpuMicros: user + system });
    });
    child.once('exit', (code) => (code === 0 ? undefined : reject(new Error(`the load process exited with ${code}`))));
  });

/** One side of the edit comparison: where each connection's record lives, and how to read their versions. */
interface EditSide {
  readonly name: string;
  readonly base: string;
  readonly paths: readonly string[];
  readonly headers: Record<string, string>;
  /** Copydesk's side sends If-Match; the baseline takes none. */
  readonly chainsEtag: boolean;
  readonly versions: () => Promise<number[]>;
}

async function benchmark(url: string, target: string): Promise<void> {
  const loadBefore = loadavg();
  const secret = randomBytes(32).toString('hex');
  // The load comes from one address: the public-read limit (RATE_LIMIT_PUBLIC_READS) would answer it with 429s.
  const env = {
    ...process.env,
    DATABASE_URL: url,
    JWT_SECRET: secret,
    DATABASE_POOL_SIZE: String(POOL_SIZE),
    RATE_LIMIT_PUBLIC_READS: '0',
  };
  const tokens = await benchTokens(secret);
  const db = new Client({ connectionString: url, application_name: 'copydesk-bench' });
  await db.connect();
  await db.query(`DROP TABLE IF EXISTS ${CRUD_TABLE}`);
  await db.query(CREATE_CRUD_TABLE);

  // The baseline first: Nest's logger is process-wide, and the last app created decides it (part 3 turns it on).
  const crud = await createCrudApp(url, POOL_SIZE);
  const logFile = join(tmpdir(), `copydesk-bench-http-${randomUUID()}.log`);
  let copydesk: NestFastifyApplication | null = null;
  let logged: NestFastifyApplication | null = null;
  try {
    copydesk = await createApp(loadConfig({ ...env, LOG_LEVEL: 'error' }), { logger: false });
    // The static route answers the published page's own bytes, filled in once the article is published.
    let staticBody = '{}';
    copydesk
      .getHttpAdapter()
      .getInstance()
      .get('/static', async (_request, reply) => reply.type('application/json; charset=utf-8').send(staticBody));
    await crud.listen({ port: 0, host: '127.0.0.1' });
    await copydesk.listen({ port: 0, host: '127.0.0.1' });

    const slug = `bench-http-${randomUUID()}`;
    await publishSeed(copydesk, tokens, seed, { section: 'Bench', slug });
    const page = await copydesk.inject({ method: 'GET', url: `/published/${slug}` });
    if (page.statusCode !== 200) throw new Error(`GET /published/${slug}: ${page.statusCode} ${page.body}`);
    staticBody = page.body;

    let edits: Map<number, EditComparison> | null = null;
    let reads: RoundResult[][] | null = null;
    if (!LOGGING_ONLY) {
      const crudSide = await crudEditSide(db, await crud.getUrl(), Math.max(...EDIT_CONNECTIONS));
      edits = await compareEdits(await copydeskEditSide(copydesk, tokens, 'Copydesk PATCH /articles/:id'), crudSide);
      reads = await compareReads(await copydesk.getUrl(), [`/published/${slug}`, '/static']);
    }

    // Part 3: a second app, the same but for its logger: production's, writing JSON lines to a file.
    const logConfig = loadConfig({ ...env, LOG_LEVEL: 'log', LOG_FORMAT: 'json' });
    const logDestination = jsonLogDestination(logFile);
    logged = await createApp(logConfig, { logger: createServiceLogger(logConfig, logDestination) });
    await logged.listen({ port: 0, host: '127.0.0.1' });
    const logging = await compareLogging(copydesk, logged, tokens, `/published/${slug}`);
    logDestination.flushSync();
    const linesLogged = readFileSync(logFile, 'utf8').split('\n').length - 1;
    const answeredLogged = logging.reduce((sum, { on }) => sum + on.reduce((total, round) => total + round.answered, 0), 0);
    // Every answered request of the logged rounds must have its line, or the "on" side logged less than production does.
    if (linesLogged < answeredLogged) throw new Error(`${answeredLogged} requests answered but only ${linesLogged} lines logged`);

    const loadAfter = loadavg();
    const [{ server_version: version }] = (await db.query('SHOW server_version')).rows;
    console.log(`Copydesk over HTTP against a plain NestJS + TypeORM baseline; PostgreSQL ${version} (${target})`);
    console.log(
      `autocannon on a worker thread, over loopback; ${ROUNDS} rounds of ${ROUND_SECONDS} s per side, ` +
        `alternating, after a ${WARMUP_SECONDS} s warm-up; medians over rounds; pools of ${POOL_SIZE} connections`,
    );
    console.log(`load average before: ${formatLoad(loadBefore)}; after: ${formatLoad(loadAfter)}\n`);

    if (edits !== null && reads !== null) {
      console.log('1. The edit, logger off: PATCH one field; Copydesk chains If-Match per connection, each on its own article\n');
      printEdits(edits);
      console.log(
        '\n2. Published reads: GET /published/:slug against a static GET of the same bytes on the same Fastify instance\n',
      );
      printReads(reads, page.body.length);
    }
    console.log(
      '\n3. Logging: the same paths on an app with the logger off and one with the production JSON logger on ' +
        `(LOG_LEVEL=log, one line per request to a file: ${linesLogged} lines), ${LOGGING_ROUNDS} pairs of ` +
        `${LOGGING_ROUND_SECONDS} s rounds\n`,
    );
    printLogging(logging);
  } finally {
    if (logged !== null) await (logged as NestFastifyApplication).close();
    if (copydesk !== null) await copydesk.close();
    await closeCrudApp(crud);
    rmSync(logFile, { force: true });
    await db.query(`DROP TABLE IF EXISTS ${CRUD_TABLE}`).catch(() => undefined);
    await db.end();
  }
}

/** Articles to edit, one per connection, created through the API; their versions read back over it too. */
async function copydeskEditSide(app: NestFastifyApplication, tokens: BenchTokens, name: string): Promise<EditSide> {
  const ids: string[] = [];
  for (let index = 0; index < Math.max(...EDIT_CONNECTIONS); index++) {
    const created = await app.inject({
      method: 'POST',
      url: '/articles',
      headers: { authorization: tokens.editor },
      payload: { ...seed.draft, slug: `bench-http-${randomUUID()}` },
    });
    if (created.statusCode !== 201) throw new Error(`create: ${created.statusCode} ${created.body}`);
    ids.push(created.json().id as string);
  }
  return {
    name,
    base: await app.getUrl(),
    paths: ids.map((id) => `/articles/${id}`),
    headers: { authorization: tokens.editor, 'content-type': 'application/json' },
    chainsEtag: true,
    versions: () =>
      Promise.all(
        ids.map(async (id) => {
          const response = await app.inject({ method: 'GET', url: `/articles/${id}`, headers: { authorization: tokens.editor } });
          return Number(JSON.parse(response.headers.etag as string));
        }),
      ),
  };
}

/** The same seed article as rows of the baseline's table, one per connection. */
async function crudEditSide(db: Client, base: string, count: number): Promise<EditSide> {
  const ids = Array.from({ length: count }, () => randomUUID());
  const body = seed.draft.body.map((block) => ({ ...block, id: randomUUID() }));
  for (const id of ids) {
    await db.query(
      `INSERT INTO ${CRUD_TABLE} (id, slug, headline, standfirst, section, language, tags, authors, body, status, version)
       VALUES ($1, $2, $3, NULL, $4, $5, $6, $7, $8, 'draft', 1)`,
      [
        id,
        `bench-http-${id}`,
        seed.draft.headline,
        seed.draft.section,
        seed.draft.language,
        JSON.stringify(seed.draft.tags),
        JSON.stringify(seed.draft.authors),
        JSON.stringify(body),
      ],
    );
  }
  return {
    name: 'NestJS + TypeORM PATCH /crud/:id',
    base,
    paths: ids.map((id) => `/crud/${id}`),
    headers: { 'content-type': 'application/json' },
    chainsEtag: false,
    versions: async () => {
      const { rows } = await db.query<{ id: string; version: number }>(
        `SELECT id, version FROM ${CRUD_TABLE} WHERE id = ANY($1)`,
        [ids],
      );
      const byId = new Map(rows.map((row) => [row.id, row.version]));
      return ids.map((id) => byId.get(id)!);
    },
  };
}

interface EditComparison {
  readonly copydesk: RoundResult[];
  readonly crud: RoundResult[];
  readonly names: readonly [string, string];
}

async function compareEdits(copydesk: EditSide, crud: EditSide): Promise<Map<number, EditComparison>> {
  const results = new Map<number, EditComparison>();
  const top = Math.max(...EDIT_CONNECTIONS);
  // Connections, statements, JIT and caches warm on both sides before anything is timed.
  await editRound(copydesk, top, WARMUP_SECONDS);
  await editRound(crud, top, WARMUP_SECONDS);
  for (const connections of EDIT_CONNECTIONS) {
    const comparison: EditComparison = { copydesk: [], crud: [], names: [copydesk.name, crud.name] };
    for (let round = 0; round < ROUNDS; round++) {
      // Each round the other side goes first, so a slow spell on the shared machine does not always hit the same one.
      if (round % 2 === 0) {
        comparison.copydesk.push(await editRound(copydesk, connections, ROUND_SECONDS));
        comparison.crud.push(await editRound(crud, connections, ROUND_SECONDS));
      } else {
        comparison.crud.push(await editRound(crud, connections, ROUND_SECONDS));
        comparison.copydesk.push(await editRound(copydesk, connections, ROUND_SECONDS));
      }
    }
    results.set(connections, comparison);
  }
  return results;
}

async function editRound(side: EditSide, connections: number, seconds: number, load = onWorkerThread): Promise<RoundResult> {
  const before = await side.versions();
  const { result, cpuMicros } = await load({
    url: side.base,
    connections,
    duration: seconds,
    workers: 1,
    // On worker threads autocannon takes the path of a module exporting the function; its types know only the function.
    setupClient: CLIENT as unknown as (client: autocannon.Client) => void,
    initialContext: {
      paths: side.paths.slice(0, connections),
      versions: side.chainsEtag ? before.slice(0, connections) : null,
      headers: side.headers,
    },
  });
  refuseFailures(side.name, connections, result);
  const after = await settled(side);
  const written = after.reduce((sum, version, index) => sum + version - before[index], 0);
  // Requests still in flight when the round ends are written but not counted, hence at least, not exactly.
  if (written < result['2xx']) {
    throw new Error(`${side.name}: ${result['2xx']} answers of 200, but only ${written} writes`);
  }
  return roundResult(result, cpuMicros);
}

/**
 * The records' versions once the requests autocannon left in flight at the end of a round have
 * finished, so that the next round (or the shutdown) does not start under them.
 */
async function settled(side: EditSide): Promise<number[]> {
  let last = await side.versions();
  for (let attempt = 0; attempt < 50; attempt++) {
    await new Promise((done) => setTimeout(done, 100));
    const now = await side.versions();
    if (now.every((version, index) => version === last[index])) return now;
    last = now;
  }
  throw new Error(`${side.name}: writes still going on 5 s after the round ended`);
}

async function compareReads(base: string, paths: readonly string[]): Promise<RoundResult[][]> {
  const rounds = paths.map((): RoundResult[] => []);
  for (const path of paths) await readRound(base, path, WARMUP_SECONDS);
  for (let round = 0; round < ROUNDS; round++) {
    const order = paths.map((_, index) => (index + round) % paths.length);
    for (const index of order) rounds[index].push(await readRound(base, paths[index], ROUND_SECONDS));
  }
  return rounds;
}

async function readRound(base: string, path: string, seconds: number, load = onWorkerThread): Promise<RoundResult> {
  const { result, cpuMicros } = await load({
    url: `${base}${path}`,
    connections: READ_CONNECTIONS,
    duration: seconds,
    workers: 1,
  });
  refuseFailures(`GET ${path}`, READ_CONNECTIONS, result);
  return roundResult(result, cpuMicros);
}

function roundResult(result: autocannon.Result, cpuMicros: number | null): RoundResult {
  return {
    perSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    answered: result['2xx'],
    cpuMicrosPerRequest: cpuMicros === null ? null : cpuMicros / result['2xx'],
  };
}

interface LoggingComparison {
  readonly path: string;
  readonly connections: number;
  readonly off: RoundResult[];
  readonly on: RoundResult[];
  /** Over the rounds with logging on: the servers' busy time, and how much of it was in the logger. */
  readonly profiled: CodeShare;
}

/**
 * Each path on both apps, in alternating rounds (off, on, then on, off, ...), so that a slow spell on
 * the shared machine does not always fall on the same side: the edit, where the database sets the
 * pace, and the published read, the fastest route, where a log line is the largest share of the work.
 */
async function compareLogging(
  off: NestFastifyApplication,
  on: NestFastifyApplication,
  tokens: BenchTokens,
  readPath: string,
): Promise<LoggingComparison[]> {
  const edits = { off: await copydeskEditSide(off, tokens, 'logging off'), on: await copydeskEditSide(on, tokens, 'logging on') };
  const bases = { off: await off.getUrl(), on: await on.getUrl() };
  const [editConnections] = EDIT_CONNECTIONS;
  const paths = [
    {
      path: 'PATCH /articles/:id',
      connections: editConnections,
      round: (side: 'off' | 'on', seconds: number) => editRound(edits[side], editConnections, seconds, inChildProcess),
    },
    {
      path: 'GET /published/:slug',
      connections: READ_CONNECTIONS,
      round: (side: 'off' | 'on', seconds: number) => readRound(bases[side], readPath, seconds, inChildProcess),
    },
    {
      // The least work a request can be, so the largest share a log line can take.
      path: 'GET /health/live',
      connections: READ_CONNECTIONS,
      round: (side: 'off' | 'on', seconds: number) => readRound(bases[side], '/health/live', seconds, inChildProcess),
    },
  ];
  const comparisons: LoggingComparison[] = [];
  for (const { path, connections, round } of paths) {
    await round('off', WARMUP_SECONDS);
    await round('on', WARMUP_SECONDS);
    const comparison: LoggingComparison = { path, connections, off: [], on: [], profiled: { busyMicros: 0, matchedMicros: 0 } };
    for (let index = 0; index < LOGGING_ROUNDS; index++) {
      for (const side of index % 2 === 0 ? (['off', 'on'] as const) : (['on', 'off'] as const)) {
        // Both sides are profiled, so that the profiler's own cost falls on both alike; only the logged side's share counts.
        const share = side === 'on' ? comparison.profiled : { busyMicros: 0, matchedMicros: 0 };
        const measured = await profiledShare(LOGGING_CODE, () => round(side, LOGGING_ROUND_SECONDS), share);
        comparison[side].push(measured);
      }
    }
    comparisons.push(comparison);
  }
  return comparisons;
}

/** The two rounds of a pair ran one after the other, under the same load: the median over pairs of `of(on) / of(off)`. */
function paired({ off, on }: LoggingComparison, of: (round: RoundResult) => number): number {
  return median(on.map((round, index) => of(round) / of(off[index])));
}

const cpuOf = (round: RoundResult) => round.cpuMicrosPerRequest!;
const medianCpu = (rounds: readonly RoundResult[]) => median(rounds.map(cpuOf));

function printLogging(comparisons: readonly LoggingComparison[]): void {
  printTable(
    ['path', 'connections', 'off req/s', 'on req/s', 'on/off (paired)', 'off req/s per round', 'on req/s per round'],
    comparisons.map((comparison) => [
      comparison.path,
      String(comparison.connections),
      medianRate(comparison.off).toFixed(0),
      medianRate(comparison.on).toFixed(0),
      paired(comparison, (round) => round.perSecond).toFixed(3),
      perRound(comparison.off),
      perRound(comparison.on),
    ]),
  );
  console.log('');
  printTable(
    [
      'path',
      'off CPU µs/req',
      'on CPU µs/req',
      'on/off (paired)',
      'logger in on CPU (profiled)',
      'off CPU µs/req per round',
      'on CPU µs/req per round',
    ],
    comparisons.map((comparison) => [
      comparison.path,
      medianCpu(comparison.off).toFixed(0),
      medianCpu(comparison.on).toFixed(0),
      paired(comparison, cpuOf).toFixed(3),
      `${(loggerShare(comparison) * 100).toFixed(1)}%`,
      comparison.off.map((round) => cpuOf(round).toFixed(0)).join(' / '),
      comparison.on.map((round) => cpuOf(round).toFixed(0)).join(' / '),
    ]),
  );
  console.log('');
  for (const comparison of comparisons) {
    // Where the server's CPU is what limits throughput, the time it spends logging is the throughput logging costs.
    console.log(
      `logging cost on ${comparison.path}: ${(loggerShare(comparison) * 100).toFixed(1)}% of the server's CPU, profiled (target ≤ 5%); ` +
        `measured side by side ${((1 - 1 / paired(comparison, cpuOf)) * 100).toFixed(1)}% from CPU per request, ` +
        `${((1 - paired(comparison, (round) => round.perSecond)) * 100).toFixed(1)}% in req/s (both moved by the shared machine's load)`,
    );
  }
}

function loggerShare({ profiled }: LoggingComparison): number {
  return profiled.matchedMicros / profiled.busyMicros;
}

/** Any answer but a 2xx, any socket error or timeout, or no answer at all: the figures would mean nothing. */
function refuseFailures(name: string, connections: number, result: autocannon.Result): void {
  if (result.non2xx > 0 || result.errors > 0 || result.timeouts > 0 || result['2xx'] === 0) {
    throw new Error(
      `${name} at ${connections} connections: ${result['2xx']} × 2xx, ${result.non2xx} non-2xx ` +
        `(${result['4xx']} × 4xx, ${result['5xx']} × 5xx), ${result.errors} errors, ${result.timeouts} timeouts`,
    );
  }
}

function printEdits(edits: Map<number, EditComparison>): void {
  const rows: string[][] = [];
  for (const [connections, { copydesk, crud, names }] of edits) {
    for (const [name, rounds] of [
      [names[0], copydesk],
      [names[1], crud],
    ] as const) {
      rows.push([
        name,
        String(connections),
        medianRate(rounds).toFixed(0),
        median(rounds.map((round) => round.p50)).toFixed(1),
        median(rounds.map((round) => round.p99)).toFixed(1),
        perRound(rounds),
      ]);
    }
  }
  printTable(['side', 'connections', 'req/s', 'p50 ms', 'p99 ms', 'req/s per round'], rows);
  console.log('');
  for (const [connections, { copydesk, crud }] of edits) {
    console.log(
      `ratio Copydesk/CRUD at ${connections} connections: ${(medianRate(copydesk) / medianRate(crud)).toFixed(2)}× (target ≥ 1.0×)`,
    );
  }
}

function printReads([published, fixed]: readonly RoundResult[][], bytes: number): void {
  const readRow = (name: string, rounds: RoundResult[]) => [
    name,
    String(READ_CONNECTIONS),
    medianRate(rounds).toFixed(0),
    median(rounds.map((round) => round.p50)).toFixed(1),
    median(rounds.map((round) => round.p99)).toFixed(1),
    perRound(rounds),
  ];
  printTable(
    ['route', 'connections', 'req/s', 'p50 ms', 'p99 ms', 'req/s per round'],
    [readRow('GET /published/:slug', published), readRow('GET /static (same bytes)', fixed)],
  );
  const readRatio = medianRate(published) / medianRate(fixed);
  console.log(
    `\nratio published/static: ${readRatio.toFixed(2)}× (target ≥ 0.5×); published p99 ` +
      `${median(published.map((round) => round.p99)).toFixed(1)} ms (target < 10 ms); ${bytes} bytes per answer`,
  );
}

function medianRate(rounds: readonly RoundResult[]): number {
  return median(rounds.map((round) => round.perSecond));
}

function perRound(rounds: readonly RoundResult[]): string {
  return rounds.map((round) => round.perSecond.toFixed(0)).join(' / ');
}

function formatLoad(load: number[]): string {
  return load.map((value) => value.toFixed(2)).join(', ');
}

runBenchmark(() => onBenchDatabase(benchmark));

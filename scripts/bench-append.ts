import { randomBytes, randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { CommandBus } from '@nestjs/cqrs';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { RunArticleCommand } from '../src/articles/commands/article-command.handler';
import { loadConfig } from '../src/config/app-config';
import { dataSourceOptions } from '../src/config/data-source-options';
import { createApp } from '../src/create-app';
import { loadSeedArticle } from '../src/demo/seed-article';
import { EventStore } from '../src/event-store/event-store';
import { noInlineProjections } from '../src/event-store/inline-projections';
import type { NewEvent } from '../src/event-store/recorded-event';
import { BENCH_PEOPLE, benchTokens, median, onBenchDatabase, printTable, runBenchmark } from './bench-support';
import { Sql } from '../src/database/sql';

/**
 * Event-store appends against the floor PostgreSQL sets for the same work, on the same server in the
 * same run, through a raw `pg` pool with one autocommit single-row INSERT of the same payload:
 * - into a minimal table (id, stream_id, data): the target's baseline;
 * - into a table shaped like `events` (same columns, constraints and indexes, no version check):
 *   what remains between the two is the store itself, not the schema's guarantees.
 * Then the append as production takes it, at 8 writers: an edit through the CommandBus of an app built
 * by createApp (RunArticleCommand → CommandRunner.run: load the state, decide, append and run the real
 * inline projections in one transaction), against the bare append and the raw INSERT again.
 */

const CONCURRENCIES = [1, 8, 32];
const POOL_SIZE = 40;
const WARMUP_MS = 1_500;
// Several short rounds with alternating order, reported by their median: the machine is shared and
// noisy, and a slow spell then hits both sides and is outvoted instead of deciding the result.
const ROUNDS = 5;
const ROUND_MS = 2_500;
const TARGET = { concurrency: 8, ratio: 0.8 };
const COMMAND_PATH_CONCURRENCY = 8;

const RAW_TABLE = 'bench_raw_inserts';
const RAW_INSERT_SQL = `INSERT INTO ${RAW_TABLE} (stream_id, data) VALUES ($1, $2)`;
const SHAPED_TABLE = 'bench_raw_events';
// A hash of the right size but not chained: its column costs the baseline too, the chain is the store's.
const SHAPED_INSERT_SQL = `INSERT INTO ${SHAPED_TABLE} (event_id, stream_id, stream_version, type, data, metadata, hash) VALUES ($1, $2, $3, $4, $5, $6, $7)`;

const PAYLOAD = articlePayload(2_048);
const PAYLOAD_BYTES = Buffer.byteLength(JSON.stringify(PAYLOAD));

type Operation = () => Promise<void>;
/** Makes one worker's operation: each worker keeps its own stream and version. */
type Subject = () => Operation;

interface RoundResult {
  perSecond: number;
  p50: number;
  p99: number;
}

interface Row {
  concurrency: number;
  eventStore: Summary;
  raw: Summary;
  shaped: Summary;
}

interface Summary {
  rounds: RoundResult[];
  perSecond: number;
  p50: number;
  p99: number;
}

async function benchmark(url: string, target: string): Promise<void> {
  const dataSource = new DataSource(dataSourceOptions(url, POOL_SIZE));
  const pool = new Pool({ connectionString: url, max: POOL_SIZE, application_name: 'copydesk-bench' });
  // pool.end() resolves before its clients have closed; without a listener, the server shutting one of
  // them down (or any idle-client error) would crash the process instead of being ignored.
  pool.on('error', () => undefined);
  try {
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: 'each' });
    await pool.query(`DROP TABLE IF EXISTS ${RAW_TABLE}, ${SHAPED_TABLE}`);
    await pool.query(
      `CREATE TABLE ${RAW_TABLE} (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, stream_id text, data jsonb)`,
    );
    // LIKE copies columns, defaults, identity, constraints and indexes, but not the append-only triggers.
    await pool.query(`CREATE TABLE ${SHAPED_TABLE} (LIKE events INCLUDING ALL)`);

    const eventStore = eventStoreSubject(new EventStore(Sql.of(dataSource), noInlineProjections()));
    const raw = rawInsertSubject(pool);
    const shaped = shapedInsertSubject(pool);
    const subjects = [eventStore, raw, shaped];
    // Opens every connection each side will use and lets every code path get optimised before timing.
    for (const subject of subjects) await runRound(subject, Math.max(...CONCURRENCIES), WARMUP_MS);

    const [{ server_version: version }] = (await pool.query('SHOW server_version')).rows;
    const [{ stored }] = (await pool.query(`SELECT pg_column_size(data) AS stored FROM ${RAW_TABLE} LIMIT 1`)).rows;
    console.log(`PostgreSQL ${version} (${target}); pool of ${POOL_SIZE} connections per side`);
    console.log(`payload: ${PAYLOAD_BYTES} bytes of JSON per event/row (${stored} bytes stored, compressed by PostgreSQL)`);
    console.log(`${ROUNDS} rounds of ${ROUND_MS / 1000} s per side and concurrency, alternating; medians over rounds\n`);

    const rows: Row[] = [];
    for (const concurrency of CONCURRENCIES) {
      const results = new Map<Subject, RoundResult[]>(subjects.map((subject) => [subject, []]));
      for (let round = 0; round < ROUNDS; round++) {
        // Each round rotates who goes first, so a slow spell does not always hit the same side.
        const order = subjects.map((_, index) => subjects[(index + round) % subjects.length]);
        for (const subject of order) results.get(subject)!.push(await runRound(subject, concurrency, ROUND_MS));
      }
      const summary = (subject: Subject) => summarise(results.get(subject)!);
      rows.push({ concurrency, eventStore: summary(eventStore), raw: summary(raw), shaped: summary(shaped) });
    }
    printReport(rows);
    await compareCommandPath(url, { eventStore, raw });
  } finally {
    await pool.query(`DROP TABLE IF EXISTS ${RAW_TABLE}, ${SHAPED_TABLE}`).catch(() => undefined);
    await pool.end();
    if (dataSource.isInitialized) await dataSource.destroy();
  }
}

function eventStoreSubject(store: EventStore): Subject {
  return () => {
    // The events table is append-only, so bench streams stay behind on a DATABASE_URL server; the prefix marks them.
    const streamId = `bench-${randomUUID()}`;
    let version = 0;
    return async () => {
      const event: NewEvent = { eventId: randomUUID(), type: 'BenchArticleDrafted', data: PAYLOAD, metadata: {} };
      ({ version } = await store.append(streamId, version === 0 ? 'no_stream' : version, [event]));
    };
  };
}

function rawInsertSubject(pool: Pool): Subject {
  return () => {
    const streamId = `bench-${randomUUID()}`;
    return async () => {
      await pool.query(RAW_INSERT_SQL, [streamId, PAYLOAD]);
    };
  };
}

function shapedInsertSubject(pool: Pool): Subject {
  return () => {
    const streamId = `bench-${randomUUID()}`;
    let version = 0;
    return async () => {
      await pool.query(SHAPED_INSERT_SQL, [
        randomUUID(),
        streamId,
        ++version,
        'BenchArticleDrafted',
        PAYLOAD,
        {},
        randomBytes(32),
      ]);
    };
  };
}

/** Closed loop: `concurrency` workers each issue their next operation as soon as the last one returns. */
async function runRound(subject: Subject, concurrency: number, durationMs: number): Promise<RoundResult> {
  const latencies: number[] = [];
  const start = performance.now();
  const deadline = start + durationMs;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      const operation = subject();
      while (performance.now() < deadline) {
        const begun = performance.now();
        await operation();
        latencies.push(performance.now() - begun);
      }
    }),
  );
  const elapsedSeconds = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  return { perSecond: latencies.length / elapsedSeconds, p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99) };
}

function summarise(rounds: RoundResult[]): Summary {
  return {
    rounds,
    perSecond: median(rounds.map((round) => round.perSecond)),
    p50: median(rounds.map((round) => round.p50)),
    p99: median(rounds.map((round) => round.p99)),
  };
}

function printReport(rows: Row[]): void {
  const header = [
    'concurrency',
    'event store appends/s',
    'p50 ms',
    'p99 ms',
    'raw INSERT/s',
    'p50 ms',
    'p99 ms',
    'ratio',
    'events-shaped INSERT/s',
    'ratio',
  ];
  const body = rows.map(({ concurrency, eventStore, raw, shaped }) => [
    String(concurrency),
    eventStore.perSecond.toFixed(0),
    eventStore.p50.toFixed(2),
    eventStore.p99.toFixed(2),
    raw.perSecond.toFixed(0),
    raw.p50.toFixed(2),
    raw.p99.toFixed(2),
    (eventStore.perSecond / raw.perSecond).toFixed(2),
    shaped.perSecond.toFixed(0),
    (eventStore.perSecond / shaped.perSecond).toFixed(2),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...body.map((row) => row[column].length)));
  const line = (cells: string[]) => cells.map((cell, column) => cell.padStart(widths[column])).join(' | ');
  console.log(line(header));
  console.log(widths.map((width) => '-'.repeat(width)).join('-|-'));
  for (const row of body) console.log(line(row));
  console.log("ratio = event store appends/s ÷ that baseline's INSERT/s (medians over rounds)");

  console.log('\nper-round throughput (ops/s), to judge the noise:');
  for (const { concurrency, eventStore, raw, shaped } of rows) {
    const list = (summary: Summary) => summary.rounds.map((round) => round.perSecond.toFixed(0)).join(' ');
    console.log(
      `  c=${concurrency}: event store [${list(eventStore)}]  raw INSERT [${list(raw)}]  events-shaped INSERT [${list(shaped)}]`,
    );
  }

  const atTarget = rows.find((row) => row.concurrency === TARGET.concurrency)!;
  const ratio = atTarget.eventStore.perSecond / atTarget.raw.perSecond;
  console.log(
    `\ntarget: event store >= ${TARGET.ratio} x raw INSERT throughput at concurrency ${TARGET.concurrency}: ` +
      `${ratio >= TARGET.ratio ? 'met' : 'NOT met'} (ratio ${ratio.toFixed(2)}; ` +
      `${(atTarget.eventStore.perSecond / atTarget.shaped.perSecond).toFixed(2)} of an INSERT into an events-shaped table)`,
  );
}

/**
 * The append inside the command path: each writer edits its own article (one field, at the version it
 * last got back) through the app's CommandBus, so every append runs in CommandRunner's transaction with
 * the inline projections, as an HTTP edit does behind the controller. The baselines run again beside it.
 */
async function compareCommandPath(url: string, baselines: { eventStore: Subject; raw: Subject }): Promise<void> {
  const secret = randomBytes(32).toString('hex');
  const config = loadConfig({ ...process.env, DATABASE_URL: url, JWT_SECRET: secret, LOG_LEVEL: 'error' });
  const app = await createApp(config, { logger: false });
  try {
    await app.init();
    const articles = await draftArticles(app, secret, COMMAND_PATH_CONCURRENCY);
    const command = commandPathSubject(app.get(CommandBus), articles);
    const subjects = [command, baselines.eventStore, baselines.raw];
    for (const subject of subjects) await runRound(subject, COMMAND_PATH_CONCURRENCY, WARMUP_MS);
    const results = new Map<Subject, RoundResult[]>(subjects.map((subject) => [subject, []]));
    for (let round = 0; round < ROUNDS; round++) {
      const order = subjects.map((_, index) => subjects[(index + round) % subjects.length]);
      for (const subject of order) {
        results.get(subject)!.push(await runRound(subject, COMMAND_PATH_CONCURRENCY, ROUND_MS));
      }
    }
    const [path, bare, raw] = subjects.map((subject) => summarise(results.get(subject)!));
    console.log(
      `\nthe append inside the command path, at concurrency ${COMMAND_PATH_CONCURRENCY}: an edit of one field through the ` +
        `CommandBus (CommandRunner.run with the inline projections), each writer on its own article; ` +
        `${ROUNDS} rounds of ${ROUND_MS / 1000} s, alternating with the baselines; medians\n`,
    );
    const row = (name: string, summary: Summary) => [
      name,
      summary.perSecond.toFixed(0),
      summary.p50.toFixed(2),
      summary.p99.toFixed(2),
      (summary.perSecond / raw.perSecond).toFixed(2),
      summary.rounds.map((each) => each.perSecond.toFixed(0)).join(' '),
    ];
    printTable(
      ['append', 'ops/s', 'p50 ms', 'p99 ms', 'ratio to raw INSERT', 'ops/s per round'],
      [
        row('command path (CommandBus, CommandRunner.run, projections)', path),
        row('bare EventStore.append()', bare),
        row('raw INSERT, minimal table', raw),
      ],
    );
    console.log(
      `\nratio command path / raw INSERT: ${(path.perSecond / raw.perSecond).toFixed(2)}; ` +
        `command path / bare append: ${(path.perSecond / bare.perSecond).toFixed(2)}`,
    );
  } finally {
    await app.close();
  }
}

interface DraftArticle {
  readonly id: string;
  version: number;
}

/** Drafts of the seed article, made through the API, one per writer. */
async function draftArticles(app: NestFastifyApplication, secret: string, count: number): Promise<DraftArticle[]> {
  const { editor } = await benchTokens(secret);
  const seed = loadSeedArticle(resolve(process.cwd(), 'test/fixtures/seed-article.txt'));
  const articles: DraftArticle[] = [];
  for (let index = 0; index < count; index++) {
    const created = await app.inject({
      method: 'POST',
      url: '/articles',
      headers: { authorization: editor },
      payload: { ...seed.draft, slug: `bench-append-${randomUUID()}` },
    });
    if (created.statusCode !== 201) throw new Error(`create: ${created.statusCode} ${created.body}`);
    articles.push({ id: created.json().id as string, version: 1 });
  }
  return articles;
}

/** Each worker takes the next article in turn: in a round of `articles.length` workers, each has its own. */
function commandPathSubject(commands: CommandBus, articles: DraftArticle[]): Subject {
  let next = 0;
  return () => {
    const article = articles[next++ % articles.length];
    return async () => {
      const command = {
        type: 'EditArticle',
        changes: { headline: `Edited at version ${article.version}` },
        actor: BENCH_PEOPLE.editor,
        at: new Date().toISOString(),
      } as const;
      const metadata = { requestId: randomUUID(), commandId: randomUUID() };
      const answer = await commands.execute(new RunArticleCommand(article.id, article.version, command, metadata));
      article.version = answer.article.version;
    };
  };
}

/**
 * A draft article's fields, its body of words drawn at random until the whole object serialises to
 * about `bytes`. Above ~2 KB PostgreSQL compresses the value, and a body of one repeated sentence
 * would shrink to a fifth: words in random order keep the stored size closer to real prose.
 */
function articlePayload(bytes: number): Record<string, unknown> {
  const words = (
    'the council vote bridge harbour cost traffic view old town mayor said budget plan years residents ' +
    'opposed approved engineers report river ferry crossing million funding delay design public meeting'
  ).split(' ');
  const article = {
    articleId: randomUUID(),
    headline: 'Council approves the new harbour bridge after a decade of debate',
    section: 'local',
    language: 'en',
    tags: ['harbour', 'council', 'transport'],
    body: '',
  };
  while (Buffer.byteLength(JSON.stringify(article)) < bytes) {
    article.body += `${words[Math.floor(Math.random() * words.length)]} `;
  }
  return article;
}

function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))];
}

runBenchmark(() => onBenchDatabase(benchmark));

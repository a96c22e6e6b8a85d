import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { articleCodec } from '../src/articles/article.codec';
import type { ArticleEvent } from '../src/articles/domain/article.events';
import type { Block } from '../src/articles/domain/article.types';
import { GetArticleHandler } from '../src/articles/queries/get-article';
import { GetArticle } from '../src/articles/queries/get-article';
import { dataSourceOptions } from '../src/config/data-source-options';
import { loadSeedArticle } from '../src/demo/seed-article';
import { EventStore } from '../src/event-store/event-store';
import { noInlineProjections } from '../src/event-store/inline-projections';
import type { NewEvent } from '../src/event-store/recorded-event';
import { ArticleHistoryReader } from '../src/history/article-history.reader';
import { AuditLogReader, type AuditFilter } from '../src/history/audit-log.reader';
import { onBenchDatabase, printTable, runBenchmark } from './bench-support';
import { Sql } from '../src/database/sql';

/**
 * History reads on a long stream against the same reads on a short one, on the same server in the
 * same run: the first history page, a page at the far end, the version in the middle, the article as
 * of the middle's time, and a diff across the whole range. Pages must cost the same however long
 * the stream is; a version or a diff folds the stream up to it, so those grow with it.
 */

const LONG = 10_000;
const SHORT = 10;
/** No larger than the short article, so both pages hold the same number of rows. */
const PAGE = 10;
const APPEND_BATCH = 500;
const ROUNDS = 7;
const WARMUP_ROUNDS = 2;
/** Other articles around the two, so the table and its indexes are not just one stream. */
const NEIGHBOURS = 300;
const NEIGHBOUR_EVENTS = 10;

const seed = loadSeedArticle(resolve(process.cwd(), 'test/fixtures/seed-article.txt'));

interface Subject {
  readonly articleId: string;
  readonly events: number;
  readonly middleAt: Date;
}

type Measure = (subject: Subject) => Promise<unknown>;

async function benchmark(url: string, target: string): Promise<void> {
  const dataSource = new DataSource(dataSourceOptions(url, 10));
  try {
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: 'each' });
    const store = new EventStore(Sql.of(dataSource), noInlineProjections());
    const reader = new ArticleHistoryReader(store, Sql.of(dataSource));
    const asOf = new GetArticleHandler(store);

    const built = performance.now();
    for (let index = 0; index < NEIGHBOURS; index++) await buildArticle(store, NEIGHBOUR_EVENTS, `writer-${index % 30}`);
    const long = await buildArticle(store, LONG);
    const short = await buildArticle(store, SHORT);
    await dataSource.query('ANALYZE events');
    const [{ server_version: version }] = await dataSource.query('SHOW server_version');
    console.log(`PostgreSQL ${version} (${target})`);
    console.log(
      `built articles of ${LONG} and ${SHORT} events among ${NEIGHBOURS} of ${NEIGHBOUR_EVENTS} ` +
        `in ${((performance.now() - built) / 1000).toFixed(1)} s; ${ROUNDS} rounds after ${WARMUP_ROUNDS} warm-up, medians\n`,
    );

    const measures: [string, Measure][] = [
      [`history, first page (${PAGE})`, (s) => reader.page(s.articleId, 0, PAGE)],
      [`history, last page (${PAGE})`, (s) => reader.page(s.articleId, Math.max(0, s.events - PAGE), PAGE)],
      [
        'version in the middle: rows only',
        (s) => store.readStream(`article-${s.articleId}`, { toVersion: Math.ceil(s.events / 2) }),
      ],
      ['version in the middle', (s) => reader.version(s.articleId, Math.ceil(s.events / 2))],
      ['asOf the middle', (s) => asOf.execute(new GetArticle(s.articleId, s.middleAt))],
      ['diff, first to last', (s) => reader.diff(s.articleId, 1, s.events)],
    ];
    const rows: string[][] = [];
    for (const [name, measure] of measures) {
      const longMs = await medianMs(() => measure(long));
      const shortMs = await medianMs(() => measure(short));
      rows.push([name, longMs.toFixed(2), shortMs.toFixed(2), (longMs / shortMs).toFixed(1)]);
    }
    printTable([`read`, `${LONG} events, ms`, `${SHORT} events, ms`, 'ratio'], rows);
    console.log('ratio = long ÷ short (medians); a page reads only its rows, a version or diff folds up to it');

    console.log('\nquery plans (EXPLAIN ANALYZE) of the pages, with the SQL the readers send:');
    const recorder = recordingQueries();
    await explain(dataSource, 'history page in the middle of the long article', await storeQuery(dataSource, long, PAGE));
    const audit = new AuditLogReader(recorder.sql);
    const filters: [string, AuditFilter][] = [
      ['audit log, no filter', {}],
      ['audit log, by actor', { actor: 'writer-7' }],
      ['audit log, by type', { types: ['SourceAttributed'] }],
      ['audit log, by article', { articleId: short.articleId }],
      ['audit log, the last hour', { from: new Date(Date.now() - 3_600_000).toISOString(), to: new Date().toISOString() }],
    ];
    for (const [name, filter] of filters) {
      await audit.page(filter, undefined, 100);
      await explain(dataSource, name, recorder.last());
    }
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
  }
}

/**
 * A drafted article and then edits, each replacing one paragraph's text, with now and then a source
 * attributed, a submission and an approval: what a long-lived, much-corrected article looks like.
 */
async function buildArticle(store: EventStore, count: number, actorId = 'eddie'): Promise<Subject> {
  const actor = { id: actorId, name: actorId, roles: ['editor' as const] };
  const articleId = randomUUID();
  const streamId = `article-${articleId}`;
  const body: Block[] = seed.draft.body.map((block) => ({ ...block, id: randomUUID() }) as Block);
  const paragraphs = body.filter((block) => block.type === 'paragraph');
  let occurred = Date.parse('2026-01-01T00:00:00Z');
  const encode = (event: { type: ArticleEvent['type']; data: object }): NewEvent => {
    const eventId = randomUUID();
    occurred += 60_000;
    const encoded = articleCodec.encode({ ...event, actor, occurredAt: new Date(occurred).toISOString() } as ArticleEvent);
    return { ...encoded, eventId, metadata: { eventId, ...encoded.metadata, requestId: randomUUID(), commandId: randomUUID() } };
  };
  const events: NewEvent[] = [
    encode({
      type: 'ArticleDrafted',
      data: { articleId, ...seed.draft, standfirst: null, slug: `bench-${articleId}`, body, relatedLinks: [] },
    }),
  ];
  for (let version = 2; version <= count; version++) {
    if (version % 97 === 0) {
      events.push(
        encode({ type: 'SourceAttributed', data: { source: { id: randomUUID(), name: `Agency ${version}`, role: 'cited' } } }),
      );
    } else if (version % 101 === 0) {
      events.push(encode({ type: 'ArticleSubmitted', data: { submittedVersion: version - 1 } }));
    } else {
      const index = version % paragraphs.length;
      const block = paragraphs[index] as Extract<Block, { type: 'paragraph' }>;
      paragraphs[index] = { ...block, text: `${block.text.split(' (rev')[0]} (rev ${version})` };
      events.push(
        encode({ type: 'ArticleEdited', data: { changes: {}, bodyOperations: [{ op: 'replace', block: paragraphs[index] }] } }),
      );
    }
  }
  let middleAt = new Date();
  for (let start = 0; start < events.length; start += APPEND_BATCH) {
    const batch = events.slice(start, start + APPEND_BATCH);
    const result = await store.append(streamId, start === 0 ? 'no_stream' : start, batch);
    const middle = result.events.find((event) => event.streamVersion === Math.ceil(count / 2));
    if (middle) middleAt = new Date(middle.recordedAt.getTime() + 1);
  }
  return { articleId, events: count, middleAt };
}

/** A DataSource that answers every query with no rows and remembers the last one, to EXPLAIN it. */
/** Takes the SQL a reader sends, without running it, so that its plan can be shown. */
function recordingQueries() {
  let last = { sql: '', parameters: [] as unknown[] };
  const sql = {
    query: (text: string, parameters: readonly unknown[] = []) => {
      last = { sql: text, parameters: [...parameters] };
      return Promise.resolve([]);
    },
  } as unknown as Sql;
  return { sql, last: () => last };
}

/** The history page's query, as EventStore.readStream sends it. */
async function storeQuery(dataSource: DataSource, subject: Subject, limit: number) {
  const recorder = recordingQueries();
  await new EventStore(recorder.sql, noInlineProjections()).readStream(`article-${subject.articleId}`, {
    fromVersion: 5_001,
    limit: limit + 1,
  });
  return recorder.last();
}

async function explain(dataSource: DataSource, name: string, query: { sql: string; parameters: unknown[] }): Promise<void> {
  const plan: { 'QUERY PLAN': string }[] = await dataSource.query(
    `EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) ${query.sql}`,
    query.parameters,
  );
  console.log(`\n${name}:`);
  for (const row of plan) console.log(`  ${row['QUERY PLAN']}`);
}

async function medianMs(work: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let round = 0; round < WARMUP_ROUNDS + ROUNDS; round++) {
    const start = performance.now();
    await work();
    if (round >= WARMUP_ROUNDS) times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

runBenchmark(() => onBenchDatabase(benchmark));

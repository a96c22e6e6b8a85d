import { parseArgs } from 'node:util';
import { Logger } from '@nestjs/common';
import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { projectionRebuilds } from '../src/cli/projections-admin-of';
import { dataSourceOptions } from '../src/config/data-source-options';
import { Database } from '../src/database/database';
import { Sql } from '../src/database/sql';
import { commitOrderQuery, START_OF_LOG, type AllStreamCursor } from '../src/event-store/commit-order';
import { EventStore } from '../src/event-store/event-store';
import { EVENT_COLUMNS, toRecordedEvent, type EventRow } from '../src/event-store/recorded-event';
import { inlineProjections } from '../src/inline-projections';
import { appendArticleHistories } from './article-histories';
import { onBenchDatabase, printTable, runBenchmark } from './bench-support';

/**
 * Rebuilds of the desk and published read models (npm run rebuild's code, ProjectionRebuild) against a
 * plain sequential read of the same events in the same run: the same commit-safe query, the same
 * batches, each row turned into an event, and nothing applied. What is left between the two is the
 * projections' own work: folding each stream, the statements they send, PostgreSQL writing the rows.
 *
 * npm run bench:rebuild [-- --events 100000] [-- --keep <data folder>]: with --keep the events go into
 * the embedded PostgreSQL of that folder and stay there (a folder to run `npm run rebuild` on, beside
 * `npm start`); otherwise DATABASE_URL, or a throwaway embedded server.
 */

const READ_BATCH = 2_000;
const PROJECTIONS = ['desk-articles', 'published-articles'];

async function benchmark(url: string, target: string, events: number): Promise<void> {
  const dataSource = new DataSource(dataSourceOptions(url, 20));
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
    const sql = Sql.of(dataSource);
    const [{ stored }] = await dataSource.query(`SELECT count(*)::int AS stored FROM events`);
    if (stored < events) {
      const started = performance.now();
      const appended = await appendArticleHistories(new EventStore(sql, inlineProjections()), events - stored);
      const seconds = (performance.now() - started) / 1000;
      console.log(`appended ${appended} events of whole article lives, with the inline projections, in ${seconds.toFixed(1)} s`);
    }
    await dataSource.query('VACUUM ANALYZE');
    const [{ total, server }] = await dataSource.query(
      `SELECT (SELECT count(*)::int FROM events) AS total, current_setting('server_version') AS server`,
    );
    console.log(`PostgreSQL ${server} (${target}); ${total} events in the log\n`);

    await plainRead(sql); // warms the cache, as the rebuilds after it will find it
    const rows: string[][] = [];
    const read = await plainRead(sql);
    rows.push(['plain sequential read (commit-safe order, 2,000 a batch)', ...figures(read, read)]);
    const rebuilds = projectionRebuilds(dataSource);
    for (const name of PROJECTIONS) {
      const running = await rebuilds.start(rebuilds.target(name)!, 'bench:rebuild');
      const result = await running.done;
      rows.push([
        `rebuild ${name} (swap: ${result.swapMs} ms)`,
        ...figures({ events: result.events, ms: result.elapsedMs }, read),
      ]);
    }
    const again = await plainRead(sql);
    rows.push(['plain sequential read, again', ...figures(again, read)]);
    printTable(['what', 'events', 'seconds', 'events/s', 'time per event ÷ the read'], rows);
    console.log(
      '\nA rebuild reads as the plain read does, then folds each stream, sends each projection statement on a pipelined\n' +
        'session without waiting for its answer, and commits a batch at a time; the swap holds appends off for the\n' +
        'time shown. Target: 20,000 events/s.',
    );
  } finally {
    await dataSource.destroy();
  }
}

interface Timed {
  readonly events: number;
  readonly ms: number;
}

function figures({ events, ms }: Timed, read: Timed): string[] {
  const ratio = ms / events / (read.ms / read.events);
  return [String(events), (ms / 1000).toFixed(2), Math.round(events / (ms / 1000)).toLocaleString('en-US'), ratio.toFixed(2)];
}

/** Every event, in the order and batches a rebuild reads them, decoded, and nothing done with them. */
async function plainRead(sql: Sql): Promise<{ events: number; ms: number }> {
  const started = performance.now();
  let events = 0;
  for (let after: AllStreamCursor = START_OF_LOG; ;) {
    const { text, values } = commitOrderQuery({ columns: EVENT_COLUMNS, after, limit: READ_BATCH });
    const batch = (await sql.query<EventRow>(text, values)).map(toRecordedEvent);
    events += batch.length;
    if (batch.length < READ_BATCH) return { events, ms: performance.now() - started };
    after = { transactionId: batch.at(-1)!.transactionId, position: batch.at(-1)!.position };
  }
}

runBenchmark(async () => {
  const { values } = parseArgs({ options: { events: { type: 'string', default: '100000' }, keep: { type: 'string' } } });
  const events = Number(values.events);
  if (!Number.isInteger(events) || events < 1) throw new Error(`--events must be a positive integer, not ${values.events}`);
  if (values.keep === undefined) return onBenchDatabase((url, target) => benchmark(url, target, events));
  // The folder's own embedded server, started and stopped here as the service would; its data stays.
  Logger.overrideLogger(['error', 'warn']);
  const database = await Database.open({ databaseUrl: null, dataDir: values.keep, databasePoolSize: 2 });
  const url = (database.dataSource.options as { url: string }).url;
  try {
    await benchmark(url, `the embedded PostgreSQL in ${values.keep}`, events);
  } finally {
    await database.close();
  }
});

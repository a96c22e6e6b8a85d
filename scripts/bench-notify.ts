import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/config/data-source-options';
import { Sql, type SqlClient } from '../src/database/sql';
import { EVENTS_CHANNEL } from '../src/event-store/engine-channels';
import { EventStore } from '../src/event-store/event-store';
import { noInlineProjections } from '../src/event-store/inline-projections';
import { median, onBenchDatabase, printTable, runBenchmark } from './bench-support';

/**
 * Where the append should wake the asynchronous consumers (docs/decisions/0021): a NOTIFY inside its
 * transaction, or one after the commit. Each variant appends one ~2 kB event per transaction, each
 * writer on its own stream, in interleaved rounds (the machine is shared and noisy):
 * - `no NOTIFY`: append, COMMIT — the baseline;
 * - `NOTIFY in the transaction`: append, pg_notify, COMMIT;
 * - `other statement in the transaction`: append, SELECT 1, COMMIT — the same round trips without a
 *   NOTIFY, so that what is left between it and the one above is the NOTIFY's commit;
 * - `NOTIFY after the commit`: append, COMMIT, then pg_notify on its own (what CommitSignal sends, here
 *   once per append: in the service, commits that meet one on its way share it).
 */
const CONCURRENCIES = [1, 8, 32];
const ROUNDS = 6;
const ROUND_MS = 2_000;
const POOL_SIZE = 40;
const PAYLOAD = { text: 'x'.repeat(2_000) };

type Variant = { readonly name: string; readonly inTransaction: string | null; readonly afterCommit: boolean };
const VARIANTS: readonly Variant[] = [
  { name: 'no NOTIFY', inTransaction: null, afterCommit: false },
  { name: 'NOTIFY in the transaction', inTransaction: `SELECT pg_notify('${EVENTS_CHANNEL}', '')`, afterCommit: false },
  { name: 'other statement in the transaction', inTransaction: 'SELECT 1', afterCommit: false },
  { name: 'NOTIFY after the commit', inTransaction: null, afterCommit: true },
];

async function benchmark(url: string, target: string): Promise<void> {
  const dataSource = new DataSource(dataSourceOptions(url, POOL_SIZE));
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
    const sql = Sql.of(dataSource);
    const store = new EventStore(sql, noInlineProjections());
    const writer = (variant: Variant) => {
      const streamId = `bench-notify-${randomUUID()}`;
      let version = 0;
      return async () => {
        await sql.transaction(async (transaction: SqlClient) => {
          const event = { eventId: randomUUID(), type: 'BenchHappened', data: PAYLOAD, metadata: {} };
          ({ version } = await store.appendWithin(transaction, streamId, version === 0 ? 'no_stream' : version, [event]));
          if (variant.inTransaction) await transaction.query(variant.inTransaction);
        });
        if (variant.afterCommit) await sql.query(`SELECT pg_notify('${EVENTS_CHANNEL}', '')`);
      };
    };
    for (const variant of VARIANTS) await round(writer, variant, 32, 1_000);
    console.log(`PostgreSQL (${target}); ${ROUNDS} interleaved rounds of ${ROUND_MS / 1000} s per variant; medians\n`);
    const rows: string[][] = [];
    for (const concurrency of CONCURRENCIES) {
      const results = new Map<Variant, number[]>(VARIANTS.map((variant) => [variant, []]));
      for (let index = 0; index < ROUNDS; index++) {
        const order = VARIANTS.map((_, at) => VARIANTS[(at + index) % VARIANTS.length]);
        for (const variant of order) results.get(variant)!.push(await round(writer, variant, concurrency, ROUND_MS));
      }
      const baseline = median(results.get(VARIANTS[0])!);
      for (const variant of VARIANTS) {
        const perSecond = median(results.get(variant)!);
        rows.push([
          String(concurrency),
          variant.name,
          perSecond.toFixed(0),
          (perSecond / baseline).toFixed(2),
          results
            .get(variant)!
            .map((value) => value.toFixed(0))
            .join(' '),
        ]);
      }
    }
    printTable(['writers', 'variant', 'appends/s', 'ratio to no NOTIFY', 'appends/s per round'], rows);
  } finally {
    await dataSource.destroy();
  }
}

/** Closed loop: each writer starts its next append as soon as the last one returned; appends per second. */
async function round(writer: (variant: Variant) => () => Promise<void>, variant: Variant, concurrency: number, ms: number) {
  let done = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      const append = writer(variant);
      while (performance.now() - start < ms) {
        await append();
        done += 1;
      }
    }),
  );
  return done / ((performance.now() - start) / 1000);
}

runBenchmark(() => onBenchDatabase(benchmark));

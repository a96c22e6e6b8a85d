import { setTimeout as sleep } from 'node:timers/promises';
import type { DataSource } from 'typeorm';
import { asyncConsumers } from '../../src/async-consumers';
import { loadConfig } from '../../src/config/app-config';
import { Sql } from '../../src/database/sql';
import { ConsumerStatusReader, type ConsumerReport } from '../../src/event-store/consumer-status';

/** Each asynchronous consumer's state and lag, as the admin API reports them. */
export function consumerReports(dataSource: DataSource): Promise<ConsumerReport[]> {
  return new ConsumerStatusReader(Sql.of(dataSource), asyncConsumers(loadConfig()).all).reports();
}

/**
 * Until every asynchronous consumer has applied every committed event: for specs that compare whole
 * tables, where a consumer still catching up would look like a write by the request under test.
 */
export function untilConsumersCaughtUp(dataSource: DataSource, timeoutMs = 20_000): Promise<void> {
  return until(dataSource, (report) => report.lag.events === 0, timeoutMs);
}

/**
 * Until nothing will write anything more without new events or requests: each asynchronous consumer
 * caught up or paused, and no rebuild under way.
 */
export async function untilConsumersIdle(dataSource: DataSource, timeoutMs = 20_000): Promise<void> {
  await until(dataSource, (report) => report.lag.events === 0 || report.state === 'paused', timeoutMs);
  const deadline = Date.now() + timeoutMs;
  while ((await dataSource.query(`SELECT 1 FROM projection_rebuilds WHERE status IN ('copying', 'swapping')`)).length > 0) {
    if (Date.now() > deadline) throw new Error('a rebuild did not finish');
    await sleep(25);
  }
}

async function until(dataSource: DataSource, settled: (report: ConsumerReport) => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const reports = await consumerReports(dataSource);
    if (reports.length > 0 && reports.every(settled)) return;
    if (Date.now() > deadline) throw new Error(`the consumers did not catch up: ${JSON.stringify(reports)}`);
    await sleep(25);
  }
}

import { Injectable } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { Clock } from '../common/clock';
import { Sql } from '../database/sql';
import { ServiceMetrics } from './service-metrics';

interface Backlog {
  readonly due: number;
  readonly lateSeconds: number;
}

/**
 * The scheduler's backlog, read from the database when Prometheus scrapes: how many scheduled
 * publications are due and not yet published, and how late the oldest of them is. Read at scrape
 * time rather than counted as the scheduler fires, so that a scheduler that has stopped firing, or
 * never started, shows as a growing number instead of silence (docs/decisions/0016). Every
 * instance reports the same backlog: aggregate with max, not sum. While the database does not
 * answer, both are NaN.
 */
@Injectable()
export class SchedulerMetrics {
  /** Both gauges are collected in one scrape: they share one query. */
  private reading: Promise<Backlog | null> | undefined;

  constructor(
    metrics: ServiceMetrics,
    private readonly sql: Sql,
    private readonly clock: Clock,
  ) {
    const read = () => (this.reading ??= this.read().finally(() => (this.reading = undefined)));
    const gauge = (name: string, help: string, valueOf: (backlog: Backlog) => number) =>
      new Gauge({
        name,
        help,
        registers: [metrics.registry],
        async collect() {
          const backlog = await read();
          this.set(backlog === null ? Number.NaN : valueOf(backlog));
        },
      });
    gauge(
      'copydesk_scheduler_due',
      'Scheduled publications whose time has come and that are not published yet',
      (backlog) => backlog.due,
    );
    gauge(
      'copydesk_scheduler_late_seconds',
      'How long ago the oldest scheduled publication that is still not published fell due; 0 when none is',
      (backlog) => backlog.lateSeconds,
    );
  }

  private async read(): Promise<Backlog | null> {
    const now = this.clock.now();
    try {
      const [{ due, oldest }] = await this.sql.query<{ due: number; oldest: Date | null }>(
        `SELECT count(*)::integer AS due, min(publish_at) AS oldest FROM scheduled_publications
         WHERE publish_at IS NOT NULL AND publish_at <= $1`,
        [now],
      );
      return { due, lateSeconds: oldest === null ? 0 : (now.getTime() - oldest.getTime()) / 1000 };
    } catch {
      return null;
    }
  }
}

import { Gauge, type Registry } from 'prom-client';
import type { ConsumerReport } from '../event-store/consumer-status';

/**
 * Each asynchronous consumer's lag and state as Prometheus gauges, read from the database when
 * scraped (ConsumerStatusReader), so a consumer that stopped, or that no instance runs, shows as
 * growing lag rather than as silence. Every instance reports the same figures: aggregate with max.
 * While the database does not answer, the gauges are left out of the scrape.
 *
 * It registers on a registry it is given, so the service's metrics registry can take it as it is.
 */
export class ProjectionMetrics {
  /** The gauges share one read per scrape. */
  private reading: Promise<ConsumerReport[] | null> | undefined;

  constructor(registry: Registry, reports: () => Promise<ConsumerReport[]>) {
    const read = () =>
      (this.reading ??= reports()
        .catch(() => null)
        .finally(() => (this.reading = undefined)));
    const gauge = (name: string, help: string, valueOf: (report: ConsumerReport) => number) =>
      new Gauge({
        name,
        help,
        labelNames: ['projection'] as const,
        registers: [registry],
        async collect() {
          this.reset();
          for (const report of (await read()) ?? []) this.set({ projection: report.name }, valueOf(report));
        },
      });
    gauge(
      'copydesk_projection_lag_events',
      'Committed events an asynchronous consumer has not applied yet',
      (report) => report.lag.events,
    );
    gauge(
      'copydesk_projection_lag_seconds',
      'How long ago the first event an asynchronous consumer has not applied was recorded; 0 when it is caught up',
      (report) => report.lag.seconds,
    );
    gauge(
      'copydesk_projection_running',
      '1 when an instance holds the consumer and it is not paused, 0 when it is paused or no instance runs it',
      (report) => (report.state === 'running' || report.state === 'retrying' ? 1 : 0),
    );
    gauge(
      'copydesk_projection_paused',
      '1 while the consumer is paused (by someone, or on an event that kept failing)',
      (report) => (report.state === 'paused' ? 1 : 0),
    );
    gauge(
      'copydesk_projection_failing',
      '1 while the consumer is retrying an event that failed, or is paused on one',
      (report) => (report.failure === null ? 0 : 1),
    );
    gauge(
      'copydesk_projection_dead_letters',
      'Events the consumer gave up on and recorded in its dead-letter ledger',
      (report) => report.deadLetters,
    );
  }
}

import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { Sql } from '../database/sql';

export type AttemptResult = 'delivered' | 'failed';

interface Standing {
  readonly disabled: number;
  readonly unfinished: number;
  readonly dead: number;
}

/**
 * Webhook deliveries as Prometheus metrics: attempts and their durations counted where they happen
 * (on the instance that made them: sum across instances), and how many webhooks are disabled and
 * deliveries unfinished or dead, read from the database when scraped (the same on every instance:
 * aggregate with max). While the database does not answer, the read gauges are NaN.
 */
export class WebhookMetrics {
  private readonly attempts: Counter<'result'>;
  private readonly attemptSeconds: Histogram<'result'>;
  private readonly deadLettered: Counter;
  private reading: Promise<Standing | null> | undefined;

  constructor(registry: Registry, sql: Sql) {
    this.attempts = new Counter({
      name: 'copydesk_webhook_attempts_total',
      help: 'Delivery attempts this instance made, by result',
      labelNames: ['result'] as const,
      registers: [registry],
    });
    this.attemptSeconds = new Histogram({
      name: 'copydesk_webhook_attempt_seconds',
      help: 'How long delivery attempts took, by result',
      labelNames: ['result'] as const,
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    });
    this.deadLettered = new Counter({
      name: 'copydesk_webhook_dead_lettered_total',
      help: 'Deliveries this instance gave up on after their last attempt',
      registers: [registry],
    });
    const read = () => (this.reading ??= standing(sql).finally(() => (this.reading = undefined)));
    const gauge = (name: string, help: string, valueOf: (standing: Standing) => number) =>
      new Gauge({
        name,
        help,
        registers: [registry],
        async collect() {
          const now = await read();
          this.set(now === null ? Number.NaN : valueOf(now));
        },
      });
    gauge('copydesk_webhooks_disabled', 'Webhooks disabled because their deliveries kept failing', (now) => now.disabled);
    gauge(
      'copydesk_webhook_deliveries_unfinished',
      'Deliveries neither delivered nor dead yet (pending or failed and waiting for a retry)',
      (now) => now.unfinished,
    );
    gauge('copydesk_webhook_deliveries_dead', 'Deliveries given up on after their last attempt', (now) => now.dead);
  }

  attempted(result: AttemptResult, durationMs: number): void {
    this.attempts.inc({ result });
    this.attemptSeconds.observe({ result }, durationMs / 1000);
  }

  gaveUp(): void {
    this.deadLettered.inc();
  }
}

async function standing(sql: Sql): Promise<Standing | null> {
  try {
    const [row] = await sql.query<Standing>(
      `SELECT (SELECT count(*)::integer FROM webhooks WHERE disabled_at IS NOT NULL) AS disabled,
              (SELECT count(*)::integer FROM webhook_deliveries WHERE state IN ('pending', 'failed')) AS unfinished,
              (SELECT count(*)::integer FROM webhook_deliveries WHERE state = 'dead') AS dead`,
    );
    return row;
  } catch {
    return null;
  }
}

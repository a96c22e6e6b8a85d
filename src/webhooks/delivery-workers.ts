import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import PgBoss from 'pg-boss';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { Sql } from '../database/sql';
import { DEAD_DELIVERY_QUEUE, DELIVERY_QUEUE, JOB_SCHEMA, jobQueueConnection, type DeliveryJob } from './delivery-jobs';
import { DeliveryWorker } from './delivery-worker';

/** Deliveries sent at once by one instance, each in a lane of its own. */
const WORKERS = 4;
/** Beyond the attempt's own timeout: claiming, building the payload and recording. */
const EXPIRY_MARGIN_SECONDS = 30;
/** How long a stopping instance waits for attempts in flight, which it has aborted, to be recorded. */
const STOP_TIMEOUT_MS = 5_000;

/**
 * pg-boss on this instance: it sets the delivery queue's retry policy from this instance's settings
 * (the jobs queued from then on take it), and, where consumers run (PROJECTION_RUNNERS), the workers
 * that send deliveries and the one that records those that used up their attempts (the dead-letter
 * queue), plus pg-boss's maintenance (expiring jobs whose worker died, archiving). At shutdown the
 * attempts in flight are aborted and recorded as failed, and come back after their backoff.
 */
@Injectable()
export class DeliveryWorkers implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger('Webhooks');
  private readonly stopping = new AbortController();
  private boss: PgBoss | undefined;

  constructor(
    private readonly sql: Sql,
    private readonly worker: DeliveryWorker,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    const { projections, webhooks } = this.config;
    const boss = new PgBoss({
      db: jobQueueConnection(this.sql),
      schema: JOB_SCHEMA,
      // The schema is the migrations' (decision 0024); pg-boss refuses to start on another version.
      migrate: false,
      schedule: false,
      supervise: projections.run,
    });
    boss.on('error', (error) => this.logger.error(`job queue: ${error.message}`));
    await boss.start();
    this.boss = boss;
    await boss.updateQueue(DELIVERY_QUEUE, {
      name: DELIVERY_QUEUE,
      retryLimit: webhooks.attempts - 1,
      retryDelay: webhooks.retryDelaySeconds,
      retryBackoff: true,
      expireInSeconds: Math.ceil(webhooks.timeoutMs / 1000) + EXPIRY_MARGIN_SECONDS,
      deadLetter: DEAD_DELIVERY_QUEUE,
    });
    if (!projections.run) return;
    const polling = { batchSize: 1, pollingIntervalSeconds: webhooks.pollMs / 1000 };
    for (let worker = 0; worker < WORKERS; worker++) {
      await boss.work<DeliveryJob>(DELIVERY_QUEUE, polling, ([job]) => this.worker.deliver(job.data, this.stopping.signal));
    }
    await boss.work<DeliveryJob>(DEAD_DELIVERY_QUEUE, polling, ([job]) => this.worker.giveUp(job.data));
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping.abort();
    await this.boss?.stop({ graceful: true, wait: true, timeout: STOP_TIMEOUT_MS, close: false });
  }
}

import { Module } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { Sql } from '../database/sql';
import { EventStore } from '../event-store/event-store';
import { ServiceMetrics } from '../metrics/service-metrics';
import { DeliveryJobs } from './delivery-jobs';
import { DeliveryLanes } from './delivery-lanes';
import { DeliveryLog } from './delivery-log';
import { DeliveryWorker } from './delivery-worker';
import { DeliveryWorkers } from './delivery-workers';
import { WebhooksController } from './http/webhooks.controller';
import { WebhookMetrics } from './webhook-metrics';
import { WebhooksStore } from './webhooks.store';

/**
 * Signed webhooks: the admin API, the delivery log, and the job-queue workers that send what the
 * `webhook-deliveries` consumer (src/async-consumers.ts) records.
 */
@Module({
  controllers: [WebhooksController],
  providers: [
    { provide: DeliveryLanes, useFactory: () => new DeliveryLanes(new DeliveryJobs()) },
    {
      provide: WebhookMetrics,
      useFactory: (metrics: ServiceMetrics, sql: Sql) => new WebhookMetrics(metrics.registry, sql),
      inject: [ServiceMetrics, Sql],
    },
    {
      provide: DeliveryWorker,
      useFactory: (sql: Sql, store: EventStore, lanes: DeliveryLanes, metrics: WebhookMetrics, config: AppConfig) =>
        new DeliveryWorker(sql, store, lanes, metrics, config.webhooks, config.publication),
      inject: [Sql, EventStore, DeliveryLanes, WebhookMetrics, APP_CONFIG],
    },
    DeliveryWorkers,
    WebhooksStore,
    DeliveryLog,
  ],
})
export class WebhooksModule {}

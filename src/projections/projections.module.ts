import { Module, type DynamicModule } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { Sql } from '../database/sql';
import { AsyncConsumers } from '../event-store/async-consumers';
import { CommitSignal } from '../event-store/commit-signal';
import { EventStore } from '../event-store/event-store';
import { InlineProjections } from '../event-store/inline-projections';
import { DEFAULT_BATCH_SIZE, ProjectionEngine } from '../event-store/projection-engine';
import { EngineLifecycle } from './engine-lifecycle';
import { ProjectionReplay } from '../event-store/projection-replay';
import { ProjectionRebuilds } from './projection-rebuilds';
import { ProjectionsAdmin } from './projections-admin';
import { ProjectionsController } from './projections.controller';
import { SignalConsumers } from './signal-consumers';
import { ServiceMetrics } from '../metrics/service-metrics';
import { ProjectionMetrics } from './projection-metrics';

/** The asynchronous consumers the application lists (src/async-consumers.ts), their engine, and the admin API over all projections. */
@Module({})
export class ProjectionsModule {
  static forRoot(consumers: AsyncConsumers): DynamicModule {
    return {
      module: ProjectionsModule,
      // Health reports the consumers' states too.
      global: true,
      imports: [CqrsModule],
      controllers: [ProjectionsController],
      providers: [
        { provide: AsyncConsumers, useValue: consumers },
        {
          provide: ProjectionEngine,
          useFactory: (sql: Sql, store: EventStore, config: AppConfig) =>
            new ProjectionEngine(sql, store, consumers, { pollMs: config.projections.pollMs, batchSize: DEFAULT_BATCH_SIZE }),
          inject: [Sql, EventStore, APP_CONFIG],
        },
        EngineLifecycle,
        { provide: CommitSignal, useFactory: (sql: Sql) => new CommitSignal(sql), inject: [Sql] },
        SignalConsumers,
        {
          provide: ProjectionRebuilds,
          useFactory: (sql: Sql, replay: ProjectionReplay, inline: InlineProjections) =>
            new ProjectionRebuilds(sql, replay, inline, consumers),
          inject: [Sql, ProjectionReplay, InlineProjections],
        },
        {
          provide: ProjectionsAdmin,
          useFactory: (sql: Sql, inline: InlineProjections, rebuilds: ProjectionRebuilds) =>
            new ProjectionsAdmin(sql, inline, consumers, rebuilds),
          inject: [Sql, InlineProjections, ProjectionRebuilds],
        },
        {
          // Lag, state and dead letters of every consumer, read from the database at each scrape.
          provide: ProjectionMetrics,
          useFactory: (metrics: ServiceMetrics, admin: ProjectionsAdmin) => {
            for (const metric of consumers.all.flatMap((consumer) => consumer.metrics ?? []))
              metrics.registry.registerMetric(metric);
            return new ProjectionMetrics(metrics.registry, () => admin.consumerReports());
          },
          inject: [ServiceMetrics, ProjectionsAdmin],
        },
      ],
      exports: [AsyncConsumers, ProjectionEngine, ProjectionsAdmin],
    };
  }
}

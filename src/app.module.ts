import { Module, type DynamicModule } from '@nestjs/common';
import { ArticlesModule } from './articles/articles.module';
import { ClockModule } from './common/clock.module';
import { AuthModule } from './auth/auth.module';
import type { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { DeskModule } from './desk/desk.module';
import { EventStoreModule } from './event-store/event-store.module';
import { HealthModule } from './health/health.module';
import { inlineProjections } from './inline-projections';
import { OpenApiModule } from './openapi/openapi.module';
import { ActivityModule } from './activity/activity.module';
import { asyncConsumers } from './async-consumers';
import { ProjectionsModule } from './projections/projections.module';
import { HistoryModule } from './history/history.module';
import { MetricsModule } from './metrics/metrics.module';
import { PublishedModule } from './published/published.module';
import { SchedulingModule } from './scheduling/scheduling.module';
import { WebhooksModule } from './webhooks/webhooks.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        ClockModule,
        MetricsModule,
        DatabaseModule,
        EventStoreModule.forRoot(inlineProjections()),
        AuthModule,
        ArticlesModule,
        DeskModule,
        PublishedModule,
        SchedulingModule,
        HistoryModule,
        HealthModule,
        ActivityModule,
        ProjectionsModule.forRoot(asyncConsumers(config)),
        OpenApiModule,
        WebhooksModule,
      ],
    };
  }
}

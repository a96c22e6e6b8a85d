import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { FeedsController } from './feeds.controller';
import { ForgetRecentVersions } from './forget-recent-versions';
import { PublishedArticlesReader } from './published-articles.reader';
import { PublishedController } from './published.controller';
import { PublishedOutputs } from './published-outputs';
import { RecentVersions } from './recent-versions';
import { SitemapsController } from './sitemaps.controller';

@Module({
  imports: [CqrsModule],
  controllers: [PublishedController, FeedsController, SitemapsController],
  providers: [
    PublishedArticlesReader,
    PublishedOutputs,
    {
      provide: RecentVersions,
      useFactory: (config: AppConfig) => new RecentVersions(config.publishedFreshnessMs),
      inject: [APP_CONFIG],
    },
    ForgetRecentVersions,
  ],
})
export class PublishedModule {}

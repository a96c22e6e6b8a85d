import { Module } from '@nestjs/common';
import { FeedsController } from './feeds.controller';
import { PublishedArticlesReader } from './published-articles.reader';
import { PublishedController } from './published.controller';
import { PublishedOutputs } from './published-outputs';
import { SitemapsController } from './sitemaps.controller';

@Module({
  controllers: [PublishedController, FeedsController, SitemapsController],
  providers: [PublishedArticlesReader, PublishedOutputs],
})
export class PublishedModule {}

import { Module } from '@nestjs/common';
import { PublishedArticlesReader } from './published-articles.reader';
import { PublishedController } from './published.controller';
import { PublishedProjection } from './published.projection';

@Module({ controllers: [PublishedController], providers: [PublishedProjection, PublishedArticlesReader] })
export class PublishedModule {}

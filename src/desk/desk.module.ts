import { Module } from '@nestjs/common';
import { DeskArticlesReader } from './desk-articles.reader';
import { DeskController } from './desk.controller';
import { DeskProjection } from './desk.projection';

@Module({ controllers: [DeskController], providers: [DeskProjection, DeskArticlesReader] })
export class DeskModule {}

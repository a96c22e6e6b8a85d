import { Module } from '@nestjs/common';
import { DeskArticlesReader } from './desk-articles.reader';
import { DeskController } from './desk.controller';

@Module({ controllers: [DeskController], providers: [DeskArticlesReader] })
export class DeskModule {}

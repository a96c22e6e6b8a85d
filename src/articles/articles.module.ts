import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { Clock } from '../common/clock';
import { RunArticleCommandHandler } from './commands/run-article-command';
import { ArticlesController } from './http/articles.controller';
import { GetArticleHandler } from './queries/get-article';

@Module({
  imports: [CqrsModule],
  controllers: [ArticlesController],
  providers: [RunArticleCommandHandler, GetArticleHandler, Clock],
})
export class ArticlesModule {}

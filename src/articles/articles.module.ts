import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { RunArticleCommandHandler } from './commands/run-article-command';
import { ArticlesController } from './http/articles.controller';
import { GetArticleHandler } from './queries/get-article';
import { GetArticleRevisionHandler } from './queries/get-article-revision';

@Module({
  imports: [CqrsModule],
  controllers: [ArticlesController],
  providers: [RunArticleCommandHandler, GetArticleHandler, GetArticleRevisionHandler],
})
export class ArticlesModule {}

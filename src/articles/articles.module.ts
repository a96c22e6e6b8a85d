import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ArticleCommandHandler } from './commands/article-command.handler';
import { ArticlesController } from './http/articles.controller';
import { GetArticleHandler } from './queries/get-article';

@Module({
  imports: [CqrsModule],
  controllers: [ArticlesController],
  providers: [ArticleCommandHandler, GetArticleHandler],
})
export class ArticlesModule {}

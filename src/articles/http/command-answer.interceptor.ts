import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { map, type Observable } from 'rxjs';
import { formatEtag } from '../../common/etag';
import type { ArticleView } from '../article.view';
import type { ArticleCommandAnswer } from '../commands/article-command.handler';

/** A write's answer on the wire: the article as the body, its new version as the ETag, what it created as the Location. */
@Injectable()
export class CommandAnswerInterceptor implements NestInterceptor<ArticleCommandAnswer, ArticleView> {
  intercept(context: ExecutionContext, next: CallHandler<ArticleCommandAnswer>): Observable<ArticleView> {
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    return next.handle().pipe(
      map(({ article, location }) => {
        void reply.header('etag', formatEtag(article.version));
        if (location !== null) void reply.header('location', location);
        return article;
      }),
    );
  }
}

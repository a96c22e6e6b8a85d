import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiParam } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RequireRole } from '../auth/auth.decorators';
import { NEWSROOM_ROLES } from '../auth/newsroom-roles';
import { formatEtag } from '../common/etag';
import { linkToNextPage } from '../common/next-link';
import { ProblemException } from '../common/problem.exception';
import { ArticleHistoryReader } from './article-history.reader';
import { DiffQuery, HistoryPageQuery } from './history.queries';
import { UuidParam } from '../common/uuid-param';
import { ARTICLE_DIFF, ARTICLE_VERSION, HISTORY_PAGE } from '../openapi/read-side.schemas';
import { Answers } from '../openapi/route-docs';

const DEFAULT_PAGE = 50;
/** An article's past for the newsroom: its history, any version, and what changed between two. */
@Controller('articles/:id')
@RequireRole(...NEWSROOM_ROLES)
export class HistoryController {
  constructor(private readonly reader: ArticleHistoryReader) {}

  @Get('history')
  @ApiOperation({ summary: 'Who did what, when and why, oldest first' })
  @Answers({ description: 'A page of the article’s history.', schema: HISTORY_PAGE })
  async history(
    @UuidParam('id') articleId: string,
    @Query() query: HistoryPageQuery,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const page = await this.reader.page(articleId, query.cursor ?? 0, query.limit ?? DEFAULT_PAGE);
    if (page === null) throw ProblemException.of(404, `article ${articleId} not found`);
    linkToNextPage(request, reply, page.nextCursor);
    return page;
  }

  @Get('versions/:version')
  @ApiOperation({ summary: 'The article as it stood at one version' })
  @ApiParam({
    name: 'version',
    schema: { type: 'string', pattern: '^[1-9][0-9]{0,8}$' },
    description: 'A stream version, 1 or more.',
  })
  @Answers({ description: 'The version; its ETag is the version number.', schema: ARTICLE_VERSION, headers: ['ETag'] })
  async version(
    @UuidParam('id') articleId: string,
    @Param('version') rawVersion: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const version = versionNumber(rawVersion);
    const article = await this.reader.version(articleId, version);
    if (article === null) throw ProblemException.of(404, `article ${articleId} has no version ${version}`);
    void reply.header('etag', formatEtag(article.version));
    return article;
  }

  @Get('diff')
  @ApiOperation({ summary: 'What changed between two versions, word by word' })
  @Answers({ description: 'The changes from `from` to `to`.', schema: ARTICLE_DIFF })
  async diff(@UuidParam('id') articleId: string, @Query() { from, to }: DiffQuery) {
    if (from >= to) {
      throw ProblemException.of(400, `from (${from}) must be an earlier version than to (${to})`, {
        errors: [{ field: 'from', messages: ['must be less than to'] }],
      });
    }
    const diff = await this.reader.diff(articleId, from, to);
    if (diff === null) throw ProblemException.of(404, `article ${articleId} has no version ${to}`);
    return diff;
  }
}

function versionNumber(raw: string): number {
  if (!/^[1-9]\d{0,8}$/.test(raw)) {
    throw ProblemException.of(400, `version must be a positive whole number, not ${raw}`, {
      errors: [{ field: 'version', messages: ['must be a positive whole number'] }],
    });
  }
  return Number(raw);
}

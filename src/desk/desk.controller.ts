import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { RequireRole, type AuthenticatedRequest } from '../auth/auth.decorators';
import { NEWSROOM_ROLES } from '../auth/newsroom-roles';
import { linkToNextPage } from '../common/next-link';
import { DESK_PAGE } from '../openapi/read-side.schemas';
import { Answers } from '../openapi/route-docs';
import { DeskArticlesReader } from './desk-articles.reader';
import { DeskListQuery } from './desk-list.query';

/** `author=me` names the caller, so "my drafts" is one request whoever asks. */
const CALLER = 'me';

@Controller('articles')
export class DeskController {
  constructor(private readonly reader: DeskArticlesReader) {}

  @Get()
  @RequireRole(...NEWSROOM_ROLES)
  @ApiOperation({ summary: 'The desk: articles by status, author, byline, section or words, most recently changed first' })
  @Answers({ description: 'A page of articles; pass `nextCursor` as `cursor` for the next.', schema: DESK_PAGE })
  async list(
    @Query() query: DeskListQuery,
    @Req() request: AuthenticatedRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { status, author, q, ...rest } = query;
    const page = await this.reader.list({
      ...rest,
      statuses: status,
      contributor: author === CALLER ? request.actor.id : author,
      text: q,
    });
    linkToNextPage(request, reply, page.nextCursor);
    return page;
  }
}

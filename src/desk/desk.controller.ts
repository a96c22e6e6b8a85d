import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { RequireRole, type AuthenticatedRequest } from '../auth/auth.decorators';
import { NEWSROOM_ROLES } from '../auth/newsroom-roles';
import { linkToNextPage } from '../common/next-link';
import { DeskArticlesReader } from './desk-articles.reader';
import { DeskListQuery } from './desk-list.query';

/** `author=me` names the caller, so "my drafts" is one request whoever asks. */
const CALLER = 'me';

@Controller('articles')
export class DeskController {
  constructor(private readonly reader: DeskArticlesReader) {}

  @Get()
  @RequireRole(...NEWSROOM_ROLES)
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

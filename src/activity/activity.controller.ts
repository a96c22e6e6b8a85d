import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { RequireRole, type AuthenticatedRequest } from '../auth/auth.decorators';
import { NEWSROOM_ROLES } from '../auth/newsroom-roles';
import { linkToNextPage } from '../common/next-link';
import { ACTIVITY_PAGE } from '../openapi/projection.schemas';
import { Answers } from '../openapi/route-docs';
import { ActivityQuery } from './activity.query';
import { ActivityReader } from './activity.reader';

const DEFAULT_PAGE = 50;
/** `actor=me` names the caller: "what have I done lately" is one request whoever asks. */
const CALLER = 'me';

/** The newsroom's activity feed: who did what to which article, newest first. */
@Controller('activity')
export class ActivityController {
  constructor(private readonly reader: ActivityReader) {}

  @Get()
  @RequireRole(...NEWSROOM_ROLES)
  @ApiOperation({ summary: 'The newsroom’s activity feed: who did what to which article, newest first (`actor=me`: the caller)' })
  @Answers({ description: 'A page of the feed.', schema: ACTIVITY_PAGE })
  async list(
    @Query() query: ActivityQuery,
    @Req() request: AuthenticatedRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const actorId = query.actor === CALLER ? request.actor.id : query.actor;
    const page = await this.reader.page({ actorId, articleId: query.article }, query.cursor, query.limit ?? DEFAULT_PAGE);
    linkToNextPage(request, reply, page.nextCursor);
    return page;
  }
}

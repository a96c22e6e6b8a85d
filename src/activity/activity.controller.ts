import { Controller, Get, Query, Req } from '@nestjs/common';
import { RequireRole, type AuthenticatedRequest } from '../auth/auth.decorators';
import { NEWSROOM_ROLES } from '../auth/newsroom-roles';
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
  list(@Query() query: ActivityQuery, @Req() request: AuthenticatedRequest) {
    const actorId = query.actor === CALLER ? request.actor.id : query.actor;
    return this.reader.page({ actorId, articleId: query.article }, query.cursor, query.limit ?? DEFAULT_PAGE);
  }
}

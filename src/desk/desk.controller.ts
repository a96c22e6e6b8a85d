import { Controller, Get, Query, Req } from '@nestjs/common';
import { RequireRole, type AuthenticatedRequest } from '../auth/auth.decorators';
import { NEWSROOM_ROLES } from '../auth/newsroom-roles';
import { DeskArticlesReader } from './desk-articles.reader';
import { DeskListQuery } from './desk-list.query';

/** `author=me` names the caller, so "my drafts" is one request whoever asks. */
const CALLER = 'me';

@Controller('articles')
export class DeskController {
  constructor(private readonly reader: DeskArticlesReader) {}

  @Get()
  @RequireRole(...NEWSROOM_ROLES)
  list(@Query() query: DeskListQuery, @Req() request: AuthenticatedRequest) {
    const { status, author, q, ...rest } = query;
    return this.reader.list({
      ...rest,
      statuses: status,
      contributor: author === CALLER ? request.actor.id : author,
      text: q,
    });
  }
}

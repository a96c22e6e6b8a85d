import { Controller, Get, Query } from '@nestjs/common';
import { RequireRole } from '../auth/auth.decorators';
import { NEWSROOM_ROLES } from '../auth/newsroom-roles';
import { DeskArticlesReader } from './desk-articles.reader';
import { DeskListQuery } from './desk-list.query';

@Controller('articles')
export class DeskController {
  constructor(private readonly reader: DeskArticlesReader) {}

  @Get()
  @RequireRole(...NEWSROOM_ROLES)
  list(@Query() query: DeskListQuery) {
    return this.reader.list(query);
  }
}

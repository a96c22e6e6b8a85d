import { Param, ParseUUIDPipe } from '@nestjs/common';

/** The `:id` of an article route: a UUID v4, or 400 before any work is done. */
export const ArticleIdParam = () => Param('id', new ParseUUIDPipe({ version: '4' }));

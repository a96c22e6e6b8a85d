import { Controller, Get, Param, Query } from '@nestjs/common';
import { Public } from '../auth/auth.decorators';
import { ProblemException } from '../common/problem.exception';
import { PublishedArticlesReader } from './published-articles.reader';
import { PublishedListQuery } from './published-list.query';

/** The public site's reads: no token needed. */
@Controller('published')
@Public()
export class PublishedController {
  constructor(private readonly reader: PublishedArticlesReader) {}

  @Get()
  async list(@Query() query: PublishedListQuery) {
    return { items: await this.reader.latest({ section: query.section, tag: query.tag, limit: query.limit ?? 25 }) };
  }

  @Get(':slug')
  async bySlug(@Param('slug') slug: string) {
    const article = await this.reader.bySlug(slug);
    if (article === null) throw ProblemException.of(404, `no published article at ${slug}`);
    return article;
  }
}

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
    const { section, tag, q, limit } = query;
    return { items: await this.reader.latest({ section, tag, text: q, limit: limit ?? 25 }) };
  }

  @Get(':slug')
  async bySlug(@Param('slug') slug: string) {
    const found = await this.reader.bySlug(slug);
    if (found.state === 'absent') throw ProblemException.of(404, `no published article at ${slug}`);
    if (found.state === 'withdrawn') {
      // 410, not 404: the article existed and was taken down on purpose, so caches and crawlers drop it.
      throw ProblemException.of(410, `the article at ${slug} was withdrawn on ${found.withdrawnAt}`, {
        type: 'https://copydesk.dev/problems/withdrawn',
        withdrawnAt: found.withdrawnAt,
      });
    }
    return found.article;
  }
}

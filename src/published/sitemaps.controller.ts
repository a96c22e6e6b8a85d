import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../auth/auth.decorators';
import { Produces } from '../common/content-negotiation';
import { ProblemException } from '../common/problem.exception';
import { sendRepresentation } from './conditional-get';
import { PublishedOutputs } from './published-outputs';

/** Sitemaps for search engines: Google News (the last two days) and every live article. */
@Controller('sitemaps')
@Public()
@Produces('application/xml', 'text/xml')
export class SitemapsController {
  constructor(private readonly outputs: PublishedOutputs) {}

  @Get('news.xml')
  async news(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await sendRepresentation(request, reply, await this.outputs.newsSitemap());
  }

  @Get('articles.xml')
  async articles(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await sendRepresentation(request, reply, await this.outputs.articlesSitemap());
  }

  /** One page of the index that articles.xml becomes past 50,000 articles: /sitemaps/articles/2.xml. */
  @Get('articles/:page')
  async articlesPage(@Param('page') file: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const page = /^([1-9]\d{0,5})\.xml$/.exec(file);
    if (!page) {
      throw ProblemException.of(400, `a sitemap page is a number followed by .xml, such as 2.xml; got ${file}`, {
        errors: [{ field: 'page', messages: ['must be a page number followed by .xml'] }],
      });
    }
    await sendRepresentation(request, reply, await this.outputs.articlesSitemapPage(Number(page[1])));
  }
}

import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiParam } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../auth/auth.decorators';
import { Produces } from '../common/content-negotiation';
import { ProblemException } from '../common/problem.exception';
import { Answers, type Answer } from '../openapi/route-docs';
import { sendRepresentation } from './conditional-get';
import { PublishedOutputs } from './published-outputs';

const SITEMAP: Answer = {
  description: 'The sitemap.',
  mediaTypes: ['application/xml'],
  headers: ['ETag', 'Last-Modified', 'Cache-Control'],
  conditional: true,
};

/** Sitemaps for search engines: Google News (the last two days) and every live article. */
@Controller('sitemaps')
@Public()
@Produces('application/xml', 'text/xml')
export class SitemapsController {
  constructor(private readonly outputs: PublishedOutputs) {}

  @Get('news.xml')
  @ApiOperation({ summary: 'Google News sitemap: the articles of the last two days' })
  @Answers(SITEMAP)
  async news(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await sendRepresentation(request, reply, await this.outputs.newsSitemap());
  }

  @Get('articles.xml')
  @ApiOperation({ summary: 'Sitemap of every live article (an index of pages past 50,000)' })
  @Answers(SITEMAP)
  async articles(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await sendRepresentation(request, reply, await this.outputs.articlesSitemap());
  }

  @Get('articles/:page')
  @ApiOperation({ summary: 'One page of the index that articles.xml becomes past 50,000 articles' })
  @ApiParam({ name: 'page', schema: { type: 'string', pattern: '^[1-9][0-9]{0,5}\\.xml$' }, example: '2.xml' })
  @Answers(SITEMAP)
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

import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../auth/auth.decorators';
import { JSON_MEDIA_TYPE, Produces } from '../common/content-negotiation';
import { linkToNextPage } from '../common/next-link';
import { derivedEtag, sendRepresentation } from './conditional-get';
import { PublishedArticlesReader } from './published-articles.reader';
import { NinjsQuery } from './published-format.queries';
import { PublishedListQuery } from './published-list.query';
import { PublishedOutputs } from './published-outputs';

/** The public site's reads: no token needed, every answer cacheable by a CDN and revalidated with a 304. */
@Controller('published')
@Public()
export class PublishedController {
  constructor(
    private readonly reader: PublishedArticlesReader,
    private readonly outputs: PublishedOutputs,
  ) {}

  @Get()
  async list(@Query() query: PublishedListQuery, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const { section, tag, q, limit, cursor } = query;
    const { items, nextCursor, changedAt } = await this.reader.latest({ section, tag, text: q, limit: limit ?? 25, cursor });
    const body = JSON.stringify({ items, nextCursor });
    const etag = derivedEtag(body);
    linkToNextPage(request, reply, nextCursor);
    await sendRepresentation(request, reply, {
      contentType: 'application/json; charset=utf-8',
      etag,
      lastModified: changedAt,
      render: () => ({ body, etag, lastModified: changedAt }),
    });
  }

  @Get(':slug')
  async bySlug(@Param('slug') slug: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await sendRepresentation(request, reply, await this.outputs.page(slug));
  }

  @Get(':slug/ninjs')
  async ninjs(
    @Param('slug') slug: string,
    @Query() query: NinjsQuery,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await sendRepresentation(request, reply, await this.outputs.ninjs(slug, query.version ?? '3.1'));
  }

  @Get(':slug/jsonld')
  @Produces('application/ld+json', JSON_MEDIA_TYPE)
  async jsonLd(@Param('slug') slug: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await sendRepresentation(request, reply, await this.outputs.jsonLd(slug));
  }
}

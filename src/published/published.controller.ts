import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../auth/auth.decorators';
import { PUBLISHED_ARTICLE, PUBLISHED_PAGE } from '../openapi/read-side.schemas';
import { Answers, Problems } from '../openapi/route-docs';
import { JSON_MEDIA_TYPE, Produces } from '../common/content-negotiation';
import { linkToNextPage } from '../common/next-link';
import { derivedEtag, sendRepresentation } from './conditional-get';
import { PublishedArticlesReader } from './published-articles.reader';
import { NinjsQuery } from './published-format.queries';
import { PublishedListQuery } from './published-list.query';
import { PublishedOutputs } from './published-outputs';

const REPRESENTATION_HEADERS = ['ETag', 'Last-Modified', 'Cache-Control'] as const;
const NINJS = { type: 'object', description: 'An IPTC ninjs document: https://iptc.org/standards/ninjs/' } as const;

/** The public site's reads: no token needed, every answer cacheable by a CDN and revalidated with a 304. */
@Controller('published')
@Public()
export class PublishedController {
  constructor(
    private readonly reader: PublishedArticlesReader,
    private readonly outputs: PublishedOutputs,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The live articles, newest first, by section, tag or words' })
  @Answers({
    description: 'A page of live articles.',
    schema: PUBLISHED_PAGE,
    headers: REPRESENTATION_HEADERS,
    conditional: true,
  })
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
  @ApiOperation({ summary: 'A live article, as the public site renders it' })
  @Answers({ description: 'The article.', schema: PUBLISHED_ARTICLE, headers: REPRESENTATION_HEADERS, conditional: true })
  @Problems(410)
  async bySlug(@Param('slug') slug: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await sendRepresentation(request, reply, await this.outputs.page(slug));
  }

  @Get(':slug/ninjs')
  @ApiOperation({ summary: 'A live article as IPTC ninjs (3.1, or 2.2 with version=2.2)' })
  @Answers({ description: 'The ninjs document.', schema: NINJS, headers: REPRESENTATION_HEADERS, conditional: true })
  @ApiResponse({
    status: 410,
    description: 'Unpublished: a ninjs kill notice (pubStatus canceled) a polling partner can act on.',
    content: { 'application/json': { schema: NINJS } },
  })
  async ninjs(
    @Param('slug') slug: string,
    @Query() query: NinjsQuery,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await sendRepresentation(request, reply, await this.outputs.ninjs(slug, query.version ?? '3.1'));
  }

  @Get(':slug/jsonld')
  @ApiOperation({ summary: 'A live article as schema.org NewsArticle JSON-LD' })
  @Answers({
    description: 'The JSON-LD document.',
    mediaTypes: ['application/ld+json'],
    headers: REPRESENTATION_HEADERS,
    conditional: true,
  })
  @Problems(410)
  @Produces('application/ld+json', JSON_MEDIA_TYPE)
  async jsonLd(@Param('slug') slug: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await sendRepresentation(request, reply, await this.outputs.jsonLd(slug));
  }
}

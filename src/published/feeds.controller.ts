import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../auth/auth.decorators';
import { Answers, type Answer } from '../openapi/route-docs';
import { JSON_MEDIA_TYPE, Produces } from '../common/content-negotiation';
import { sendRepresentation } from './conditional-get';
import type { FeedFormat } from './formats/feeds';
import { FeedQuery } from './published-format.queries';
import { PublishedOutputs } from './published-outputs';

const feed = (mediaType: string): Answer => ({
  description: 'The feed.',
  mediaTypes: [mediaType],
  headers: ['ETag', 'Last-Modified', 'Cache-Control'],
  conditional: true,
});
/** Feeds are XML documents too, for readers that ask for XML in general. */
const XML = ['application/xml', 'text/xml'];

/** Atom, RSS and JSON Feed of the newest live articles; `?section=`, `?tag=`, `?content=full|summary`. */
@Controller('feeds')
@Public()
export class FeedsController {
  constructor(private readonly outputs: PublishedOutputs) {}

  @Get('atom')
  @ApiOperation({ summary: 'Atom feed of the newest live articles' })
  @Answers(feed('application/atom+xml'))
  @Produces('application/atom+xml', ...XML)
  atom(@Query() query: FeedQuery, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.send('atom', query, request, reply);
  }

  @Get('rss')
  @ApiOperation({ summary: 'RSS 2.0 feed of the newest live articles' })
  @Answers(feed('application/rss+xml'))
  @Produces('application/rss+xml', ...XML)
  rss(@Query() query: FeedQuery, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.send('rss', query, request, reply);
  }

  @Get('json')
  @ApiOperation({ summary: 'JSON Feed 1.1 of the newest live articles' })
  @Answers(feed('application/feed+json'))
  @Produces('application/feed+json', JSON_MEDIA_TYPE)
  json(@Query() query: FeedQuery, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.send('json', query, request, reply);
  }

  private async send(format: FeedFormat, query: FeedQuery, request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const selection = { section: query.section, tag: query.tag, content: query.content ?? 'full' };
    await sendRepresentation(request, reply, await this.outputs.feed(format, selection));
  }
}

import { Controller, Get, Query, Req, Res, StreamableFile } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Readable } from 'node:stream';
import { RequireRole } from '../auth/auth.decorators';
import { JSON_MEDIA_TYPE, preferredMediaType, Produces } from '../common/content-negotiation';
import { linkToNextPage } from '../common/next-link';
import { addVary } from '../common/vary';
import { AUDIT_PAGE, VERIFY_REPORT } from '../openapi/read-side.schemas';
import { Answers, Problems } from '../openapi/route-docs';
import { AuditLogQuery } from './audit-log.query';
import { AuditLogReader, type AuditFilter } from './audit-log.reader';
import { AuditVerifier } from './audit-verifier';
import { VerifyQuery } from './verify.query';

const DEFAULT_PAGE = 100;
const NDJSON = 'application/x-ndjson';

/** For auditors (and admins): the global log of every event, its export, and verify (hash chains, read models). */
@Controller('audit')
@RequireRole('auditor')
export class AuditController {
  constructor(
    private readonly reader: AuditLogReader,
    private readonly verifier: AuditVerifier,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'The global event log: a page as JSON, or with Accept: application/x-ndjson every matching event, one per line',
  })
  @Answers({ description: 'A page of events, or (NDJSON) all of them.', schema: AUDIT_PAGE, mediaTypes: [NDJSON] })
  @Produces(JSON_MEDIA_TYPE, NDJSON)
  async log(@Query() query: AuditLogQuery, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const filter: AuditFilter = {
      actor: query.actor,
      types: query.type,
      articleId: query.article,
      from: query.from,
      to: query.to,
    };
    void addVary(reply, 'Accept');
    if (preferredMediaType(request.headers.accept, [JSON_MEDIA_TYPE, NDJSON]) === NDJSON) {
      this.reader.checkCursor(query.cursor);
      const lines = this.reader.export(filter, query.cursor);
      return new StreamableFile(
        Readable.from(
          (async function* () {
            for await (const line of lines) yield `${JSON.stringify(line)}\n`;
          })(),
        ),
        { type: NDJSON },
      );
    }
    const page = await this.reader.page(filter, query.cursor, query.limit ?? DEFAULT_PAGE);
    linkToNextPage(request, reply, page.nextCursor);
    return page;
  }

  @Get('verify')
  @ApiOperation({
    summary: 'Check every hash chain, or one stream’s; with readModels=true, the read models against a replay too',
  })
  @Answers({ description: 'What was checked and what, if anything, is broken.', schema: VERIFY_REPORT })
  // A stream named that has no events.
  @Problems(404)
  verify(@Query() query: VerifyQuery) {
    return this.verifier.verify(query);
  }
}

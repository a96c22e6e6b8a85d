import { Controller, Get, Header, Param, Res } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags, type OpenAPIObject } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/auth.decorators';
import { ProblemException } from '../common/problem.exception';
import { ApiReference } from './api-reference';
import { Answers, WithoutDatabase } from './route-docs';
import { ASSET_NAMES, REFERENCE_PAGE, swaggerUiAsset } from './swagger-ui-assets';

/** The API's own description: the OpenAPI document, and Swagger UI to read and try it. */
@Controller()
@ApiTags('Reference')
@Public()
@WithoutDatabase()
export class ApiReferenceController {
  constructor(private readonly reference: ApiReference) {}

  @Get('openapi.json')
  @ApiOperation({ summary: 'This API as an OpenAPI 3.1 document' })
  @Answers({ description: 'This document: OpenAPI 3.1.', schema: { type: 'object', required: ['openapi', 'paths'] } })
  document(): OpenAPIObject {
    return this.reference.document();
  }

  @Get('docs')
  @ApiOperation({ summary: 'The interactive reference you are reading' })
  @Header('content-type', 'text/html; charset=utf-8')
  @Answers({ description: 'The interactive reference (Swagger UI) of this document.', mediaTypes: ['text/html'] })
  page(): string {
    return REFERENCE_PAGE;
  }

  @Get('docs/:asset')
  @ApiOperation({ summary: 'A file of the interactive reference' })
  @ApiParam({ name: 'asset', enum: ASSET_NAMES, description: 'A file of the interactive reference.' })
  @Answers({ description: 'A file of the interactive reference.', mediaTypes: ['text/css', 'text/javascript', 'image/png'] })
  async asset(@Param('asset') name: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<Buffer> {
    const asset = await swaggerUiAsset(name);
    if (asset === null) throw ProblemException.of(404, `the reference has no file ${name}`);
    void reply.header('content-type', asset.contentType).header('cache-control', 'public, max-age=3600');
    return asset.body;
  }
}

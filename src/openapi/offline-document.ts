import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { OpenAPIObject } from '@nestjs/swagger';
import { AppModule } from '../app.module';
import type { AppConfig } from '../config/app-config';
import { createOpenApiDocument } from './openapi-document';

/**
 * The document the service serves, made without running it: Nest's preview mode builds the module
 * graph (all the document is read from) and creates no provider, so no database is needed.
 */
export async function offlineOpenApiDocument(config: AppConfig): Promise<OpenAPIObject> {
  const app = await NestFactory.create(AppModule.forRoot(config), new FastifyAdapter(), {
    preview: true,
    logger: false,
    abortOnError: false,
  });
  try {
    return createOpenApiDocument(app);
  } finally {
    await app.close();
  }
}

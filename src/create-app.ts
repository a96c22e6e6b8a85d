import { randomUUID } from 'node:crypto';
import { NestFactory, Reflector } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module';
import { NotAcceptableInterceptor } from './common/content-negotiation';
import { registerRevalidation } from './common/conditional-request';
import { registerHttpProtections } from './common/http-protections';
import { registerMethodNotAllowed } from './common/method-not-allowed';
import { registerInputChecks } from './common/acceptable-input';
import { clientErrorHandler, frameworkErrors, MAX_PATH_PARAMETER_LENGTH } from './common/framework-refusals';
import { registerJsonBodyParser } from './common/json-body';
import { articleProblems } from './articles/http/article.problems';
import { ProblemDetailsFilter } from './common/problem-details.filter';
import { validationPipe } from './common/validation';
import type { AppConfig } from './config/app-config';
import { databaseProblems } from './database/database.problems';
import { eventStoreProblems } from './event-store/event-store.problems';
import { historyProblems } from './history/history.problems';
import { ApiReference } from './openapi/api-reference';
import { createOpenApiDocument } from './openapi/openapi-document';
import { registerAccessLog } from './logging/access-log';
import { NestLogger } from './logging/nest-logger';
import { createServiceLogger, type ServiceLogger } from './logging/service-logger';
import { publishedProblems } from './published/published.problems';

export interface AppOptions {
  /** Where the app logs: a service logger (main.ts makes one from the configuration), or nowhere. */
  readonly logger?: ServiceLogger | false;
}

/** The configured application, shared by main.ts and the end-to-end tests so both run the same thing. */
export async function createApp(config: AppConfig, options: AppOptions = {}): Promise<NestFastifyApplication> {
  const logger = options.logger ?? createServiceLogger(config);
  const adapter = new FastifyAdapter({
    bodyLimit: config.bodyLimitBytes,
    // A caller's X-Request-Id is kept so one id follows a request across services into the event metadata.
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    routerOptions: { maxParamLength: MAX_PATH_PARAMETER_LENGTH },
    frameworkErrors,
    clientErrorHandler,
    // Slow and idle clients are let go: a header section or a request that trickles in (slow loris),
    // a kept-alive connection nobody uses, a socket on which nothing moves.
    http: {
      headersTimeout: config.http.timeouts.headersMs,
      // Node checks the two timeouts above only this often (30 s by default).
      connectionsCheckingInterval: Math.min(1_000, config.http.timeouts.headersMs),
    },
    requestTimeout: config.http.timeouts.requestMs,
    keepAliveTimeout: config.http.timeouts.keepAliveMs,
    connectionTimeout: config.http.timeouts.idleMs,
  });
  const fastify = adapter.getInstance();
  fastify.addHook('onSend', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });
  // The API speaks JSON only: anything else is 415 Unsupported Media Type, not a string to validate.
  fastify.removeContentTypeParser('text/plain');
  registerJsonBodyParser(fastify);
  registerInputChecks(fastify);
  if (logger !== false) registerAccessLog(fastify, logger);
  registerMethodNotAllowed(fastify, { maxParamLength: MAX_PATH_PARAMETER_LENGTH });
  registerRevalidation(fastify);
  await registerHttpProtections(fastify, config.http);
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    logger: logger === false ? false : new NestLogger(logger, config.logLevels),
    // Throw instead of process.abort(): an abort skips exit hooks and would leave the embedded PostgreSQL running.
    abortOnError: false,
    // Copydesk parses JSON itself (json-body.ts); Nest's parser would replace it at init.
    bodyParser: false,
  });
  app.useGlobalPipes(validationPipe());
  app.useGlobalInterceptors(new NotAcceptableInterceptor(app.get(Reflector)));
  app.useGlobalFilters(
    new ProblemDetailsFilter([databaseProblems, eventStoreProblems, articleProblems, publishedProblems, historyProblems]),
  );
  app.get(ApiReference).describeWith(() => createOpenApiDocument(app));
  return app;
}

import { randomUUID } from 'node:crypto';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module';
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
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    logger: logger === false ? false : new NestLogger(logger, config.logLevels),
    // Throw instead of process.abort(): an abort skips exit hooks and would leave the embedded PostgreSQL running.
    abortOnError: false,
    // Copydesk parses JSON itself (json-body.ts); Nest's parser would replace it at init.
    bodyParser: false,
  });
  app.useGlobalPipes(validationPipe());
  app.useGlobalFilters(
    new ProblemDetailsFilter([databaseProblems, eventStoreProblems, articleProblems, publishedProblems, historyProblems]),
  );
  return app;
}

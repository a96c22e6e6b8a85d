import { Global, Module } from '@nestjs/common';
import { APP_GUARD, HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { AuthGuard, TOKEN_KEYS } from './auth.guard';
import { RequestLimits } from './request-limits';
import { resolveTokenKeys } from './token-keys';

@Global()
@Module({
  providers: [
    { provide: TOKEN_KEYS, useFactory: (config: AppConfig) => resolveTokenKeys(config), inject: [APP_CONFIG] },
    {
      provide: RequestLimits,
      // The counters live in the Fastify instance's @fastify/rate-limit plugin, registered in create-app.ts.
      useFactory: (host: HttpAdapterHost, config: AppConfig) =>
        new RequestLimits(host.httpAdapter.getInstance<FastifyInstance>(), config.http.rateLimits),
      inject: [HttpAdapterHost, APP_CONFIG],
    },
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [TOKEN_KEYS],
})
export class AuthModule {}

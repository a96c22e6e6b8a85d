import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { ServiceMetrics } from './service-metrics';

/** Not a route: what a request that matched none is labelled with, so that scanned URLs do not each make a series. */
export const UNMATCHED_ROUTE = 'unmatched';

/** Times every answered request, by the route template Fastify matched. */
@Injectable()
export class HttpMetrics implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly metrics: ServiceMetrics,
  ) {}

  /** Hooks added before Fastify is ready apply to every route, those Nest registered already included. */
  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    fastify.addHook('onResponse', async (request, reply) => {
      this.metrics.requestAnswered(
        request.method,
        request.routeOptions.url ?? UNMATCHED_ROUTE,
        reply.statusCode,
        reply.elapsedTime / 1000,
      );
    });
  }
}

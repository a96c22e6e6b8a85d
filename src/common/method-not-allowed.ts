import type { FastifyInstance } from 'fastify';
import Router from 'find-my-way';
import { PROBLEM_CONTENT_TYPE, problem } from './problem-details';

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

/**
 * RFC 9110 §15.5.6: a path the service knows, asked with a method it does not take, is 405 with
 * `Allow` listing the methods it does take, not 404. Fastify's router only says "no route"; a second
 * router with every route Fastify registers tells the two apart, and is asked only when the first
 * found nothing. CORS preflights (`OPTIONS *`, when CORS is on) say nothing about a path and are left out.
 */
export function registerMethodNotAllowed(fastify: FastifyInstance, routerOptions: { maxParamLength: number }): void {
  const known = Router({ maxParamLength: routerOptions.maxParamLength });
  const registered = new Set<string>();
  fastify.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      const key = `${method} ${route.url}`;
      if (method === 'OPTIONS' || registered.has(key)) continue;
      registered.add(key);
      known.on(method as (typeof METHODS)[number], route.url, () => undefined);
    }
  });
  fastify.addHook('onRequest', async (request, reply) => {
    if (!request.is404) return;
    const allowed = METHODS.filter((method) => known.find(method, request.url) !== null);
    if (allowed.length === 0) return;
    const detail = `${request.method} is not a method of ${request.url.split('?')[0]}; it takes ${allowed.join(', ')}`;
    await reply
      .status(405)
      .header('allow', allowed.join(', '))
      .header('content-type', PROBLEM_CONTENT_TYPE)
      .send({
        ...problem(405, detail, { errors: [{ field: '(method)', messages: [`must be one of ${allowed.join(', ')}`] }] }),
        instance: request.url,
        requestId: request.id,
      });
    return reply;
  });
}

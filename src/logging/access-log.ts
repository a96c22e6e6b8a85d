import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Level } from 'pino';
import { failureOf } from '../common/request-failure';
import type { ServiceLogger } from './service-logger';

export interface AccessLogEntry {
  readonly level: Extract<Level, 'info' | 'warn' | 'error'>;
  readonly msg: string;
  readonly fields: {
    readonly requestId: string;
    /** Who sent it; null on public routes and when the token was refused. */
    readonly actor: string | null;
    /** The route template (`/articles/:id`), null when no route matched. */
    readonly route: string | null;
    readonly method: string;
    readonly url: string;
    readonly status: number;
    readonly ms: number;
    /** On a 5xx: the error that caused it, stack and all. */
    readonly err?: unknown;
  };
}

/**
 * What one finished request says in the log: enough to find it again from a user's report or an
 * event's metadata. The client's mistakes are warnings, the service's failures errors.
 */
export function accessLogEntry(request: FastifyRequest & { actor?: { id: string } }, reply: FastifyReply): AccessLogEntry {
  const status = reply.statusCode;
  const level = status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
  const fields = {
    requestId: request.id,
    actor: request.actor?.id ?? null,
    route: request.routeOptions.url ?? null,
    method: request.method,
    url: request.url,
    status,
    ms: Math.round(reply.elapsedTime * 10) / 10,
  };
  const failure = status >= 500 ? failureOf(request) : undefined;
  return {
    level,
    msg: `${request.method} ${request.url} ${status}`,
    fields: failure === undefined ? fields : { ...fields, err: failure },
  };
}

/** One line per request, after the answer has gone out. */
export function registerAccessLog(fastify: FastifyInstance, logger: ServiceLogger): void {
  // A callback hook, not an async one: no promise per request for a synchronous write.
  fastify.addHook('onResponse', (request, reply, done) => {
    const { level, msg, fields } = accessLogEntry(request, reply);
    logger[level](fields, msg);
    done();
  });
}

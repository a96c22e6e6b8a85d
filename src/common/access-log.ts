import { Logger } from '@nestjs/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** What one finished request says in the log: enough to find it again from a user's report or an event's metadata. */
export function accessLogLine(request: FastifyRequest & { actor?: { id: string } }, reply: FastifyReply): string {
  const who = request.actor ? ` by ${request.actor.id}` : '';
  return `${request.method} ${request.url} ${reply.statusCode} ${reply.elapsedTime.toFixed(1)} ms${who} [${request.id}]`;
}

/** One line per request, through Nest's logger so it reads like the rest; server errors also go out as errors. */
export function registerAccessLog(fastify: FastifyInstance): void {
  const logger = new Logger('HTTP');
  fastify.addHook('onResponse', async (request, reply) => {
    if (reply.statusCode >= 500) logger.error(accessLogLine(request, reply));
    else logger.log(accessLogLine(request, reply));
  });
}

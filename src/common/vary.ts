import type { FastifyReply } from 'fastify';

/**
 * Adds a request header to Vary without dropping the ones already there: CORS puts `Origin` there
 * first, and a cache that lost it would hand one origin's answer to another.
 */
export function addVary(reply: FastifyReply, ...headers: readonly string[]): FastifyReply {
  const current = String(reply.getHeader('vary') ?? '')
    .split(',')
    .map((field) => field.trim())
    .filter(Boolean);
  const known = new Set(current.map((field) => field.toLowerCase()));
  const added = headers.filter((header) => !known.has(header.toLowerCase()));
  return added.length === 0 ? reply : reply.header('vary', [...current, ...added].join(', '));
}

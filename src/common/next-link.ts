import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * RFC 8288: the next page's address beside the cursor in the body, so that a client can follow
 * `Link: rel="next"` without building URLs. It is this request's path and query with the cursor
 * replaced, relative to this request's own address.
 */
export function linkToNextPage(request: FastifyRequest, reply: FastifyReply, nextCursor: string | null): void {
  if (nextCursor === null) return;
  const next = new URL(request.url, 'http://copydesk.invalid');
  next.searchParams.set('cursor', nextCursor);
  void reply.header('link', `<${next.pathname}${next.search}>; rel="next"`);
}

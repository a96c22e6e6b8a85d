import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/** RFC 9110 §13.1: If-None-Match wins over If-Modified-Since; ETags compare weakly for GET. */
export function notModified(request: Pick<FastifyRequest, 'headers'>, etag: string, lastModified: Date | null): boolean {
  const ifNoneMatch = request.headers['if-none-match'];
  if (ifNoneMatch !== undefined) {
    const tags = ifNoneMatch.split(',').map((tag) => tag.trim().replace(/^W\//, ''));
    return tags.includes('*') || tags.includes(etag.replace(/^W\//, ''));
  }
  const ifModifiedSince = request.headers['if-modified-since'];
  if (ifModifiedSince === undefined || lastModified === null) return false;
  const since = Date.parse(ifModifiedSince);
  // HTTP dates have whole seconds: a representation changed within the second it names is not newer.
  return !Number.isNaN(since) && Math.floor(lastModified.getTime() / 1000) * 1000 <= since;
}

/** A strong ETag derived from several parts (a stored tag, a format, the configuration), without rendering. */
export function derivedEtag(...parts: readonly string[]): string {
  return `"${createHash('sha256').update(parts.join('\u0000')).digest('base64url').slice(0, 27)}"`;
}

/**
 * Every successful GET answer carries a strong validator, and a client that already has it gets
 * 304 Not Modified. Routes that know their version (an article's `"7"`) or answer conditional
 * requests themselves before rendering (the public formats) set their own ETag; for the rest
 * (desk lists, history pages, the audit log) it is a digest of the bytes about to be sent. A
 * streamed answer (the NDJSON export) has no bytes yet and gets none.
 */
export function registerRevalidation(fastify: FastifyInstance): void {
  fastify.addHook('onSend', async (request, reply, payload) => {
    if ((request.method !== 'GET' && request.method !== 'HEAD') || reply.statusCode !== 200) return payload;
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload;
    const given = reply.getHeader('etag');
    const etag = typeof given === 'string' ? given : derivedEtag(payload.toString('utf8'));
    void reply.header('etag', etag);
    if (!notModified(request, etag, null)) return payload;
    void reply.code(304).removeHeader('content-type').removeHeader('content-length');
    return null;
  });
}

import type { FastifyReply, FastifyRequest } from 'fastify';
import { notModified } from '../common/conditional-request';
import { addVary } from '../common/vary';

export { derivedEtag, notModified } from '../common/conditional-request';

/**
 * How long shared caches (a CDN) may serve a public representation without asking, and how long
 * they may go on serving a stale one while they revalidate it in the background or while we fail.
 * Short, so that a correction or an unpublish reaches readers about a minute later without any purge
 * (only the request that starts a revalidation is answered from the stale copy); purging on change
 * belongs with the asynchronous projections.
 */
export const PUBLIC_CACHE = 'public, max-age=60, stale-while-revalidate=300, stale-if-error=86400';
/** A withdrawn or unknown URL may become live again (a republication), so it is cached briefly too. */
export const PUBLIC_ERROR_CACHE = 'public, max-age=60';
/**
 * No representation depends on a request header, but they are compressible: a proxy or CDN that
 * compresses them must keep compressed and plain copies apart.
 */
export const PUBLIC_VARY = 'Accept-Encoding';

/** A representation as sent: its bytes and the validators of exactly those bytes. */
export interface Rendered {
  readonly body: string | Buffer;
  /** A strong validator, quoted: `"…"`. */
  readonly etag: string;
  readonly lastModified: Date | null;
}

export interface Representation {
  readonly status?: number;
  readonly contentType: string;
  /** The validators of the current state, known before anything is rendered. */
  readonly etag: string;
  readonly lastModified: Date | null;
  /**
   * Rendered only when it is sent, so a 304 costs no rendering. It names its own validators: they
   * differ from the ones above only when a publication landed between the two reads.
   */
  readonly render: () => Rendered | Promise<Rendered>;
}

/**
 * Sends a public representation with its validators and caching headers, or 304 Not Modified when
 * the request's If-None-Match (or, without one, If-Modified-Since) shows the client has it already.
 */
export async function sendRepresentation(
  request: FastifyRequest,
  reply: FastifyReply,
  representation: Representation,
): Promise<void> {
  const status = representation.status ?? 200;
  if (status === 200 && notModified(request, representation.etag, representation.lastModified)) {
    void withValidators(reply, representation).status(304).send();
    return;
  }
  const rendered = await representation.render();
  void withValidators(reply, rendered).status(status).header('content-type', representation.contentType).send(rendered.body);
}

function withValidators(reply: FastifyReply, validators: Pick<Rendered, 'etag' | 'lastModified'>): FastifyReply {
  void addVary(reply.header('etag', validators.etag).header('cache-control', PUBLIC_CACHE), PUBLIC_VARY);
  if (validators.lastModified) void reply.header('last-modified', validators.lastModified.toUTCString());
  return reply;
}

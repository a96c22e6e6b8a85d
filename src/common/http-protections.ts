import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import type { HttpConfig } from '../config/app-config';

/**
 * The service answers JSON, XML and NDJSON, and no HTML of its own; the one page a browser shows is
 * the API reference at /docs, which loads its scripts and styles from this origin (and sets some
 * styles inline). One policy serves both: nothing from elsewhere, no inline script, no plugins,
 * no framing. Helmet's upgrade-insecure-requests is left out: it would break /docs on a plain-HTTP
 * development server by sending its scripts to an https:// that is not there.
 */
export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  baseUri: ["'self'"],
  connectSrc: ["'self'"],
  fontSrc: ["'self'", 'data:'],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  imgSrc: ["'self'", 'data:'],
  objectSrc: ["'none'"],
  scriptSrc: ["'self'"],
  scriptSrcAttr: ["'none'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
};

/** What a browser page on another origin may send and read: the headers of the API's conditional writes and retries. */
const CORS_ALLOWED_HEADERS = ['Authorization', 'Content-Type', 'If-Match', 'If-None-Match', 'Idempotency-Key', 'X-Request-Id'];
const CORS_EXPOSED_HEADERS = ['ETag', 'Location', 'Link', 'Retry-After', 'X-Request-Id'];

/** Security headers on every answer, CORS when CORS_ORIGINS names origins, and the rate limiter's counters. */
export async function registerHttpProtections(fastify: FastifyInstance, http: HttpConfig): Promise<void> {
  // Counters only (global: false): auth/request-limits.ts says which requests count against which limit.
  await fastify.register(rateLimit, { global: false });
  await fastify.register(helmet, { contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY } });
  if (http.corsOrigins.length === 0) return;
  await fastify.register(cors, {
    // Exact strings: @fastify/cors compares each with the request's Origin as it is.
    origin: [...http.corsOrigins],
    methods: ['GET', 'HEAD', 'POST', 'PATCH', 'DELETE'],
    allowedHeaders: CORS_ALLOWED_HEADERS,
    exposedHeaders: CORS_EXPOSED_HEADERS,
    // Bearer tokens travel in a header the page sets; there are no cookies to send along.
    credentials: false,
    maxAge: 600,
  });
}

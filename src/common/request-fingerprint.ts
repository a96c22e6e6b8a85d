import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json';

/** What makes two requests "the same request" for an Idempotency-Key. */
export interface FingerprintedRequest {
  readonly method: string;
  /** The path as requested, without the query string. */
  readonly path: string;
  readonly ifMatch: string | undefined;
  /** The parsed JSON body; undefined when none was sent. */
  readonly body: unknown;
}

/**
 * sha256 (hex) of the method, path, If-Match and the body in canonical JSON (RFC 8785, as the hash chain uses), so a retry that
 * re-serialises the same body with its keys in another order or other whitespace is still the same
 * request. An absent body counts as {}, as the validation pipe reads it.
 */
export function requestFingerprint({ method, path, ifMatch, body }: FingerprintedRequest): string {
  const canonical = canonicalJson([method, path, ifMatch?.trim() ?? '', body === undefined ? {} : body]);
  return createHash('sha256').update(canonical).digest('hex');
}

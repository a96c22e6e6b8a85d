import type { HeaderObject, ParameterObject } from '@nestjs/swagger';
import { MAX_IDEMPOTENCY_KEY_LENGTH } from '../common/idempotency-key';
import { RETRY_AFTER_SECONDS } from '../database/database.problems';

/** The request and response headers of the API, described once and referenced by the operations that use them. */

const etag = { type: 'string', pattern: '^"[1-9][0-9]*"$' } as const;

export const HEADERS: Record<string, HeaderObject> = {
  ETag: {
    description: 'A strong validator. For an article it is its version, `"7"`: send it back as If-Match on the next write.',
    schema: { type: 'string' },
    example: '"7"',
  },
  Location: { description: 'What the request created.', schema: { type: 'string', format: 'uri-reference' } },
  'Last-Modified': { description: 'When the representation last changed (an HTTP date).', schema: { type: 'string' } },
  'Cache-Control': {
    description: 'Public representations may be cached by a CDN for a minute and served stale while it revalidates.',
    schema: { type: 'string' },
    example: 'public, max-age=60, stale-while-revalidate=300, stale-if-error=86400',
  },
  'Retry-After': { description: 'Seconds to wait before retrying.', schema: { type: 'integer' }, example: RETRY_AFTER_SECONDS },
  'WWW-Authenticate': {
    description: 'The scheme the route takes.',
    schema: { type: 'string' },
    example: 'Bearer realm="copydesk"',
  },
};

export const PARAMETERS: Record<string, ParameterObject> = {
  'If-Match': {
    name: 'If-Match',
    in: 'header',
    required: true,
    description:
      'The ETag of the version this write is based on, exactly as the last answer gave it (`"7"`), or `*` for ' +
      'whatever version is current. Missing: 428; a list of tags or a malformed value: 400; a weak tag, or not the ' +
      'current version: 412 (strong comparison, RFC 9110).',
    schema: etag,
    example: '"7"',
  },
  'Idempotency-Key': {
    name: 'Idempotency-Key',
    in: 'header',
    required: false,
    description:
      'Makes a retry safe: the same key with the same request replays the first answer instead of writing again; ' +
      'the same key with a different request is refused (422). A UUID makes a good key.',
    schema: {
      type: 'string',
      minLength: 1,
      maxLength: MAX_IDEMPOTENCY_KEY_LENGTH,
      pattern: '^[\\x21-\\x7e](?:[\\x20-\\x7e]*[\\x21-\\x7e])?$',
    },
    example: '3f0b6a9e-2c1d-4e5f-8a7b-9c0d1e2f3a4b',
  },
  'If-None-Match': {
    name: 'If-None-Match',
    in: 'header',
    required: false,
    description: 'The ETag of the copy the client has: 304 when it is still current.',
    schema: { type: 'string' },
  },
  'If-Modified-Since': {
    name: 'If-Modified-Since',
    in: 'header',
    required: false,
    description: 'Without If-None-Match: 304 when nothing changed since this HTTP date.',
    schema: { type: 'string' },
  },
  'Accept-Audit': {
    name: 'Accept',
    in: 'header',
    required: false,
    description: '`application/x-ndjson` streams every matching event, one JSON object a line, instead of a page.',
    schema: { type: 'string', enum: ['application/json', 'application/x-ndjson'] },
  },
};

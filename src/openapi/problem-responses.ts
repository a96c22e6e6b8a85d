import type { ReferenceObject, ResponseObject } from '@nestjs/swagger';
import { problem, PROBLEM_CONTENT_TYPE } from '../common/problem-details';
import { PROBLEM_DETAILS } from './problem.schemas';

/** The problem responses a route can give, each with a realistic example of what Copydesk sends. */

const ARTICLE = '/articles/0b8e7c1e-4a36-4d4e-9a53-2f0c8f1d7a10';
const REQUEST_ID = '5f2c9a4e-8f5b-4f7d-b1b9-7a3e6c0d2e41';

interface ProblemCase {
  readonly description: string;
  readonly example: Record<string, unknown>;
  readonly headers?: Record<string, { $ref: string }>;
}

const validation = (detail: string, field: string, message: string) =>
  problem(400, detail, { type: 'https://copydesk.dev/problems/validation', errors: [{ field, messages: [message] }] });

const CASES: Record<number, ProblemCase> = {
  400: {
    description: 'The request is not valid: `errors` names each failing field, parameter or header.',
    example: validation('the request is not valid: headline', 'headline', 'headline must be a string'),
  },
  401: {
    description: 'No bearer token, or one that is not valid (expired, badly signed, malformed).',
    example: problem(401, 'this route needs a bearer token (Authorization: Bearer <JWT>)', {
      errors: [{ field: 'Authorization', messages: ['this route needs a bearer token (Authorization: Bearer <JWT>)'] }],
    }),
    headers: { 'WWW-Authenticate': { $ref: '#/components/headers/WWW-Authenticate' } },
  },
  403: {
    description:
      'The token lacks the role this route takes, or a workflow rule forbids this person (an editor approving their own copy).',
    example: problem(403, 'this takes the publisher role; you have editor'),
  },
  404: {
    description: 'Nothing is at this address: no such article, version, source or published slug.',
    example: problem(404, 'article 0b8e7c1e-4a36-4d4e-9a53-2f0c8f1d7a10 not found'),
  },
  409: {
    description:
      'The workflow does not allow this now (approving a draft, publishing what is not approved), or the slug is taken.',
    example: problem(409, 'only an article in review can be approved; the article is draft', {
      type: 'https://copydesk.dev/problems/invalid-transition',
    }),
  },
  410: {
    description: 'The article was published here and has been unpublished.',
    example: problem(410, 'the article at china-belarus-talks was withdrawn on 2026-11-28T12:00:00.000Z', {
      type: 'https://copydesk.dev/problems/withdrawn',
      withdrawnAt: '2026-11-28T12:00:00.000Z',
    }),
  },
  412: {
    description:
      'If-Match names a version that is no longer current: someone changed the article since you read it. Re-read, then retry.',
    example: problem(
      412,
      'stream article-0b8e7c1e-4a36-4d4e-9a53-2f0c8f1d7a10 is at version 4, not at 3 as expected: someone else changed it since you read it; reload and try again',
      { type: 'https://copydesk.dev/problems/concurrent-change', currentVersion: 4 },
    ),
  },
  413: {
    description: 'The body is larger than BODY_LIMIT_BYTES.',
    example: problem(413, 'Request body is too large', {
      code: 'FST_ERR_CTP_BODY_TOO_LARGE',
      errors: [{ field: '(body)', messages: ['Request body is too large'] }],
    }),
  },
  414: {
    description: 'The request target, or one of its path segments, is longer than the service takes.',
    example: problem(414, 'a segment of the path is longer than any Copydesk identifier (200 characters)', {
      errors: [{ field: '(path)', messages: ['a segment of the path is longer than any Copydesk identifier (200 characters)'] }],
    }),
  },
  415: {
    description: 'The body is not `application/json` in UTF-8.',
    example: problem(415, 'Unsupported Media Type: text/plain', {
      code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE',
      errors: [{ field: 'Content-Type', messages: ['Unsupported Media Type: text/plain'] }],
    }),
  },
  406: {
    description: 'Accept takes none of the media types this route answers with; `errors` names Accept.',
    example: problem(406, 'this route answers application/json, which Accept (text/html) does not take', {
      type: 'https://copydesk.dev/problems/not-acceptable',
      errors: [{ field: 'Accept', messages: ['must accept application/json'] }],
    }),
  },
  429: {
    description:
      'Too many failed authentications, or too many public reads, from this address in the window; retry after ' +
      'Retry-After seconds.',
    example: problem(429, 'too many requests from this address failed to authenticate; try again in 60 s', {
      type: 'https://copydesk.dev/problems/rate-limited',
    }),
    headers: { 'Retry-After': { $ref: '#/components/headers/Retry-After' } },
  },
  431: {
    description: 'The request headers are larger than the service takes.',
    example: problem(431, 'the request headers are larger than this server accepts'),
  },
  422: {
    description:
      'The content breaks a rule of the copy (a duplicate block id, a correction without a note), or the Idempotency-Key was used for a different request.',
    example: problem(
      422,
      'key k-42 was used for a different request: a retry must repeat the request exactly; a new request needs a new key',
      {
        type: 'https://copydesk.dev/problems/idempotency-key-reused',
        errors: [{ field: 'Idempotency-Key', messages: ['was already used for a different request'] }],
      },
    ),
  },
  428: {
    description: 'A write on an existing article needs If-Match with the ETag of the version it was based on.',
    example: problem(428, 'this write needs an If-Match header with the ETag of the version you edited', {
      type: 'https://copydesk.dev/problems/if-match-required',
    }),
  },
  500: {
    description: 'Something failed on the service’s side; `requestId` finds it in the logs.',
    example: problem(500, 'something went wrong on our side; the request id helps us find out what'),
  },
  503: {
    description: 'The database is not reachable just now; nothing was written. Retry after Retry-After seconds.',
    example: problem(503, 'the database is not reachable just now; nothing was written, try again shortly', {
      type: 'https://copydesk.dev/problems/database-unavailable',
    }),
    headers: { 'Retry-After': { $ref: '#/components/headers/Retry-After' } },
  },
};

const nameOf = (status: number): string => `Problem${status}`;

/** Every problem response, described once for the document's components; operations refer to them by status. */
export const PROBLEM_RESPONSES: Record<string, ResponseObject> = Object.fromEntries(
  Object.entries(CASES).map(([status, { description, headers, example }]) => [
    nameOf(Number(status)),
    {
      description,
      ...(headers ? { headers } : {}),
      // As the filter sends it: the problem plus the request's address and id.
      content: {
        [PROBLEM_CONTENT_TYPE]: { schema: PROBLEM_DETAILS, example: { ...example, instance: ARTICLE, requestId: REQUEST_ID } },
      },
    },
  ]),
);

export function problemResponse(status: number): ReferenceObject {
  if (CASES[status] === undefined) throw new Error(`no problem response is described for ${status}`);
  return { $ref: `#/components/responses/${nameOf(status)}` };
}

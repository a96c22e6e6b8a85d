import type { FieldError, ProblemDetails } from '../common/problem-details';
import { component, integer, listOf, object, optional, string } from './json-schema';

/** The members every problem has, and the extension members some of Copydesk's problems add. */
interface DocumentedProblem extends Pick<ProblemDetails, 'type' | 'title' | 'status' | 'detail' | 'instance' | 'errors'> {
  readonly requestId?: string;
  readonly code?: string;
  readonly currentVersion?: number;
  readonly slug?: string;
  readonly stream?: string;
  readonly withdrawnAt?: string;
}

export const PROBLEM_DETAILS = component(
  'ProblemDetails',
  object<DocumentedProblem>(
    {
      type: string({ format: 'uri', description: 'The kind of problem: branch on it rather than on `detail`.' }),
      title: string(),
      status: integer({ minimum: 400, maximum: 599 }),
      detail: string({ description: 'What went wrong and what to do about it, for a person.' }),
      instance: optional(string({ description: 'The request target.' })),
      requestId: optional(string({ description: 'The X-Request-Id of the request: quote it when reporting a 5xx.' })),
      errors: optional(
        listOf(
          component(
            'FieldError',
            object<FieldError>({
              field: string({
                description: 'A body field path (`authors[0].name`), a query or path parameter, or a header (`If-Match`).',
              }),
              messages: listOf(string()),
            }),
          ),
          'For a request refused for its input: each failing field and what is wrong with it.',
        ),
      ),
      code: optional(string({ description: 'The HTTP framework’s error code, for refusals made before a route runs.' })),
      currentVersion: optional(integer({ minimum: 1, description: 'On a 412: the article’s version now.' })),
      slug: optional(string({ description: 'On a slug conflict: the slug another live article has.' })),
      stream: optional(string({ description: 'On a verify of an unknown stream: the stream named.' })),
      withdrawnAt: optional(string({ format: 'date-time', description: 'On a 410: when the article was unpublished.' })),
    },
    'RFC 9457 problem details: the one shape of every error.',
  ),
);

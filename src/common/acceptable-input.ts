import type { FastifyInstance } from 'fastify';
import type { FieldError } from './problem-details';
import { ProblemException } from './problem.exception';

/**
 * Text PostgreSQL cannot store: NUL, which no text or jsonb value may hold, and UTF-16 surrogates
 * without their pair, which have no UTF-8 form. Refused at the edge with the field named, instead
 * of failing as a 500 in the middle of a transaction.
 */
// eslint-disable-next-line no-control-regex -- NUL is exactly what this looks for
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Names that every object inherits. No Copydesk field is named like one, and a validator that looks
 * a field's rules up by name can find the inherited member and take the field for a known one.
 */
const PROTOTYPE_MEMBERS: ReadonlySet<string> = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);

/** Headers that carry one value; a second copy (which Node would drop or join) makes the request ambiguous. */
const SINGLE_VALUED_HEADERS = ['authorization', 'content-type', 'if-match', 'idempotency-key'];

export const isStorableText = (text: string): boolean => !UNSTORABLE.test(text);

const pathTo = (parent: string, key: string | number): string =>
  typeof key === 'number' ? `${parent}[${key}]` : parent === '' ? key : `${parent}.${key}`;

/** The first field of `value` (a parsed body, query or set of path parameters) that may not go further. */
export function firstUnacceptableField(value: unknown, root = ''): FieldError | null {
  // Iterative, so that no input can exhaust the stack (bodies are depth-limited too, see json-body.ts).
  const pending: [unknown, string][] = [[value, root]];
  while (pending.length > 0) {
    const [current, path] = pending.pop()!;
    if (typeof current === 'string') {
      if (!isStorableText(current)) return { field: path, messages: [`${path} holds NUL or an unpaired surrogate`] };
    } else if (Array.isArray(current)) {
      // No Copydesk list may hold null, and a null item breaks the per-item type mapping of DTOs.
      const nullAt = current.indexOf(null);
      if (nullAt >= 0) return { field: pathTo(path, nullAt), messages: ['must not be null'] };
      current.forEach((item, index) => pending.push([item, pathTo(path, index)]));
    } else if (typeof current === 'object' && current !== null) {
      for (const [key, item] of Object.entries(current)) {
        const field = pathTo(path, key);
        if (!isStorableText(key)) return { field, messages: ['field names may not hold NUL or an unpaired surrogate'] };
        if (PROTOTYPE_MEMBERS.has(key)) return { field, messages: [`property ${key} should not exist`] };
        pending.push([item, field]);
      }
    }
  }
  return null;
}

/**
 * Every request's path parameters, query and body are checked before any pipe, guard or handler
 * sees them, so that no route can forget to.
 */
export function registerInputChecks(fastify: FastifyInstance): void {
  fastify.addHook('preValidation', async (request) => {
    const header = repeatedHeader(request.raw.rawHeaders);
    if (header !== null) {
      throw ProblemException.of(400, `the ${header} header is sent twice; send it once`, {
        type: 'https://copydesk.dev/problems/validation',
        errors: [{ field: header, messages: ['must be sent once'] }],
      });
    }
    const undecodable = undecodableQueryParameter(request.url);
    if (undecodable !== null) {
      throw ProblemException.of(400, `the query parameter ${undecodable} is not valid percent-encoded UTF-8`, {
        type: 'https://copydesk.dev/problems/validation',
        errors: [{ field: undecodable, messages: ['must be valid percent-encoded UTF-8'] }],
      });
    }
    for (const part of [request.params, request.query, request.body]) {
      const fault = firstUnacceptableField(part);
      if (fault) {
        throw ProblemException.of(400, `the request is not valid: ${fault.field}`, {
          type: 'https://copydesk.dev/problems/validation',
          errors: [fault],
        });
      }
    }
  });
}

function repeatedHeader(rawHeaders: readonly string[]): string | null {
  const seen = new Set<string>();
  for (let index = 0; index < rawHeaders.length; index += 2) {
    const name = rawHeaders[index].toLowerCase();
    if (!SINGLE_VALUED_HEADERS.includes(name)) continue;
    if (seen.has(name)) return rawHeaders[index];
    seen.add(name);
  }
  return null;
}

/**
 * The query parser replaces bytes that are not UTF-8 instead of refusing them, so a mangled value
 * would be searched for; each parameter is decoded strictly here, and the first that fails is named.
 */
function undecodableQueryParameter(url: string): string | null {
  const query = url.indexOf('?');
  if (query < 0) return null;
  for (const pair of url.slice(query + 1).split('&')) {
    const [name, value = ''] = pair.split('=', 2);
    try {
      decodeURIComponent(value.replaceAll('+', ' '));
      decodeURIComponent(name.replaceAll('+', ' '));
    } catch {
      return safeName(name);
    }
  }
  return null;
}

const safeName = (name: string): string => {
  try {
    return decodeURIComponent(name);
  } catch {
    return '(query)';
  }
};

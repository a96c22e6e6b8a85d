import type { FastifyInstance } from 'fastify';
import { ProblemException } from './problem.exception';

/**
 * How deep a JSON body may nest. An article goes four levels deep (body → block → field); anything
 * far deeper is not an article, and unbounded depth would exhaust the stack of whatever walks it.
 */
export const MAX_JSON_DEPTH = 32;

const VALIDATION = 'https://copydesk.dev/problems/validation';

/** The charset a JSON body declares, lower-cased; null when it declares none (JSON is UTF-8, RFC 8259). */
function declaredCharset(contentType: string | undefined): string | null {
  const match = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType ?? '');
  return match ? match[1].toLowerCase() : null;
}

/**
 * The field (as validation names fields) under which the value nests deeper than `limit`, or null.
 * Iterative, like V8's JSON.parse, so no depth can exhaust the stack here; everything after this
 * (class-transformer, class-validator) recurses, which is why the limit is checked first.
 */
export function fieldDeeperThan(value: unknown, limit: number): string | null {
  const pending: [unknown, string, number][] = [[value, '', 0]];
  while (pending.length > 0) {
    const [current, path, depth] = pending.pop()!;
    if (typeof current !== 'object' || current === null) continue;
    if (depth >= limit) return path === '' ? '(body)' : path;
    for (const [key, item] of Object.entries(current)) {
      const field = Array.isArray(current) ? `${path}[${key}]` : path === '' ? key : `${path}.${key}`;
      pending.push([item, field, depth + 1]);
    }
  }
  return null;
}

/**
 * Copydesk's JSON parser: UTF-8 only (another declared charset is 415, not mojibake), depth checked
 * before parsing, and every failure a problem that says what to fix.
 */
export function registerJsonBodyParser(fastify: FastifyInstance): void {
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, text, done) => {
    const charset = declaredCharset(request.headers['content-type']);
    if (charset !== null && charset !== 'utf-8' && charset !== 'utf8') {
      return done(
        ProblemException.of(415, `JSON bodies must be UTF-8; this one declares charset=${charset}`, {
          type: 'https://copydesk.dev/problems/unsupported-charset',
          errors: [{ field: 'Content-Type', messages: ['the charset must be utf-8'] }],
        }),
      );
    }
    const body = text as string;
    if (body.trim() === '') {
      return done(
        ProblemException.of(400, 'the body is empty but its Content-Type says JSON; send a JSON object or no Content-Type', {
          type: VALIDATION,
          errors: [{ field: '(body)', messages: ['must be a JSON object'] }],
        }),
      );
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch (error) {
      // Returned: going on would call done a second time, with no body, and the route would run without one.
      return done(
        ProblemException.of(400, `the body is not valid JSON: ${(error as Error).message}`, {
          type: VALIDATION,
          errors: [{ field: '(body)', messages: ['must be valid JSON'] }],
        }),
      );
    }
    const tooDeep = fieldDeeperThan(parsed, MAX_JSON_DEPTH);
    if (tooDeep !== null) {
      return done(
        ProblemException.of(400, `the body nests deeper than ${MAX_JSON_DEPTH} levels at ${tooDeep}`, {
          type: VALIDATION,
          errors: [{ field: tooDeep, messages: [`must not nest deeper than ${MAX_JSON_DEPTH} levels`] }],
        }),
      );
    }
    done(null, parsed);
  });
}

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

/** Depth of the deepest array or object in the text, counted without parsing it. */
export function exceedsDepth(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const char = text.charCodeAt(index);
    if (inString) {
      if (char === 0x5c)
        index++; // a backslash escapes the next character
      else if (char === 0x22) inString = false;
    } else if (char === 0x22) inString = true;
    else if (char === 0x5b || char === 0x7b) {
      if (++depth > limit) return true;
    } else if (char === 0x5d || char === 0x7d) depth--;
  }
  return false;
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
    if (exceedsDepth(body, MAX_JSON_DEPTH)) {
      return done(
        ProblemException.of(400, `the body nests deeper than ${MAX_JSON_DEPTH} levels`, {
          type: VALIDATION,
          errors: [{ field: '(body)', messages: [`must not nest deeper than ${MAX_JSON_DEPTH} levels`] }],
        }),
      );
    }
    try {
      done(null, JSON.parse(body));
    } catch (error) {
      done(
        ProblemException.of(400, `the body is not valid JSON: ${(error as Error).message}`, {
          type: VALIDATION,
          errors: [{ field: '(body)', messages: ['must be valid JSON'] }],
        }),
      );
    }
  });
}

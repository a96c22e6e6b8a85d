import { problem } from '../common/problem-details';
import type { ProblemTranslator } from '../common/problem-details.filter';
import { driverErrorOf } from './driver-errors';

/** How long a client should wait before trying again; the pool reconnects on its own once the server is back. */
export const RETRY_AFTER_SECONDS = 5;

/**
 * SQLSTATE classes and socket errors that mean the server could not be reached or went away, as
 * opposed to refusing a statement: connection exceptions (08), shutdown and cannot-connect-now
 * (57P01–57P03), too many connections (53300), and node-postgres' own connect errors.
 */
const UNAVAILABLE_CODES: ReadonlySet<string> = new Set([
  '57P01',
  '57P02',
  '57P03',
  '53300',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
]);
const UNAVAILABLE_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|not queryable/i;

export function isDatabaseUnavailable(error: unknown): boolean {
  const { code, message } = driverErrorOf(error);
  if (typeof code === 'string' && (UNAVAILABLE_CODES.has(code) || code.startsWith('08'))) return true;
  return typeof message === 'string' && UNAVAILABLE_MESSAGES.test(message);
}

/** The database is down or unreachable: 503 with Retry-After, so clients and load balancers back off and retry. */
export const databaseProblems: ProblemTranslator = (error) =>
  isDatabaseUnavailable(error)
    ? {
        problem: problem(503, 'the database is not reachable just now; nothing was written, try again shortly', {
          type: 'https://copydesk.dev/problems/database-unavailable',
        }),
        headers: { 'retry-after': String(RETRY_AFTER_SECONDS) },
      }
    : null;

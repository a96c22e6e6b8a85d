import { QueryFailedError } from 'typeorm';

/** What PostgreSQL (or the socket to it) said, whether the error came through TypeORM or node-postgres directly. */
export function driverErrorOf(error: unknown): { code?: unknown; constraint?: unknown; message?: unknown } {
  const cause = error instanceof QueryFailedError ? error.driverError : error;
  return (cause ?? {}) as { code?: unknown; constraint?: unknown; message?: unknown };
}

/** The unique constraint a statement ran into (SQLSTATE 23505), or null for any other error. */
export function violatedUniqueConstraint(error: unknown): string | null {
  const { code, constraint } = driverErrorOf(error);
  return code === '23505' && typeof constraint === 'string' ? constraint : null;
}

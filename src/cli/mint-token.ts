import { parseArgs } from 'node:util';
import { ROLES, type Actor, type Role } from '../common/domain/actor';
import { existingJwtSecret } from '../auth/jwt-secret';
import { mintToken } from '../auth/tokens';
import { loadConfig } from '../config/app-config';

/** Prints a development JWT, signed with the secret the service uses, and nothing else on stdout. */

const USAGE = `usage: npm run -s token -- --sub <id> --name "<display name>" --roles <role,...> [--expires 12h]
  --roles    one or more of ${ROLES.join(', ')}, separated by commas
  --expires  a whole number of s, m, h, d or w (default 12h)
  The secret is JWT_SECRET, or the one kept in DATA_DIR (default .data): run with the service's environment.`;

// A narrower grammar than jose's: it would also take "-1h" or "1h ago" and mint a dead token.
const DURATION = /^[1-9]\d*[smhdw]$/;

export class UsageError extends Error {}

export interface TokenRequest {
  readonly actor: Actor;
  readonly expires: string;
}

export function parseArguments(args: string[]): TokenRequest {
  const { sub, name, roles, expires } = readFlags(args);
  return {
    actor: { id: required('--sub', sub), name: required('--name', name), roles: parseRoles(required('--roles', roles)) },
    expires: parseExpires(expires ?? '12h'),
  };
}

function readFlags(args: string[]): Partial<Record<'sub' | 'name' | 'roles' | 'expires', string>> {
  try {
    const string = { type: 'string' } as const;
    return parseArgs({ args, options: { sub: string, name: string, roles: string, expires: string }, strict: true }).values;
  } catch (error) {
    // parseArgs names the offending flag itself ("Unknown option '--role'").
    throw new UsageError((error as Error).message);
  }
}

function required(flag: string, value: string | undefined): string {
  const trimmed = value?.trim();
  if (!trimmed) throw new UsageError(`${flag} is required and must not be empty`);
  return trimmed;
}

function parseRoles(list: string): Role[] {
  const roles = [
    ...new Set(
      list
        .split(',')
        .map((role) => role.trim())
        .filter(Boolean),
    ),
  ];
  const unknown = roles.filter((role) => !(ROLES as readonly string[]).includes(role));
  if (unknown.length > 0)
    throw new UsageError(`--roles: ${unknown.map((role) => `"${role}"`).join(', ')} is not a role; use ${ROLES.join(', ')}`);
  if (roles.length === 0) throw new UsageError('--roles needs at least one role');
  return roles as Role[];
}

function parseExpires(value: string): string {
  if (!DURATION.test(value.trim()))
    throw new UsageError(`--expires must be a whole number of s, m, h, d or w, such as 30m or 12h; got "${value}"`);
  return value.trim();
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const request = parseArguments(args);
  const config = loadConfig();
  const secret = await existingJwtSecret(config);
  process.stdout.write(`${await mintToken(request.actor, secret, request.expires, config.jwtRolesClaim)}\n`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    const usage = error instanceof UsageError;
    process.stderr.write(`mint-token: ${error instanceof Error ? error.message : String(error)}\n${usage ? `${USAGE}\n` : ''}`);
    process.exitCode = usage ? 2 : 1;
  });
}

import { resolve } from 'node:path';
import type { LogLevel } from '@nestjs/common';
import { StartupError } from '../common/startup-error';

/** The service's settings, read once from the environment and checked before anything starts. */
export interface AppConfig {
  readonly port: number;
  readonly host: string;
  /** Absent: start the embedded PostgreSQL in `dataDir`. */
  readonly databaseUrl: string | null;
  readonly dataDir: string;
  /** Absent: a secret generated once and kept under `dataDir` (only with the embedded database). */
  readonly jwtSecret: string | null;
  readonly bodyLimitBytes: number;
  readonly databasePoolSize: number;
  /** How often due scheduled publications are looked for, besides once at start. */
  readonly schedulerPollMs: number;
  /** The Nest log levels to print, from LOG_LEVEL (the least severe level shown). */
  readonly logLevels: LogLevel[];
}

const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

export class ConfigError extends StartupError {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const config: AppConfig = {
    port: integer(env, 'PORT', 3000, 0, 65535),
    host: env.HOST ?? '0.0.0.0',
    databaseUrl: env.DATABASE_URL?.trim() || null,
    dataDir: resolve(env.DATA_DIR ?? '.data'),
    jwtSecret: env.JWT_SECRET?.trim() || null,
    bodyLimitBytes: integer(env, 'BODY_LIMIT_BYTES', 1024 * 1024, 1024, 64 * 1024 * 1024),
    databasePoolSize: integer(env, 'DATABASE_POOL_SIZE', 20, 1, 500),
    schedulerPollMs: integer(env, 'SCHEDULER_POLL_MS', 1000, 10, 3_600_000),
    logLevels: logLevels(env.LOG_LEVEL),
  };
  if (config.jwtSecret !== null && Buffer.byteLength(config.jwtSecret) < 32) {
    throw new ConfigError('JWT_SECRET must be at least 32 bytes long (HS256 needs a key as long as its hash)');
  }
  return config;
}

/** LOG_LEVEL=warn prints fatal, error and warn; the default, log, adds Nest's informational lines. */
function logLevels(raw: string | undefined): LogLevel[] {
  const level = (raw?.trim() || 'log') as LogLevel;
  const index = LOG_LEVELS.indexOf(level);
  if (index < 0) throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, not "${raw}"`);
  return LOG_LEVELS.slice(0, index + 1);
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  // Digits only: Number() alone would take "0x50" or "1e2".
  const value = /^\s*\d+\s*$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max}, not "${raw}"`);
  }
  return value;
}

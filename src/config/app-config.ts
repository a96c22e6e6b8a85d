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
  /** Who publishes: named in every public format (ninjs, JSON-LD, feeds, sitemaps). */
  readonly publication: PublicationConfig;
  /**
   * How long a public read may reuse the version a slug led to a moment ago (0: never). This instance
   * forgets them on its own publications; another instance's are served within this time.
   */
  readonly publishedFreshnessMs: number;
  /** The asynchronous consumers (src/event-store/projection-engine.ts). */
  readonly projections: ProjectionsConfig;
  /** Signed webhooks (src/webhooks/). */
  readonly webhooks: WebhooksConfig;
}

export interface WebhooksConfig {
  /** WEBHOOK_ALLOW_PRIVATE_TARGETS: deliver to private, loopback and link-local addresses too (tests, a closed network). */
  readonly allowPrivateTargets: boolean;
  /** Tries of one delivery in all, the first included, before it is dead-lettered. */
  readonly attempts: number;
  /** The wait after a delivery's first failure, in whole seconds (the job queue's unit); it doubles, with jitter. */
  readonly retryDelaySeconds: number;
  /** How long one attempt may take, connecting and answering together. */
  readonly timeoutMs: number;
  /** A webhook whose deliveries have failed without a success for this long is disabled. */
  readonly disableAfterMs: number;
  /** How often an idle delivery worker asks the job queue for work. */
  readonly pollMs: number;
}

export interface ProjectionsConfig {
  /** false: this instance never runs a consumer (an API-only instance); others over the same database do. */
  readonly run: boolean;
  /** How often a runner looks for events without a NOTIFY, and an instance without a consumer's lease tries to take it. */
  readonly pollMs: number;
}

export interface PublicationConfig {
  /** PUBLIC_BASE_URL: the public site's origin and path, without a trailing slash. */
  readonly baseUrl: string;
  readonly name: string;
  readonly logoUrl: string;
  readonly tagline: string;
  readonly copyrightNotice: string;
  /** The default language (BCP 47) of the publication, for feeds and sitemaps. */
  readonly language: string;
  /** The canonical address of an article, with {base}, {section}, {slug} and {id} filled in. */
  readonly articleUrlPattern: string;
  /** How many entries a feed carries. */
  readonly feedLength: number;
}

const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

export class ConfigError extends StartupError {}

const DEVELOPMENT_BASE_URL = 'http://localhost:3000';
const ARTICLE_URL_PLACEHOLDERS = ['base', 'section', 'slug', 'id'];
/** BCP 47 as the API accepts it for articles: a language, then subtags. */
const LANGUAGE_TAG = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

/** Every invalid setting is reported at once, so an operator fixes them all in one go. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const errors: string[] = [];
  const check = <T>(read: () => T, fallback: T): T => collect(errors, read, fallback);
  const config: AppConfig = {
    port: check(() => integer(env, 'PORT', 3000, 0, 65535), 0),
    host: env.HOST ?? '0.0.0.0',
    databaseUrl: env.DATABASE_URL?.trim() || null,
    dataDir: resolve(env.DATA_DIR ?? '.data'),
    jwtSecret: env.JWT_SECRET?.trim() || null,
    bodyLimitBytes: check(() => integer(env, 'BODY_LIMIT_BYTES', 1024 * 1024, 1024, 64 * 1024 * 1024), 0),
    databasePoolSize: check(() => integer(env, 'DATABASE_POOL_SIZE', 20, 1, 500), 0),
    schedulerPollMs: check(() => integer(env, 'SCHEDULER_POLL_MS', 1000, 10, 3_600_000), 0),
    logLevels: check(() => logLevels(env.LOG_LEVEL), []),
    publication: publication(env, errors),
    publishedFreshnessMs: check(() => integer(env, 'PUBLISHED_FRESHNESS_MS', 1000, 0, 60_000), 0),
    projections: {
      run: check(() => onOff(env, 'PROJECTION_RUNNERS', true), true),
      pollMs: check(() => integer(env, 'PROJECTION_POLL_MS', 1000, 10, 60_000), 0),
    },
    webhooks: {
      allowPrivateTargets: check(() => trueFalse(env, 'WEBHOOK_ALLOW_PRIVATE_TARGETS', false), false),
      attempts: check(() => integer(env, 'WEBHOOK_ATTEMPTS', 8, 1, 50), 0),
      retryDelaySeconds: check(() => integer(env, 'WEBHOOK_RETRY_DELAY_SECONDS', 10, 1, 3600), 0),
      timeoutMs: check(() => integer(env, 'WEBHOOK_TIMEOUT_MS', 10_000, 100, 120_000), 0),
      disableAfterMs: check(() => integer(env, 'WEBHOOK_DISABLE_AFTER_MS', 24 * 3_600_000, 1000, 30 * 24 * 3_600_000), 0),
      // pg-boss polls no more often than every 500 ms.
      pollMs: check(() => integer(env, 'WEBHOOK_POLL_MS', 1000, 500, 60_000), 0),
    },
  };
  if (config.jwtSecret !== null && Buffer.byteLength(config.jwtSecret) < 32) {
    errors.push('JWT_SECRET must be at least 32 bytes long (HS256 needs a key as long as its hash)');
  }
  if (errors.length > 0) throw new ConfigError(errors.join('\n'));
  return config;
}

/** The development defaults describe the seed article's masthead on this machine. */
function publication(env: NodeJS.ProcessEnv, errors: string[]): PublicationConfig {
  const text = (name: string, fallback: string) => env[name]?.trim() || fallback;
  const baseUrl = httpUrl(env, 'PUBLIC_BASE_URL', DEVELOPMENT_BASE_URL, errors).replace(/\/+$/, '');
  const name = text('PUBLICATION_NAME', 'Copydesk');
  const language = text('PUBLICATION_LANGUAGE', 'en');
  if (!LANGUAGE_TAG.test(language))
    errors.push(`PUBLICATION_LANGUAGE must be a language tag such as en or en-GB, not "${language}"`);
  const articleUrlPattern = text('PUBLICATION_ARTICLE_URL', '{base}/{section}/{slug}');
  const placeholders = [...articleUrlPattern.matchAll(/\{([^}]*)\}/g)].map((match) => match[1]);
  const unknown = placeholders.filter((placeholder) => !ARTICLE_URL_PLACEHOLDERS.includes(placeholder));
  if (unknown.length > 0 || !(placeholders.includes('slug') || placeholders.includes('id'))) {
    errors.push(
      `PUBLICATION_ARTICLE_URL must name {slug} or {id} and only ${ARTICLE_URL_PLACEHOLDERS.map((p) => `{${p}}`).join(', ')}, ` +
        `not "${articleUrlPattern}"`,
    );
  } else if (!isHttpUrl(articleUrlPattern.replaceAll('{base}', baseUrl).replace(/\{[a-z]+\}/g, 'x'))) {
    errors.push(`PUBLICATION_ARTICLE_URL must make an http(s) URL, not "${articleUrlPattern}"`);
  }
  return {
    baseUrl,
    name,
    logoUrl: httpUrl(env, 'PUBLICATION_LOGO_URL', `${baseUrl}/logo.png`, errors),
    tagline: text('PUBLICATION_TAGLINE', 'Truth, Inspiration, Hope.'),
    copyrightNotice: text('PUBLICATION_COPYRIGHT_NOTICE', `Copyright ${name}. All rights reserved.`),
    language,
    articleUrlPattern,
    feedLength: collect(errors, () => integer(env, 'FEED_LENGTH', 50, 1, 1000), 50),
  };
}

/** Runs one setting's reader; its ConfigError joins the list instead of stopping at the first. */
function collect<T>(errors: string[], read: () => T, fallback: T): T {
  try {
    return read();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    errors.push(error.message);
    return fallback;
  }
}

function httpUrl(env: NodeJS.ProcessEnv, name: string, fallback: string, errors: string[]): string {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  if (!isHttpUrl(raw)) {
    errors.push(`${name} must be an absolute http or https URL, not "${raw}"`);
    return fallback;
  }
  return raw;
}

function isHttpUrl(raw: string): boolean {
  try {
    const url = new URL(raw);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.search === '' && url.hash === '';
  } catch {
    return false;
  }
}

/** LOG_LEVEL=warn prints fatal, error and warn; the default, log, adds Nest's informational lines. */
function logLevels(raw: string | undefined): LogLevel[] {
  const level = (raw?.trim() || 'log') as LogLevel;
  const index = LOG_LEVELS.indexOf(level);
  if (index < 0) throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, not "${raw}"`);
  return LOG_LEVELS.slice(0, index + 1);
}

function onOff(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'on' || raw === 'off') return raw === 'on';
  throw new ConfigError(`${name} must be on or off, not "${raw}"`);
}

function trueFalse(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'true' || raw === 'false') return raw === 'true';
  throw new ConfigError(`${name} must be true or false, not "${raw}"`);
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

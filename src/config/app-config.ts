import { isIP } from 'node:net';
import { resolve } from 'node:path';
import type { LogLevel } from '@nestjs/common';
import { StartupError } from '../common/startup-error';

/** The service's settings, read once from the environment and checked before anything starts. */
export interface AppConfig {
  readonly port: number;
  /** The address the API binds to: loopback with the embedded database, every interface with DATABASE_URL. */
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
  /** LOG_FORMAT: one JSON object per line, or coloured text for a person at a terminal. */
  readonly logFormat: LogFormat;
  /** Where Prometheus scrapes /metrics: its own port, on loopback unless METRICS_HOST says otherwise. */
  readonly metrics: { readonly port: number; readonly host: string };
  /** Who publishes: named in every public format (ninjs, JSON-LD, feeds, sitemaps). */
  readonly publication: PublicationConfig;
  /**
   * How long a public read may reuse the version a slug led to a moment ago (0: never). This instance
   * forgets them on its own publications; another instance's are served within this time.
   */
  readonly publishedFreshnessMs: number;
  /** JWT_JWKS_URL and its companions: RS256/ES256 tokens from an identity provider; null without it. */
  readonly identityProvider: IdentityProviderConfig | null;
  /** JWT_ROLES_CLAIM: where a token carries its roles, a claim name or a dotted path (`realm_access.roles`). */
  readonly jwtRolesClaim: string;
  /** CORS, server timeouts and rate limits. */
  readonly http: HttpConfig;
  /** The asynchronous consumers (src/event-store/projection-engine.ts). */
  readonly projections: ProjectionsConfig;
  /** NATS_URL and its companion: every event is published to JetStream (src/nats/); null without NATS_URL. */
  readonly nats: NatsConfig | null;
  /** Signed webhooks (src/webhooks/). */
  readonly webhooks: WebhooksConfig;
}

export interface NatsConfig {
  /** The servers to connect to, from NATS_URL (a comma-separated list for a cluster), credentials included. */
  readonly servers: readonly string[];
  /** NATS_DUPLICATE_WINDOW_SECONDS: how long the stream remembers a message id to drop a second publish of it. */
  readonly duplicateWindowSeconds: number;
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

export interface IdentityProviderConfig {
  readonly jwksUrl: string;
  /** Both are required with a JWKS: one identity provider signs tokens for many applications. */
  readonly issuer: string;
  readonly audience: string;
  /** How long a fetched key set is used before it is fetched again; a removed key stops working after this. */
  readonly keyCacheMs: number;
  /** The least time between two fetches, so that tokens with made-up key ids cannot hammer the provider. */
  readonly keyCooldownMs: number;
}

export interface HttpConfig {
  /** CORS_ORIGINS: the exact origins a browser may call from; empty, CORS is off. */
  readonly corsOrigins: readonly string[];
  readonly timeouts: {
    /** The whole header section must arrive within this (slow-loris). */
    readonly headersMs: number;
    /** The whole request, body included, must arrive within this. */
    readonly requestMs: number;
    /** An idle kept-alive connection is closed after this. */
    readonly keepAliveMs: number;
    /** A connection on which nothing moves for this long is closed. */
    readonly idleMs: number;
  };
  readonly rateLimits: {
    readonly windowMs: number;
    /** Failed authentications (401s) per client address per window; 0 turns the limit off. */
    readonly authFailures: number;
    /** Requests to public routes per client address per window; 0 turns the limit off. */
    readonly publicReads: number;
  };
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
export const LOG_FORMATS = ['json', 'pretty'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];
/** The port OpenTelemetry's Prometheus exporter uses by default: free on most machines, and known to scrape configs. */
export const DEFAULT_METRICS_PORT = 9464;
/** A host name as RFC 1123 allows it: letters, digits and hyphens in dot-separated labels. */
const HOST_NAME =
  /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

export class ConfigError extends StartupError {}

const DEVELOPMENT_BASE_URL = 'http://localhost:3000';
const ARTICLE_URL_PLACEHOLDERS = ['base', 'section', 'slug', 'id'];
/** BCP 47 as the API accepts it for articles: a language, then subtags. */
const LANGUAGE_TAG = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

/**
 * Every invalid setting is reported at once, so an operator fixes them all in one go. `terminal`
 * says whether stdout is a terminal, where LOG_FORMAT defaults to pretty.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, terminal = process.stdout.isTTY === true): AppConfig {
  const errors: string[] = [];
  const check = <T>(read: () => T, fallback: T): T => collect(errors, read, fallback);
  const databaseUrl = env.DATABASE_URL?.trim() || null;
  const config: AppConfig = {
    port: check(() => integer(env, 'PORT', 3000, 0, 65535), 0),
    // The embedded database is a developer's: its service, dev secret and all, stays on this machine unless HOST says otherwise.
    host: check(() => host(env, 'HOST', databaseUrl === null ? '127.0.0.1' : '0.0.0.0'), ''),
    databaseUrl,
    dataDir: resolve(env.DATA_DIR ?? '.data'),
    jwtSecret: env.JWT_SECRET?.trim() || null,
    bodyLimitBytes: check(() => integer(env, 'BODY_LIMIT_BYTES', 1024 * 1024, 1024, 64 * 1024 * 1024), 0),
    databasePoolSize: check(() => integer(env, 'DATABASE_POOL_SIZE', 20, 1, 500), 0),
    schedulerPollMs: check(() => integer(env, 'SCHEDULER_POLL_MS', 1000, 10, 3_600_000), 0),
    logLevels: check(() => logLevels(env.LOG_LEVEL), []),
    logFormat: check(() => oneOf(env, 'LOG_FORMAT', LOG_FORMATS, terminal ? 'pretty' : 'json'), 'json'),
    metrics: {
      port: check(() => integer(env, 'METRICS_PORT', DEFAULT_METRICS_PORT, 0, 65535), 0),
      host: check(() => host(env, 'METRICS_HOST', '127.0.0.1'), ''),
    },
    publication: publication(env, errors),
    publishedFreshnessMs: check(() => integer(env, 'PUBLISHED_FRESHNESS_MS', 1000, 0, 60_000), 0),
    identityProvider: identityProvider(env, errors),
    jwtRolesClaim: rolesClaim(env, errors),
    http: http(env, errors),
    projections: {
      run: check(() => onOff(env, 'PROJECTION_RUNNERS', true), true),
      pollMs: check(() => integer(env, 'PROJECTION_POLL_MS', 1000, 10, 60_000), 0),
    },
    nats: nats(env, errors),
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

/**
 * An identity provider's keys must come over HTTPS (a key set fetched in the clear can be replaced on
 * the way); plain HTTP is allowed to this machine only, for a provider run beside the service.
 */
function identityProvider(env: NodeJS.ProcessEnv, errors: string[]): IdentityProviderConfig | null {
  const jwksUrl = env.JWT_JWKS_URL?.trim() || null;
  const issuer = env.JWT_ISSUER?.trim() || null;
  const audience = env.JWT_AUDIENCE?.trim() || null;
  const keyCacheMs = collect(errors, () => integer(env, 'JWT_JWKS_CACHE_MS', 600_000, 1_000, 86_400_000), 0);
  const keyCooldownMs = collect(errors, () => integer(env, 'JWT_JWKS_COOLDOWN_MS', 30_000, 0, 3_600_000), 0);
  if (jwksUrl === null) {
    for (const [name, value] of [
      ['JWT_ISSUER', issuer],
      ['JWT_AUDIENCE', audience],
    ] as const) {
      if (value !== null) errors.push(`${name} is checked only on tokens from an identity provider: set JWT_JWKS_URL too`);
    }
    return null;
  }
  if (!isKeySetUrl(jwksUrl)) {
    errors.push(`JWT_JWKS_URL must be an https URL (http only to localhost), not "${jwksUrl}"`);
  }
  if (issuer === null) errors.push('JWT_ISSUER is required with JWT_JWKS_URL: the iss your identity provider puts in tokens');
  if (audience === null) errors.push('JWT_AUDIENCE is required with JWT_JWKS_URL: the aud your identity provider gives Copydesk');
  return { jwksUrl, issuer: issuer ?? '', audience: audience ?? '', keyCacheMs, keyCooldownMs };
}

function isKeySetUrl(raw: string): boolean {
  if (!isHttpUrl(raw)) return false;
  const url = new URL(raw);
  return url.protocol === 'https:' || ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
}

/** A claim name, or names joined by dots for a nested claim; each part printable ASCII without spaces. */
function rolesClaim(env: NodeJS.ProcessEnv, errors: string[]): string {
  const claim = env.JWT_ROLES_CLAIM?.trim() || 'roles';
  if (claim.length > 200 || claim.split('.').some((part) => !/^[!-~]+$/.test(part))) {
    errors.push(`JWT_ROLES_CLAIM must be a claim name or a dotted path such as realm_access.roles, not "${claim}"`);
  }
  return claim;
}

function http(env: NodeJS.ProcessEnv, errors: string[]): HttpConfig {
  const ms = (name: string, fallback: number, min: number) =>
    collect(errors, () => integer(env, name, fallback, min, 3_600_000), fallback);
  const timeouts = {
    headersMs: ms('HTTP_HEADERS_TIMEOUT_MS', 10_000, 100),
    requestMs: ms('HTTP_REQUEST_TIMEOUT_MS', 30_000, 100),
    keepAliveMs: ms('HTTP_KEEP_ALIVE_TIMEOUT_MS', 72_000, 100),
    idleMs: ms('HTTP_IDLE_TIMEOUT_MS', 120_000, 100),
  };
  // Node refuses a server whose headers may take longer than the whole request.
  if (timeouts.headersMs > timeouts.requestMs) {
    errors.push(
      `HTTP_HEADERS_TIMEOUT_MS (${timeouts.headersMs}) must not be longer than HTTP_REQUEST_TIMEOUT_MS (${timeouts.requestMs})`,
    );
  }
  const perWindow = (name: string, fallback: number) =>
    collect(errors, () => integer(env, name, fallback, 0, 1_000_000_000), fallback);
  return {
    corsOrigins: corsOrigins(env.CORS_ORIGINS, errors),
    timeouts,
    rateLimits: {
      windowMs: ms('RATE_LIMIT_WINDOW_MS', 60_000, 1_000),
      authFailures: perWindow('RATE_LIMIT_AUTH_FAILURES', 100),
      publicReads: perWindow('RATE_LIMIT_PUBLIC_READS', 3_000),
    },
  };
}

/** Exact origins only (`https://desk.example.org`): a browser sends its origin exactly so, and a pattern would let look-alikes in. */
function corsOrigins(raw: string | undefined, errors: string[]): string[] {
  const origins = (raw ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
  for (const origin of origins) {
    if (!isHttpUrl(origin) || new URL(origin).origin !== origin) {
      errors.push(
        `CORS_ORIGINS must list origins such as https://desk.example.org (scheme, host, port; no path), not "${origin}"`,
      );
    }
  }
  return [...new Set(origins)];
}

/** An hour: longer than an instance takes over a consumer or the database is usually down (docs/operations.md). */
const DEFAULT_DUPLICATE_WINDOW_SECONDS = 3600;

function nats(env: NodeJS.ProcessEnv, errors: string[]): NatsConfig | null {
  const duplicateWindowSeconds = collect(
    errors,
    () => integer(env, 'NATS_DUPLICATE_WINDOW_SECONDS', DEFAULT_DUPLICATE_WINDOW_SECONDS, 1, 7 * 24 * 3600),
    DEFAULT_DUPLICATE_WINDOW_SECONDS,
  );
  const raw = env.NATS_URL?.trim();
  if (!raw) return null;
  const servers = raw.split(',').map((server) => server.trim());
  const wrong = servers.filter((server) => !isNatsUrl(server));
  if (wrong.length > 0) {
    // A URL may carry a password: name the entry without it.
    const shown = wrong.map((server) => `"${server.replace(/\/\/[^@/]*@/, '//***@')}"`).join(', ');
    errors.push(`NATS_URL must be nats://host:port or tls://host:port (several comma-separated for a cluster), not ${shown}`);
    return null;
  }
  return { servers, duplicateWindowSeconds };
}

function isNatsUrl(raw: string): boolean {
  try {
    const url = new URL(raw);
    return (url.protocol === 'nats:' || url.protocol === 'tls:') && url.hostname !== '' && ['', '/'].includes(url.pathname);
  } catch {
    return false;
  }
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

function oneOf<T extends string>(env: NodeJS.ProcessEnv, name: string, values: readonly T[], fallback: T): T {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  if (!(values as readonly string[]).includes(raw))
    throw new ConfigError(`${name} must be one of ${values.join(', ')}, not "${raw}"`);
  return raw as T;
}

/** An address to bind to: an IPv4 or IPv6 address, or a name the system resolves (localhost). */
function host(env: NodeJS.ProcessEnv, name: string, fallback: string): string {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  if (isIP(raw) === 0 && !HOST_NAME.test(raw)) {
    throw new ConfigError(`${name} must be an IP address or a host name, such as 127.0.0.1, 0.0.0.0 or ::, not "${raw}"`);
  }
  return raw;
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

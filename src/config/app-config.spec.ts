import { resolve } from 'node:path';
import { ConfigError, loadConfig } from './app-config';

const LONG_ENOUGH_SECRET = 'x'.repeat(32);

describe('loadConfig', () => {
  describe('given an empty environment', () => {
    const config = loadConfig({}, false);

    it('uses the zero-setup defaults', () => {
      expect(config).toEqual({
        port: 3000,
        host: '127.0.0.1',
        databaseUrl: null,
        dataDir: resolve('.data'),
        jwtSecret: null,
        bodyLimitBytes: 1024 * 1024,
        databasePoolSize: 20,
        publishedFreshnessMs: 1000,
        projections: { run: true, pollMs: 1000 },
        webhooks: {
          allowPrivateTargets: false,
          attempts: 8,
          retryDelaySeconds: 10,
          timeoutMs: 10_000,
          disableAfterMs: 86_400_000,
          pollMs: 1000,
        },
        schedulerPollMs: 1000,
        logLevels: ['fatal', 'error', 'warn', 'log'],
        logFormat: 'json',
        metrics: { port: 9464, host: '127.0.0.1' },
        publication: {
          baseUrl: 'http://localhost:3000',
          name: 'Copydesk',
          logoUrl: 'http://localhost:3000/logo.png',
          tagline: 'Truth, Inspiration, Hope.',
          copyrightNotice: 'Copyright Copydesk. All rights reserved.',
          language: 'en',
          articleUrlPattern: '{base}/{section}/{slug}',
          feedLength: 50,
        },
        identityProvider: null,
        jwtRolesClaim: 'roles',
        http: {
          corsOrigins: [],
          timeouts: { headersMs: 10_000, requestMs: 30_000, keepAliveMs: 72_000, idleMs: 120_000 },
          rateLimits: { windowMs: 60_000, authFailures: 100, publicReads: 3_000 },
        },
        nats: null,
      });
    });

    it('resolves the data folder against the working directory', () => {
      expect(config.dataDir).toBe(resolve(process.cwd(), '.data'));
    });
  });

  it('reads every setting it is given', () => {
    const config = loadConfig({
      PORT: '8080',
      HOST: '127.0.0.1',
      DATABASE_URL: ' postgres://copydesk@db/copydesk ',
      DATA_DIR: '/var/lib/copydesk',
      JWT_SECRET: ` ${LONG_ENOUGH_SECRET} `,
      BODY_LIMIT_BYTES: '2048',
      DATABASE_POOL_SIZE: '5',
      SCHEDULER_POLL_MS: '250',
      LOG_LEVEL: 'verbose',
      LOG_FORMAT: 'pretty',
      METRICS_PORT: '9100',
      METRICS_HOST: '::',
      PUBLIC_BASE_URL: 'https://news.example.org/',
      PUBLICATION_NAME: 'The Example Times',
      PUBLICATION_LOGO_URL: 'https://cdn.example.org/logo.svg',
      PUBLICATION_TAGLINE: 'All the news.',
      PUBLICATION_COPYRIGHT_NOTICE: '© The Example Times',
      PUBLICATION_LANGUAGE: 'en-GB',
      PUBLICATION_ARTICLE_URL: '{base}/news/{section}/{id}/{slug}',
      FEED_LENGTH: '20',
      PUBLISHED_FRESHNESS_MS: '0',
      JWT_JWKS_URL: 'https://id.example.org/realms/news/protocol/openid-connect/certs',
      JWT_ISSUER: 'https://id.example.org/realms/news',
      JWT_AUDIENCE: 'copydesk',
      JWT_ROLES_CLAIM: 'realm_access.roles',
      JWT_JWKS_CACHE_MS: '60000',
      JWT_JWKS_COOLDOWN_MS: '1000',
      CORS_ORIGINS: 'https://desk.example.org, http://localhost:5173,https://desk.example.org',
      HTTP_HEADERS_TIMEOUT_MS: '5000',
      HTTP_REQUEST_TIMEOUT_MS: '20000',
      HTTP_KEEP_ALIVE_TIMEOUT_MS: '65000',
      HTTP_IDLE_TIMEOUT_MS: '90000',
      RATE_LIMIT_WINDOW_MS: '10000',
      RATE_LIMIT_AUTH_FAILURES: '0',
      RATE_LIMIT_PUBLIC_READS: '500',
      PROJECTION_RUNNERS: 'off',
      PROJECTION_POLL_MS: '250',
      NATS_URL: 'nats://broker:4222',
      NATS_DUPLICATE_WINDOW_SECONDS: '600',
      WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
      WEBHOOK_ATTEMPTS: '3',
      WEBHOOK_RETRY_DELAY_SECONDS: '1',
      WEBHOOK_TIMEOUT_MS: '500',
      WEBHOOK_DISABLE_AFTER_MS: '5000',
      WEBHOOK_POLL_MS: '500',
    });
    expect(config).toEqual({
      port: 8080,
      host: '127.0.0.1',
      databaseUrl: 'postgres://copydesk@db/copydesk',
      dataDir: '/var/lib/copydesk',
      jwtSecret: LONG_ENOUGH_SECRET,
      bodyLimitBytes: 2048,
      databasePoolSize: 5,
      schedulerPollMs: 250,
      logLevels: ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'],
      logFormat: 'pretty',
      metrics: { port: 9100, host: '::' },
      publication: {
        baseUrl: 'https://news.example.org',
        name: 'The Example Times',
        logoUrl: 'https://cdn.example.org/logo.svg',
        tagline: 'All the news.',
        copyrightNotice: '© The Example Times',
        language: 'en-GB',
        articleUrlPattern: '{base}/news/{section}/{id}/{slug}',
        feedLength: 20,
      },
      publishedFreshnessMs: 0,
      identityProvider: {
        jwksUrl: 'https://id.example.org/realms/news/protocol/openid-connect/certs',
        issuer: 'https://id.example.org/realms/news',
        audience: 'copydesk',
        keyCacheMs: 60_000,
        keyCooldownMs: 1_000,
      },
      jwtRolesClaim: 'realm_access.roles',
      http: {
        corsOrigins: ['https://desk.example.org', 'http://localhost:5173'],
        timeouts: { headersMs: 5_000, requestMs: 20_000, keepAliveMs: 65_000, idleMs: 90_000 },
        rateLimits: { windowMs: 10_000, authFailures: 0, publicReads: 500 },
      },
      projections: { run: false, pollMs: 250 },
      nats: { servers: ['nats://broker:4222'], duplicateWindowSeconds: 600 },
      webhooks: {
        allowPrivateTargets: true,
        attempts: 3,
        retryDelaySeconds: 1,
        timeoutMs: 500,
        disableAfterMs: 5000,
        pollMs: 500,
      },
    });
  });

  it('reports every invalid setting at once, one line each', () => {
    expect(() =>
      loadConfig({
        PORT: 'x',
        HOST: 'all interfaces',
        LOG_LEVEL: 'loud',
        LOG_FORMAT: 'text',
        METRICS_PORT: '99999',
        METRICS_HOST: 'http://127.0.0.1',
        PUBLIC_BASE_URL: 'news.example.org',
        PUBLICATION_LOGO_URL: 'ftp://example.org/logo.png',
        PUBLICATION_LANGUAGE: 'English',
        PUBLICATION_ARTICLE_URL: '{base}/{headline}',
        FEED_LENGTH: '0',
        JWT_JWKS_URL: 'http://id.example.org/certs',
        JWT_ROLES_CLAIM: 'realm_access..roles',
        CORS_ORIGINS: 'https://desk.example.org/app,*',
        HTTP_HEADERS_TIMEOUT_MS: '40000',
        RATE_LIMIT_PUBLIC_READS: '-1',
        PROJECTION_RUNNERS: 'yes',
        PROJECTION_POLL_MS: '5',
        NATS_URL: 'nats://copydesk:s3cret@broker:4222, http://broker:8222',
        NATS_DUPLICATE_WINDOW_SECONDS: '0',
        WEBHOOK_ALLOW_PRIVATE_TARGETS: 'yes',
        WEBHOOK_RETRY_DELAY_SECONDS: '0',
        WEBHOOK_POLL_MS: '100',
      }),
    ).toThrow(
      new ConfigError(
        [
          'PORT must be an integer from 0 to 65535, not "x"',
          'HOST must be an IP address or a host name, such as 127.0.0.1, 0.0.0.0 or ::, not "all interfaces"',
          'LOG_LEVEL must be one of fatal, error, warn, log, debug, verbose, not "loud"',
          'LOG_FORMAT must be one of json, pretty, not "text"',
          'METRICS_PORT must be an integer from 0 to 65535, not "99999"',
          'METRICS_HOST must be an IP address or a host name, such as 127.0.0.1, 0.0.0.0 or ::, not "http://127.0.0.1"',
          'PUBLIC_BASE_URL must be an absolute http or https URL, not "news.example.org"',
          'PUBLICATION_LANGUAGE must be a language tag such as en or en-GB, not "English"',
          'PUBLICATION_ARTICLE_URL must name {slug} or {id} and only {base}, {section}, {slug}, {id}, not "{base}/{headline}"',
          'PUBLICATION_LOGO_URL must be an absolute http or https URL, not "ftp://example.org/logo.png"',
          'FEED_LENGTH must be an integer from 1 to 1000, not "0"',
          'JWT_JWKS_URL must be an https URL (http only to localhost), not "http://id.example.org/certs"',
          'JWT_ISSUER is required with JWT_JWKS_URL: the iss your identity provider puts in tokens',
          'JWT_AUDIENCE is required with JWT_JWKS_URL: the aud your identity provider gives Copydesk',
          'JWT_ROLES_CLAIM must be a claim name or a dotted path such as realm_access.roles, not "realm_access..roles"',
          'HTTP_HEADERS_TIMEOUT_MS (40000) must not be longer than HTTP_REQUEST_TIMEOUT_MS (30000)',
          'CORS_ORIGINS must list origins such as https://desk.example.org (scheme, host, port; no path), not "https://desk.example.org/app"',
          'CORS_ORIGINS must list origins such as https://desk.example.org (scheme, host, port; no path), not "*"',
          'RATE_LIMIT_PUBLIC_READS must be an integer from 0 to 1000000000, not "-1"',
          'PROJECTION_RUNNERS must be on or off, not "yes"',
          'PROJECTION_POLL_MS must be an integer from 10 to 60000, not "5"',
          'NATS_DUPLICATE_WINDOW_SECONDS must be an integer from 1 to 604800, not "0"',
          'NATS_URL must be nats://host:port or tls://host:port (several comma-separated for a cluster), not "http://broker:8222"',
          'WEBHOOK_ALLOW_PRIVATE_TARGETS must be true or false, not "yes"',
          'WEBHOOK_RETRY_DELAY_SECONDS must be an integer from 1 to 3600, not "0"',
          'WEBHOOK_POLL_MS must be an integer from 500 to 60000, not "100"',
        ].join('\n'),
      ),
    );
  });

  it('refuses an article URL pattern that does not make an http URL', () => {
    expect(() => loadConfig({ PUBLICATION_ARTICLE_URL: 'news/{slug}' })).toThrow(
      'PUBLICATION_ARTICLE_URL must make an http(s) URL, not "news/{slug}"',
    );
  });

  it('treats blank values as absent', () => {
    const config = loadConfig({
      PORT: ' ',
      DATABASE_URL: '  ',
      JWT_SECRET: ' ',
      BODY_LIMIT_BYTES: '',
      DATABASE_POOL_SIZE: '',
      LOG_LEVEL: ' ',
    });
    expect(config).toMatchObject({
      port: 3000,
      databaseUrl: null,
      jwtSecret: null,
      bodyLimitBytes: 1024 * 1024,
      databasePoolSize: 20,
    });
    expect(config.logLevels).toEqual(['fatal', 'error', 'warn', 'log']);
  });

  describe.each([
    ['PORT', 'port', ['0', '65535'], ['-1', '65536', '30.5', 'abc', '3000abc', '0x50', '1e3']],
    [
      'BODY_LIMIT_BYTES',
      'bodyLimitBytes',
      ['1024', String(64 * 1024 * 1024)],
      ['1023', String(64 * 1024 * 1024 + 1), '1e9', 'lots'],
    ],
    ['DATABASE_POOL_SIZE', 'databasePoolSize', ['1', '500'], ['0', '501', '2.5', 'ten']],
    ['SCHEDULER_POLL_MS', 'schedulerPollMs', ['10', '3600000'], ['9', '3600001', '0.5', 'often']],
    ['METRICS_PORT', 'metrics.port', ['0', '65535'], ['-1', '65536', 'off']],
  ] as const)('%s', (variable, field, accepted, refused) => {
    it.each(accepted)(`accepts %s at the edge of its range`, (raw) => {
      expect(loadConfig({ [variable]: raw })).toHaveProperty(field, Number(raw));
    });

    it.each(refused)('refuses %j with a ConfigError naming the variable', (raw) => {
      expect(() => loadConfig({ [variable]: raw })).toThrow(ConfigError);
      expect(() => loadConfig({ [variable]: raw })).toThrow(
        new RegExp(`^${variable} must be an integer from \\d+ to \\d+, not "${raw}"$`),
      );
    });
  });

  describe('NATS_URL', () => {
    it('is off without it', () => {
      expect(loadConfig({ NATS_DUPLICATE_WINDOW_SECONDS: '60' }).nats).toBeNull();
    });

    it('takes one server or a cluster, credentials kept, with an hour of duplicate window by default', () => {
      expect(loadConfig({ NATS_URL: ' nats://copydesk:s3cret@broker-1:4222 , tls://broker-2 ' }).nats).toEqual({
        servers: ['nats://copydesk:s3cret@broker-1:4222', 'tls://broker-2'],
        duplicateWindowSeconds: 3600,
      });
      expect(loadConfig({ NATS_URL: 'nats://broker', NATS_DUPLICATE_WINDOW_SECONDS: '120' }).nats?.duplicateWindowSeconds).toBe(
        120,
      );
    });

    it('never repeats a password when it refuses a URL', () => {
      expect(() => loadConfig({ NATS_URL: 'nats://copydesk:s3cret@broker:4222/path' })).toThrow(
        'NATS_URL must be nats://host:port or tls://host:port (several comma-separated for a cluster), not "nats://***@broker:4222/path"',
      );
    });
  });

  describe('JWT_SECRET', () => {
    it('refuses a secret shorter than 32 bytes', () => {
      expect(() => loadConfig({ JWT_SECRET: 'x'.repeat(31) })).toThrow(ConfigError);
      expect(() => loadConfig({ JWT_SECRET: 'x'.repeat(31) })).toThrow(/JWT_SECRET must be at least 32 bytes/);
    });

    it('counts bytes, not characters', () => {
      // 11 three-byte characters: 33 bytes, though only 11 characters.
      expect(loadConfig({ JWT_SECRET: '秘'.repeat(11) }).jwtSecret).toBe('秘'.repeat(11));
    });

    it('does not count surrounding whitespace', () => {
      expect(() => loadConfig({ JWT_SECRET: `   ${'x'.repeat(30)}   ` })).toThrow(ConfigError);
    });

    it('accepts a secret of exactly 32 bytes', () => {
      expect(loadConfig({ JWT_SECRET: LONG_ENOUGH_SECRET }).jwtSecret).toBe(LONG_ENOUGH_SECRET);
    });
  });

  describe('tokens from an identity provider', () => {
    it.each(['http://localhost:8080/certs', 'http://127.0.0.1:8080/certs', 'http://[::1]:8080/certs'])(
      'takes a key set over plain HTTP from this machine only: %s',
      (jwksUrl) => {
        const config = loadConfig({ JWT_JWKS_URL: jwksUrl, JWT_ISSUER: 'http://localhost:8080', JWT_AUDIENCE: 'copydesk' });
        expect(config.identityProvider?.jwksUrl).toBe(jwksUrl);
      },
    );

    it.each([
      ['JWT_ISSUER', { JWT_ISSUER: 'https://id.example.org' }],
      ['JWT_AUDIENCE', { JWT_AUDIENCE: 'copydesk' }],
    ])('refuses %s without JWT_JWKS_URL, which it would be checked against', (name, env) => {
      expect(() => loadConfig(env)).toThrow(`${name} is checked only on tokens from an identity provider: set JWT_JWKS_URL too`);
    });

    it('refuses a key set address that is not a URL', () => {
      expect(() => loadConfig({ JWT_JWKS_URL: 'id.example.org/certs', JWT_ISSUER: 'i', JWT_AUDIENCE: 'a' })).toThrow(
        /^JWT_JWKS_URL must be an https URL/,
      );
    });
  });

  describe('HOST', () => {
    it('binds to loopback on the embedded database and to every interface with DATABASE_URL', () => {
      expect(loadConfig({}).host).toBe('127.0.0.1');
      expect(loadConfig({ DATABASE_URL: 'postgres://copydesk@db/copydesk' }).host).toBe('0.0.0.0');
    });

    it.each(['0.0.0.0', '::', '::1', '192.168.1.20', 'localhost', 'copydesk.internal'])('accepts %j', (host) => {
      expect(loadConfig({ HOST: host }).host).toBe(host);
    });

    it.each(['0.0.0.0:3000', 'http://localhost', '-leading-hyphen', 'under_score'])('refuses %j', (host) => {
      expect(() => loadConfig({ HOST: host })).toThrow(/^HOST must be an IP address or a host name/);
    });
  });

  describe('LOG_FORMAT', () => {
    it('defaults to pretty at a terminal and to json anywhere else', () => {
      expect(loadConfig({}, true).logFormat).toBe('pretty');
      expect(loadConfig({}, false).logFormat).toBe('json');
    });

    it('is what it says, wherever stdout goes', () => {
      expect(loadConfig({ LOG_FORMAT: 'json' }, true).logFormat).toBe('json');
      expect(loadConfig({ LOG_FORMAT: ' pretty ' }, false).logFormat).toBe('pretty');
    });
  });

  describe('LOG_LEVEL', () => {
    it.each([
      ['fatal', ['fatal']],
      ['error', ['fatal', 'error']],
      ['warn', ['fatal', 'error', 'warn']],
      ['log', ['fatal', 'error', 'warn', 'log']],
      ['debug', ['fatal', 'error', 'warn', 'log', 'debug']],
      [' warn ', ['fatal', 'error', 'warn']],
    ])('given %j, prints %j', (level, levels) => {
      expect(loadConfig({ LOG_LEVEL: level }).logLevels).toEqual(levels);
    });

    it.each(['info', 'WARN', 'everything'])('refuses %j with a ConfigError naming the variable', (level) => {
      expect(() => loadConfig({ LOG_LEVEL: level })).toThrow(ConfigError);
      expect(() => loadConfig({ LOG_LEVEL: level })).toThrow(
        `LOG_LEVEL must be one of fatal, error, warn, log, debug, verbose, not "${level}"`,
      );
    });
  });
});

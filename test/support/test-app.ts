import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { DataSource } from 'typeorm';
import type { Actor } from '../../src/common/domain/actor';
import { mintToken } from '../../src/auth/tokens';
import { loadConfig } from '../../src/config/app-config';
import { createApp } from '../../src/create-app';
import { ApiReference } from '../../src/openapi/api-reference';
import { OpenApiContract } from './openapi-contract';
import type { ServiceLogger } from '../../src/logging/service-logger';

export interface TestApp {
  readonly app: NestFastifyApplication;
  readonly http: () => ReturnType<typeof request>;
  readonly dataSource: DataSource;
  readonly tokenFor: (actor: Actor, expiresIn?: string | number) => Promise<string>;
  readonly secret: Uint8Array;
  close(): Promise<void>;
}

export const people = {
  eddie: { id: 'eddie', name: 'Eddie Editor', roles: ['editor'] },
  erin: { id: 'erin', name: 'Erin Editor', roles: ['editor'] },
  rita: { id: 'rita', name: 'Rita Reviewer', roles: ['reviewer'] },
  eve: { id: 'eve', name: 'Eve Editor-Reviewer', roles: ['editor', 'reviewer'] },
  paul: { id: 'paul', name: 'Paul Publisher', roles: ['publisher'] },
  audrey: { id: 'audrey', name: 'Audrey Auditor', roles: ['auditor'] },
  ada: { id: 'ada', name: 'Ada Admin', roles: ['admin'] },
  nobody: { id: 'nobody', name: 'No Roles', roles: [] },
} satisfies Record<string, Actor>;

/**
 * Every request of a test run comes from 127.0.0.1, and some specs send hundreds of refused tokens
 * (the bad-input tier) or public reads: limits no test would reach unless it sets its own
 * (test/http-semantics.e2e-spec.ts does, and checks that the defaults are on).
 */
const GENEROUS_LIMITS = { RATE_LIMIT_AUTH_FAILURES: '1000000', RATE_LIMIT_PUBLIC_READS: '1000000' };

/** The real application, on the test PostgreSQL, as main.ts builds it. */
export async function startTestApp(
  overrides: Record<string, string> = {},
  options: { beforeInit?: (app: NestFastifyApplication) => void; logger?: ServiceLogger } = {},
): Promise<TestApp> {
  const config = loadConfig({ ...process.env, ...GENEROUS_LIMITS, ...overrides });
  // Silent unless the spec reads the log (test/support/captured-log.ts).
  const app = await createApp(config, { logger: options.logger ?? false });
  // Nest registers its routes with Fastify during init: a hook that must see them goes in before.
  options.beforeInit?.(app);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const secret = new TextEncoder().encode(config.jwtSecret!);
  return {
    app,
    http: () => checkedAgainstTheDocument(app),
    dataSource: app.get(DataSource),
    secret,
    tokenFor: (actor, expiresIn) => mintToken(actor, secret, expiresIn, config.jwtRolesClaim),
    close: () => app.close(),
  };
}

/** One per test file: every app of a run serves the same document, and its schemas are compiled once. */
let contract: OpenApiContract | undefined;
const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options'];

/**
 * supertest, with every answer held to the OpenAPI document the app serves (see openapi-contract.ts):
 * an undocumented status, media type or field fails the spec that received it.
 */
function checkedAgainstTheDocument(app: NestFastifyApplication): ReturnType<typeof request> {
  const agent = request(app.getHttpServer());
  return new Proxy(agent, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof property !== 'string' || !HTTP_METHODS.includes(property) || typeof value !== 'function') return value;
      return (url: string, ...rest: unknown[]) => {
        contract ??= new OpenApiContract(app.get(ApiReference).document());
        return contract.watch(value.call(target, url, ...rest), property, url);
      };
    },
  });
}

/** An `Authorization` header for each of the test people, by their key in `people`. */
export async function authorizationsFor(testApp: TestApp): Promise<Record<keyof typeof people, string>> {
  const entries = await Promise.all(
    Object.entries(people).map(async ([key, actor]) => [key, `Bearer ${await testApp.tokenFor(actor)}`] as const),
  );
  return Object.fromEntries(entries) as Record<keyof typeof people, string>;
}

/** All events of one article, to check that a refused request wrote nothing. */
export async function eventCount(dataSource: DataSource, articleId?: string): Promise<number> {
  const [row]: { count: string }[] = articleId
    ? await dataSource.query(`SELECT count(*) FROM events WHERE stream_id = $1`, [`article-${articleId}`])
    : await dataSource.query(`SELECT count(*) FROM events`);
  return Number(row.count);
}

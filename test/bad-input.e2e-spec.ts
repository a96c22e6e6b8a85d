import fc from 'fast-check';
import type { AddressInfo } from 'node:net';
import {
  badRequests,
  describe as describeRequest,
  validRequest,
  type BadRequest,
  type FaultKind,
  type RouteContext,
} from './support/bad-input/bad-requests';
import { createTarget, createTargets, type Target, type TargetName } from './support/bad-input/fixture-articles';
import { hostileTokens, type HostileTokens } from './support/bad-input/header-faults';
import { ROUTE_GENERATORS, routeKey, type RouteGenerator } from './support/bad-input/route-table';
import { sendRaw, type RawResponse } from './support/raw-http';
import { openScratchDatabase, type ScratchDatabase } from './support/scratch-database';
import { ServedRoutes } from './support/served-routes';
import { ServerErrors } from './support/server-errors';
import { untilConsumersIdle } from './support/projections';
import { changedTables, dataTables, fingerprint, type TableFingerprint } from './support/table-fingerprint';
import { authorizationsFor, people, startTestApp, type TestApp } from './support/test-app';

/**
 * The generated bad-input tier: for every route the app serves, requests that are valid in every
 * way but one (a body field, a query or path parameter, a header, the bytes on the wire) must be
 * refused with a 4xx problem that names what was wrong, and must change no row of any table.
 *
 * FUZZ_SEED=<n> reruns a run exactly (the seed is in every test name and failure); FUZZ_PATH, from a
 * failure's report, replays just its counterexample; FUZZ_SCALE=<k> sends k times as many requests.
 * FUZZ_SURVEY=1 keeps going after a route's first failure and fails with every distinct failure
 * class of the route instead (what to fix, rather than where to start): it asserts the same things.
 */
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Math.floor(Math.random() * 2 ** 31);
const PATH = process.env.FUZZ_PATH;
const SCALE = Number(process.env.FUZZ_SCALE ?? 1);
const SURVEY = process.env.FUZZ_SURVEY === '1';
const MIN_REQUESTS_PER_RUN = 1_000;

/** Whole-message size refusals: they are about the request as a whole, not one field of it. */
const SIZE_STATUSES = [413, 414, 431];
/** A request whose only fault is elsewhere must not be refused for its token or its version. */
const ONLY_FOR: Partial<Record<number, FaultKind>> = {
  401: 'authorization',
  403: 'authorization',
  412: 'if-match',
  428: 'if-match',
};

const served = new ServedRoutes();
const serverErrors = new ServerErrors();
let scratch: ScratchDatabase;
let testApp: TestApp;
let port: number;
let tables: string[];
let targets: Record<TargetName, Target>;
let authorizations: Record<keyof typeof people, string>;
const tokens: Partial<Record<keyof typeof people, HostileTokens>> = {};
let sent = 0;
let failedRoutes = 0;

beforeAll(async () => {
  // A database of its own: "no row changed" must not depend on what other specs write meanwhile.
  scratch = await openScratchDatabase();
  testApp = await startTestApp(
    { DATABASE_URL: scratch.url },
    { beforeInit: (app) => served.listen(app), logger: serverErrors.logger },
  );
  // Over a real socket: Node's HTTP parser and Fastify's client-error handling are part of what is tested.
  await testApp.app.listen({ port: 0, host: '127.0.0.1' });
  port = (testApp.app.getHttpServer().address() as AddressInfo).port;
  targets = await createTargets(testApp);
  await untilConsumersIdle(scratch.dataSource);
  authorizations = await authorizationsFor(testApp);
  for (const who of new Set(ROUTE_GENERATORS.flatMap((route) => (route.who ? [route.who] : [])))) {
    tokens[who] = await hostileTokens(testApp.secret, people[who]);
  }
  tables = await dataTables(scratch.dataSource);
}, 120_000);

afterAll(async () => {
  await testApp?.close();
  await scratch?.drop();
});

function contextFor(route: RouteGenerator): RouteContext {
  return {
    target: () => (route.target ? targets[route.target] : undefined),
    authorization: route.who ? authorizations[route.who] : undefined,
    tokens: route.who ? tokens[route.who]! : { all: [] },
  };
}

/** Whether a reported field names the expected one: itself, a field inside it, or the item or list holding it. */
function names(reported: string, expected: string, kind: FaultKind): boolean {
  const [got, want] = kind === 'body' ? [reported, expected] : [reported.toLowerCase(), expected.toLowerCase()];
  if (got === want || got.startsWith(`${want}.`) || got.startsWith(`${want}[`)) return true;
  const parent = want.replace(/(\.[^.[\]]+|\[\d+\])$/, '');
  return parent !== '' && parent !== want && got === parent;
}

/** Everything that is wrong with the answer to `bad`, as sentences; empty when the answer is right. */
function faultsIn(bad: BadRequest, response: RawResponse, changed: string[]): string[] {
  const faults: string[] = [];
  if (response.status < 400 || response.status > 499) faults.push(`answered ${response.status}, not a 4xx`);
  if (!/^application\/problem\+json\b/.test(response.headers['content-type'] ?? '')) {
    faults.push(`content-type ${JSON.stringify(response.headers['content-type'] ?? null)}, not application/problem+json`);
  }
  const allowedOnlyFor = ONLY_FOR[response.status];
  if (allowedOnlyFor && allowedOnlyFor !== bad.kind && bad.kind !== 'wire') {
    faults.push(
      `${response.status} is for a bad ${allowedOnlyFor}, but only the ${bad.kind} was wrong: the valid parts were refused`,
    );
  }
  if (bad.raw.method !== 'HEAD' && response.status >= 400) {
    let problem: { status?: unknown; errors?: { field?: unknown }[] } | undefined;
    try {
      problem = JSON.parse(response.text);
    } catch {
      faults.push('the body is not JSON');
    }
    if (problem && problem.status !== response.status) faults.push(`the problem's status is ${JSON.stringify(problem.status)}`);
    if (problem && bad.field !== undefined && !SIZE_STATUSES.includes(response.status)) {
      const fields = (Array.isArray(problem.errors) ? problem.errors : []).map((error) => String(error?.field));
      if (!fields.some((field) => names(field, bad.field!, bad.kind))) {
        faults.push(`errors[].field does not name ${bad.field} (it names ${JSON.stringify(fields)})`);
      }
    }
  }
  if (changed.length > 0) faults.push(`rows changed in ${changed.join(', ')}`);
  return faults;
}

/**
 * What makes two failures the same to fix: the route, where the fault was, the fault with its
 * particular values left out, the status, and what was wrong with the answer.
 */
function failureClass(bad: BadRequest, status: number, faults: string[]): string {
  // Made-up field names, lengths and the like vary from request to request; the kind of value does not.
  const general = (text: string) =>
    text
      .replace(/\bx[a-zA-Z]{2,}/g, 'x…')
      .replace(/\(it names .*\)$/, '')
      .replace(/\d{3,}/g, 'N');
  return `${bad.route} [${bad.kind}] ${general(bad.fault)} → ${status}: ${faults.map(general).join('; ')}`;
}

describe(`generated bad input (FUZZ_SEED=${SEED})`, () => {
  it('has a generator for every route the app serves, and serves every route it has a generator for', () => {
    const generated = new Set(ROUTE_GENERATORS.map(routeKey));
    // Fastify adds a HEAD route for each GET; the GET's generator sends some of its requests as HEAD.
    const expected = served.all().map((route) => route.replace(/^HEAD /, 'GET '));
    expect(served.all().length).toBeGreaterThan(0);
    expect([...new Set(expected)].sort()).toEqual([...generated].sort());
  });

  describe.each(ROUTE_GENERATORS.map((route) => [routeKey(route), route] as const))('%s', (key, route) => {
    it('refuses each generated bad request with a 4xx problem naming the fault, and changes no row', async () => {
      const context = contextFor(route);
      // The previous route's control request wrote events (or reset, paused or resumed a consumer).
      await untilConsumersIdle(scratch.dataSource);
      let last: TableFingerprint = await fingerprint(scratch.dataSource, tables);
      const survey = new Map<string, { count: number; example: string }>();
      const property = fc.asyncProperty(badRequests(route, context), async (bad) => {
        sent += 1;
        const response = await sendRaw(port, bad.raw);
        const now = await fingerprint(scratch.dataSource, tables);
        const changed = changedTables(last, now);
        last = now;
        const faults = faultsIn(bad, response, changed);
        if (faults.length === 0) return;
        // A bad write that got through moved the article on: later requests (and the control) get a fresh one.
        if (changed.length > 0 && route.target) {
          targets[route.target] = await createTarget(testApp, route.target);
          await untilConsumersIdle(scratch.dataSource);
          last = await fingerprint(scratch.dataSource, tables);
        }
        const serverError = response.status >= 500 ? serverErrors.of(response.headers['x-request-id']) : undefined;
        const report = [
          `${bad.route}: ${faults.join('; ')}`,
          `request: ${describeRequest(bad)}`,
          `answer: ${response.status} ${response.headers['content-type'] ?? ''} ${response.text.slice(0, 600)}`,
          ...(serverError ? [`server error: ${serverError}`] : []),
        ].join('\n');
        if (!SURVEY) throw new Error(report);
        const classKey = failureClass(bad, response.status, faults);
        const seen = survey.get(classKey);
        survey.set(classKey, { count: (seen?.count ?? 0) + 1, example: seen?.example ?? report });
      });
      try {
        await fc.assert(property, {
          seed: SEED,
          path: PATH,
          numRuns: Math.ceil(route.runs * SCALE),
          // Each request carries one fault, so the first failure is already small; shrinking would resend many.
          endOnFailure: true,
        });
      } catch (error) {
        failedRoutes += 1;
        const { message } = error as Error;
        const path = /path: "([^"]*)"/.exec(message)?.[1];
        (error as Error).message =
          `${message}\n\nRerun this run: FUZZ_SEED=${SEED} npx jest test/bad-input.e2e-spec.ts -t '${key} refuses'` +
          (path
            ? `\nReplay only this request: FUZZ_SEED=${SEED} FUZZ_PATH=${path} npx jest test/bad-input.e2e-spec.ts -t '${key} refuses'`
            : '');
        throw error;
      }
      if (survey.size > 0) {
        failedRoutes += 1;
        const classes = [...survey].map(([classKey, { count, example }]) => `● ${classKey} (${count}×)\n${example}`);
        throw new Error(`${survey.size} failure classes (FUZZ_SEED=${SEED}):\n\n${classes.join('\n\n')}`);
      }
    }, 120_000);

    // Proves the fixture, the token and If-Match were right, so every refusal above was for the fault alone.
    it('accepts the same request without the fault', async () => {
      const response = await sendRaw(port, validRequest(route, contextFor(route)));
      expect({ status: response.status, text: response.status < 300 ? '' : response.text }).toEqual({
        status: expect.any(Number),
        text: '',
      });
      expect(response.status).toBeLessThan(300);
    });
  });

  it(`plans at least ${MIN_REQUESTS_PER_RUN} generated requests a run, and sent them all unless a route failed`, () => {
    const planned = ROUTE_GENERATORS.reduce((total, route) => total + Math.ceil(route.runs * SCALE), 0);
    expect(planned).toBeGreaterThanOrEqual(Math.ceil(MIN_REQUESTS_PER_RUN * SCALE));
    // A failing route stops at its first failure (outside FUZZ_SURVEY), and FUZZ_PATH replays one request.
    if (failedRoutes === 0 && PATH === undefined) expect(sent).toBe(planned);
  });
});

import fc from 'fast-check';
import type { RawRequest } from '../raw-http';
import { bodyFaults } from './body-faults';
import type { Target } from './fixture-articles';
import {
  authorizationFaults,
  contentTypeFaults,
  idempotencyKeyFaults,
  ifMatchFaults,
  VERSION,
  wireFaults,
  type HeaderFault,
  type HostileTokens,
} from './header-faults';
import type { RouteGenerator } from './route-table';
import { queryFaults, segmentFaults } from './url-faults';

/** Where the one fault of a request is: which statuses it may legitimately cause depends on it. */
export type FaultKind = 'body' | 'query' | 'path' | 'if-match' | 'idempotency-key' | 'content-type' | 'authorization' | 'wire';

/** A request that differs from a valid one in one input only. */
export interface BadRequest {
  /** Method and route path: `HEAD /articles/:id`. */
  readonly route: string;
  readonly kind: FaultKind;
  readonly fault: string;
  /** What the problem's errors must name (a body field path, a parameter, a header); undefined when nothing can be. */
  readonly field?: string;
  readonly raw: RawRequest;
}

/**
 * What the valid request of a route needs that only the running app knows. Read each time a request
 * is generated: a target replaced during the run (after a wrongly accepted write) is used from then on.
 */
export interface RouteContext {
  readonly target: () => Target | undefined;
  /** `Bearer …` for the route's `who`. */
  readonly authorization?: string;
  readonly tokens: HostileTokens;
}

/** The valid request, as parts a fault can replace one of. */
interface Parts {
  readonly segments: Readonly<Record<string, string>>;
  readonly query: string;
  readonly headers: readonly (readonly [string, string])[];
  readonly body?: string;
}

/** One fault, not yet applied: it is laid over the valid request of the moment. */
interface Fault {
  readonly kind: FaultKind;
  readonly fault: string;
  readonly field?: string;
  readonly apply: (valid: Parts) => Parts;
}

function validParts(route: RouteGenerator, context: RouteContext): Parts {
  const target = context.target();
  const segments: Record<string, string> = {};
  for (const name of Object.keys(route.params ?? {})) {
    const value = {
      id: target?.id,
      sourceId: target?.sourceId,
      deliveryId: target?.deliveryId,
      slug: target?.slug,
      version: '1',
      page: '1.xml',
      asset: 'swagger-ui.css',
      name: 'article-activity',
    }[name];
    if (value === undefined) throw new Error(`${route.method} ${route.path}: no valid value for :${name}`);
    segments[name] = encodeURIComponent(value);
  }
  const headers: [string, string][] = [];
  if (context.authorization) headers.push(['authorization', context.authorization]);
  if (route.ifMatch) headers.push(['if-match', `"${target!.version}"`]);
  const sendsBody = route.body !== undefined && route.body.sendsBody !== false;
  if (sendsBody) headers.push(['content-type', 'application/json']);
  const query = new URLSearchParams(route.query?.valid ?? {}).toString();
  return { segments, query, headers, body: sendsBody ? JSON.stringify(route.body!.valid) : undefined };
}

function toRaw(route: RouteGenerator, parts: Parts, method: string = route.method): RawRequest {
  const path = route.path.replace(/:(\w+)/g, (_match, name: string) => parts.segments[name]);
  return {
    method,
    target: parts.query ? `${path}?${parts.query}` : path,
    headers: parts.headers,
    body: parts.body === undefined ? undefined : Buffer.from(parts.body, 'utf8'),
  };
}

/** The header replaced by the fault's values; VERSION in them becomes the version the valid If-Match names. */
const withHeader =
  (fault: Pick<HeaderFault, 'header' | 'values'>) =>
  (valid: Parts): Parts => {
    const version = valid.headers.find(([name]) => name === 'if-match')?.[1].replaceAll('"', '') ?? '';
    return {
      ...valid,
      headers: [
        ...valid.headers.filter(([name]) => name !== fault.header),
        ...fault.values.map((value) => [fault.header, value.replaceAll(VERSION, version)] as const),
      ],
    };
  };

/** The valid request of the route, for the control that shows only the fault was wrong. */
export function validRequest(route: RouteGenerator, context: RouteContext): RawRequest {
  return toRaw(route, validParts(route, context));
}

/** Body fields as a form would send them: the same request in a media type the API does not take. */
function formEncoded(body: Record<string, unknown>): string | undefined {
  const values = Object.values(body);
  if (values.length === 0 || !values.every((value) => typeof value === 'string' || typeof value === 'number')) return undefined;
  return new URLSearchParams(Object.entries(body).map(([name, value]): [string, string] => [name, String(value)])).toString();
}

/** The faults that apply to this route, by family: one is drawn for each request. */
function faultFamilies(route: RouteGenerator, context: RouteContext): fc.Arbitrary<Fault>[] {
  const families: fc.Arbitrary<Fault>[] = [
    wireFaults().map((wire) => ({
      kind: 'wire',
      fault: wire.fault,
      apply: (valid) => ({
        ...valid,
        headers: wire.header ? [...valid.headers, wire.header] : valid.headers,
        query: wire.targetSuffix ? [valid.query, wire.targetSuffix].filter(Boolean).join('&') : valid.query,
      }),
    })),
  ];
  if (route.body) {
    const asJson = withHeader({ header: 'content-type', values: ['application/json'] });
    families.push(
      bodyFaults(route.body).map((fault) => ({
        kind: 'body',
        fault: fault.fault,
        field: fault.field,
        apply: (valid) => ({ ...asJson(valid), body: fault.json }),
      })),
      contentTypeFaults().map((fault) => ({
        kind: 'content-type',
        fault: fault.fault,
        field: fault.field,
        apply: (valid) => ({ ...withHeader(fault)(valid), body: valid.body ?? '{}' }),
      })),
    );
    const form = formEncoded(route.body.valid);
    if (form !== undefined) {
      families.push(
        fc.constant({
          kind: 'content-type',
          fault: 'the valid fields form-encoded',
          field: 'Content-Type',
          apply: (valid: Parts) => ({
            ...withHeader({ header: 'content-type', values: ['application/x-www-form-urlencoded'] })(valid),
            body: form,
          }),
        }),
      );
    }
  }
  if (route.query) {
    families.push(
      queryFaults(route.query).map((fault) => ({
        kind: 'query',
        fault: fault.fault,
        field: fault.field,
        apply: (valid) => ({ ...valid, query: fault.query }),
      })),
    );
  }
  for (const [param, kind] of Object.entries(route.params ?? {})) {
    families.push(
      segmentFaults(kind).map((fault) => ({
        kind: 'path',
        fault: `:${param} is ${fault.fault}`,
        // A URL that does not decode is refused before a route (and so a parameter) is known.
        field: fault.decodable ? param : undefined,
        apply: (valid) => ({ ...valid, segments: { ...valid.segments, [param]: fault.segment } }),
      })),
    );
  }
  if (route.ifMatch) {
    families.push(
      ifMatchFaults().map((fault) => ({ kind: 'if-match', fault: fault.fault, field: fault.field, apply: withHeader(fault) })),
    );
  }
  if (route.write) {
    families.push(
      idempotencyKeyFaults().map((fault) => ({
        kind: 'idempotency-key',
        fault: fault.fault,
        field: fault.field,
        apply: withHeader(fault),
      })),
    );
  }
  if (context.authorization) {
    families.push(
      authorizationFaults(context.authorization.slice('Bearer '.length), context.tokens).map((fault) => ({
        kind: 'authorization',
        fault: fault.fault,
        field: fault.field,
        apply: withHeader(fault),
      })),
    );
  }
  return families;
}

/** Every bad request this route can be sent, each with exactly one fault. */
export function badRequests(route: RouteGenerator, context: RouteContext): fc.Arbitrary<BadRequest> {
  // Fastify answers HEAD for every GET route: one in six GET requests goes as HEAD, so those routes are tried too.
  const method = route.method === 'GET' ? fc.nat(5).map((n) => (n === 0 ? 'HEAD' : 'GET')) : fc.constant(route.method);
  return fc.tuple(fc.oneof(...faultFamilies(route, context)), method).map(([{ apply, ...fault }, chosen]) => {
    const bad: BadRequest = {
      ...fault,
      route: `${chosen} ${route.path}`,
      raw: toRaw(route, apply(validParts(route, context)), chosen),
    };
    return Object.assign(bad, { [fc.toStringMethod]: () => describe(bad) });
  });
}

/** A curl-like line to reproduce the request by hand; long values are shortened to their length. */
export function describe(bad: BadRequest): string {
  const short = (text: string): string => {
    const shown = text.length > 160 ? `${text.slice(0, 60)}…(${text.length} chars)…${text.slice(-20)}` : text;
    return JSON.stringify(shown).slice(1, -1);
  };
  const headers = bad.raw.headers
    .map(([name, value]) =>
      name === 'authorization' && value.length > 60
        ? `${name}: ${value.slice(0, 20)}…(${value.length} chars)`
        : `${name}: ${short(value)}`,
    )
    .map((header) => ` -H '${header}'`)
    .join('');
  const body = bad.raw.body === undefined ? '' : ` --data-raw '${short(bad.raw.body.toString('utf8'))}'`;
  return `[${bad.kind}] ${bad.fault}${bad.field ? ` (must name ${bad.field})` : ''}\n    curl -X ${bad.raw.method} '${short(bad.raw.target)}'${headers}${body}`;
}

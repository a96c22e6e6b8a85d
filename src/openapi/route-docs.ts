import { ApiBody } from '@nestjs/swagger';
import type { Schema } from './json-schema';

/*
 * What a route's reference says beyond what @nestjs/swagger reads by itself: its successful answer
 * (an interface, which has no runtime type to read), the problems only it can answer, and the
 * headers it reads. Read by openapi-document.ts, which adds what every route of a kind shares.
 */

const ROUTE_DOC = 'copydesk:openapi-route';

/** Response headers the reference describes once and routes name. */
export type ResponseHeaderName = 'ETag' | 'Location' | 'Last-Modified' | 'Cache-Control';

export interface Answer {
  readonly description: string;
  /** The JSON body's schema, when the answer is JSON. */
  readonly schema?: Schema;
  /** Media types besides JSON, such as an Atom feed: the body is not described beyond its type. */
  readonly mediaTypes?: readonly string[];
  readonly headers?: readonly ResponseHeaderName[];
  readonly example?: unknown;
  /** A public representation: answers 304 Not Modified to If-None-Match / If-Modified-Since. */
  readonly conditional?: boolean;
}

export interface RouteDoc {
  readonly answer?: Answer;
  /** Problem statuses only this route (or its kind) answers, beyond those every route of its traits does. */
  readonly problems?: readonly number[];
  /** A write that takes an Idempotency-Key. */
  readonly idempotencyKey?: boolean;
  /** What the Location header of the answer names, when the route creates something. */
  readonly location?: string;
  /** Never touches the database, so never answers 503 for it. */
  readonly withoutDatabase?: boolean;
}

function merge(existing: RouteDoc, added: RouteDoc): RouteDoc {
  return { ...existing, ...added, problems: [...(existing.problems ?? []), ...(added.problems ?? [])] };
}

const documented =
  (doc: RouteDoc) =>
  (target: object, _key?: string | symbol, descriptor?: PropertyDescriptor): void => {
    const on = (descriptor?.value as object | undefined) ?? target;
    Reflect.defineMetadata(ROUTE_DOC, merge(Reflect.getMetadata(ROUTE_DOC, on) ?? {}, doc), on);
  };

export const Answers = (answer: Answer) => documented({ answer });
export const Problems = (...statuses: number[]) => documented({ problems: statuses });
export const TakesIdempotencyKey = () => documented({ idempotencyKey: true });
export const Locates = (what: string) => documented({ location: what });
export const WithoutDatabase = () => documented({ withoutDatabase: true });

/** The route's doc: its controller's, then its handler's over it. */
export const routeDocOf = (controller: object, handler: object): RouteDoc =>
  merge(Reflect.getMetadata(ROUTE_DOC, controller) ?? {}, Reflect.getMetadata(ROUTE_DOC, handler) ?? {});

/** A command that takes no fields: no body, or an empty JSON object. */
export const NoFields = () =>
  ApiBody({ required: false, description: 'No fields: send no body, or {}.', schema: { type: 'object', maxProperties: 0 } });

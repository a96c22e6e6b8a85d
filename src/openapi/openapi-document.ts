import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ParseUUIDPipe, type INestApplication, type Type } from '@nestjs/common';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum.js';
import { HTTP_CODE_METADATA, METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants.js';
import { RequestMethod } from '@nestjs/common/enums/request-method.enum.js';
import { ModulesContainer, Reflector } from '@nestjs/core';
import {
  DocumentBuilder,
  SwaggerModule,
  type OpenAPIObject,
  type OperationObject,
  type ParameterObject,
  type ReferenceObject,
  type RequestBodyObject,
  type SchemaObject,
} from '@nestjs/swagger';
import { PUBLIC_ROUTE, REQUIRED_ROLES } from '../auth/auth.decorators';
import type { Role } from '../common/domain/actor';
import { namedSchemas } from './json-schema';
import { HEADERS, PARAMETERS } from './http-headers';
import { PROBLEM_RESPONSES, problemResponse } from './problem-responses';
import { routeDocOf, type RouteDoc } from './route-docs';
import { DocumentedDtos } from './validation-schema';

/**
 * The OpenAPI 3.1 document of the running application: @nestjs/swagger scans the controllers, the
 * DTOs' schemas come from their validation rules, and each operation gets what the route's own
 * metadata says (roles from @RequireRole/@Public, headers from the parameters it reads, the
 * answers of route-docs.ts) plus the problems every route of its kind can answer.
 */

interface Route {
  readonly controller: Type<unknown>;
  readonly handler: (...args: unknown[]) => unknown;
  readonly name: string;
}

interface RouteArgument {
  readonly type: RouteParamtypes;
  readonly data: unknown;
  readonly pipes: readonly unknown[];
  readonly dto: unknown;
}

const BEARER_DESCRIPTION =
  'A JWT whose `roles` claim lists some of editor, reviewer, publisher, auditor and admin (admin may do what any role may). ' +
  'Each operation names the roles it takes in its description and in `x-roles`; `npm run token` mints one for development.';

const operationId = (controller: string, method: string): string => `${controller.replace(/Controller$/, '')}_${method}`;

export function createOpenApiDocument(app: INestApplication): OpenAPIObject {
  const routes = routesOf(app);
  const dtos = new DocumentedDtos();
  for (const route of routes.values()) {
    for (const argument of argumentsOf(route)) {
      if (typeof argument.dto !== 'function' || argument.dto === Object) continue;
      if (argument.type === RouteParamtypes.BODY) dtos.document(argument.dto as Type<unknown>, 'body');
      if (argument.type === RouteParamtypes.QUERY) dtos.document(argument.dto as Type<unknown>, 'query');
    }
  }
  const config = new DocumentBuilder()
    .setOpenAPIVersion('3.1.0')
    .setTitle('Copydesk')
    .setDescription(
      'The newsroom’s copy desk as a service: articles from draft to published, their history and audit log, ' +
        'and the public site’s reads. Every error is RFC 9457 problem+json; every answer carries X-Request-Id.',
    )
    .setVersion(projectVersion())
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: BEARER_DESCRIPTION }, 'bearer')
    .build();
  config.components = {
    ...config.components,
    schemas: namedSchemas(),
    responses: PROBLEM_RESPONSES,
    headers: HEADERS,
    parameters: PARAMETERS,
  };
  const document = SwaggerModule.createDocument(app, config, {
    extraModels: [...dtos.extraModels],
    operationIdFactory: operationId,
  });
  const reflector = new Reflector();
  for (const pathItem of Object.values(document.paths)) {
    for (const operation of Object.values(pathItem) as OperationObject[]) {
      const route = routes.get(operation.operationId ?? '');
      if (route === undefined) throw new Error(`operation ${operation.operationId} has no route`);
      describeOperation(operation, route, reflector);
      bodyMayBeLeftOut(operation, document);
    }
  }
  return document;
}

/** The version in the project's package.json: above src/ when tested, above dist/src/ when built. */
function projectVersion(): string {
  for (let folder = __dirname; ; folder = dirname(folder)) {
    const file = join(folder, 'package.json');
    if (existsSync(file)) return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
    if (dirname(folder) === folder) throw new Error(`no package.json above ${__dirname}`);
  }
}

/** Every route handler of the application, by the operation id the document gives it. */
function routesOf(app: INestApplication): Map<string, Route> {
  const routes = new Map<string, Route>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as Type<unknown>;
      const prototype = controller.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(prototype)) {
        const handler = prototype[name];
        if (typeof handler !== 'function' || Reflect.getMetadata(METHOD_METADATA, handler) === undefined) continue;
        if (Reflect.getMetadata(PATH_METADATA, handler) === undefined) continue;
        routes.set(operationId(controller.name, name), { controller, handler: handler as Route['handler'], name });
      }
    }
  }
  return routes;
}

function argumentsOf(route: Route): RouteArgument[] {
  const declared: Record<string, { index: number; data: unknown; pipes?: unknown[] }> =
    Reflect.getMetadata(ROUTE_ARGS_METADATA, route.controller, route.name) ?? {};
  const types: unknown[] = Reflect.getMetadata('design:paramtypes', route.controller.prototype as object, route.name) ?? [];
  return Object.entries(declared).map(([key, { index, data, pipes }]) => ({
    type: Number(key.split(':')[0]) as RouteParamtypes,
    data,
    pipes: pipes ?? [],
    dto: types[index],
  }));
}

function describeOperation(operation: OperationObject, route: Route, reflector: Reflector): void {
  const targets = [route.handler, route.controller];
  const isPublic = reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets) === true;
  const roles = reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
  const doc = routeDocOf(route.controller, route.handler);
  const args = argumentsOf(route);
  const parameters = (operation.parameters ??= []) as (ParameterObject | ReferenceObject)[];

  operation.security = isPublic ? [] : [{ bearer: [] }];
  if (!isPublic) {
    Object.assign(operation, { 'x-roles': roles ?? [] });
    const who = roles?.length ? `a token with the ${roles.join(' or ')} role (or admin)` : 'any valid token';
    operation.description = [operation.description, `**Takes** ${who}.`].filter(Boolean).join('\n\n');
  }

  for (const argument of args) {
    if (argument.type === RouteParamtypes.PARAM && argument.pipes.some((pipe) => pipe instanceof ParseUUIDPipe)) {
      const parameter = parameters.find((candidate) => 'name' in candidate && candidate.name === argument.data);
      if (parameter && 'name' in parameter) parameter.schema = { type: 'string', format: 'uuid' };
    }
    if (argument.type === RouteParamtypes.HEADERS) parameters.push(headerParameter(argument.data, route));
  }
  if (doc.idempotencyKey) parameters.push({ $ref: '#/components/parameters/Idempotency-Key' });
  if (doc.answer?.conditional) {
    parameters.push({ $ref: '#/components/parameters/If-None-Match' }, { $ref: '#/components/parameters/If-Modified-Since' });
  } else if (isGet(route)) {
    // Every successful GET carries a strong ETag, so a client holding it may revalidate (conditional-request.ts).
    parameters.push({ $ref: '#/components/parameters/If-None-Match' });
  }
  describeAnswer(operation, doc, successStatus(route), isGet(route));

  const takesIfMatch = args.some((argument) => argument.type === RouteParamtypes.HEADERS && argument.data === 'if-match');
  const hasPathParameters = parameters.some((parameter) => 'in' in parameter && parameter.in === 'path');
  // Any request can be refused before it reaches a route: malformed (400), too long a target (414) or headers (431),
  // an Accept it cannot answer (406), or one address sending too many failed tokens or public reads (429).
  const problems = new Set<number>([400, 406, 414, 429, 431, 500, ...(doc.problems ?? [])]);
  if (!isPublic) [401, 403].forEach((status) => problems.add(status));
  if (hasPathParameters) problems.add(404);
  if (takesIfMatch) [412, 428].forEach((status) => problems.add(status));
  if (operation.requestBody) [413, 415].forEach((status) => problems.add(status));
  if (!doc.withoutDatabase) problems.add(503);
  for (const status of [...problems].sort()) operation.responses[status] ??= problemResponse(status);
}

/** A body whose fields are all optional may be left out: the validation pipe reads no body as {}. */
function bodyMayBeLeftOut(operation: OperationObject, document: OpenAPIObject): void {
  const body = operation.requestBody as RequestBodyObject | undefined;
  const reference = body?.content['application/json']?.schema as ReferenceObject | undefined;
  if (body === undefined || reference?.$ref === undefined) return;
  const schema = document.components?.schemas?.[reference.$ref.split('/').pop()!] as SchemaObject | undefined;
  if (schema !== undefined && (schema.required ?? []).length === 0) body.required = false;
}

function headerParameter(name: unknown, route: Route): ReferenceObject {
  const parameter = { 'if-match': 'If-Match', accept: 'Accept-Audit' }[String(name)];
  if (parameter === undefined) {
    throw new Error(
      `${route.controller.name}.${route.name} reads the ${String(name)} header, which the reference does not describe`,
    );
  }
  return { $ref: `#/components/parameters/${parameter}` };
}

/** As Nest answers: the route's @HttpCode, else 201 for a POST and 200 for the rest. */
function successStatus(route: Route): number {
  const method: RequestMethod = Reflect.getMetadata(METHOD_METADATA, route.handler);
  return Reflect.getMetadata(HTTP_CODE_METADATA, route.handler) ?? (method === RequestMethod.POST ? 201 : 200);
}

function isGet(route: Route): boolean {
  return Reflect.getMetadata(METHOD_METADATA, route.handler) === RequestMethod.GET;
}

/** The route's successful answer, replacing the bare one @nestjs/swagger may have made for its status. */
function describeAnswer(operation: OperationObject, doc: RouteDoc, status: number, revalidates: boolean): void {
  const { answer, location } = doc;
  if (answer === undefined) throw new Error(`operation ${operation.operationId} does not say what it answers (@Answers)`);
  for (const code of Object.keys(operation.responses)) if (code.startsWith('2')) delete operation.responses[code];
  const headers = Object.fromEntries(
    [...(answer.headers ?? []), ...(location ? (['Location'] as const) : [])].map((name) => [
      name,
      name === 'Location' ? { ...HEADERS.Location, description: location } : { $ref: `#/components/headers/${name}` },
    ]),
  );
  const content = {
    ...(answer.schema
      ? { 'application/json': { schema: answer.schema, ...(answer.example === undefined ? {} : { example: answer.example }) } }
      : {}),
    ...Object.fromEntries((answer.mediaTypes ?? []).map((mediaType) => [mediaType, {}])),
  };
  operation.responses[status] = {
    description: answer.description,
    ...(Object.keys(headers).length > 0 ? { headers } : {}),
    content,
  };
  if (answer.conditional) {
    operation.responses[304] = {
      description: 'Not Modified: the client’s copy (If-None-Match / If-Modified-Since) is current.',
      headers: Object.fromEntries(
        ['ETag', 'Last-Modified', 'Cache-Control'].map((name) => [name, { $ref: `#/components/headers/${name}` }]),
      ),
    };
  } else if (revalidates) {
    operation.responses[304] = {
      description: 'Not Modified: the client’s copy (If-None-Match) is current.',
      headers: { ETag: { $ref: '#/components/headers/ETag' } },
    };
  }
}

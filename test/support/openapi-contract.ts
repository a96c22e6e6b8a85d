import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { OpenAPIObject, OperationObject, ReferenceObject, ResponseObject } from '@nestjs/swagger';
import type { Response, Test } from 'supertest';

/**
 * Holds every answer an e2e spec receives to the OpenAPI document the app serves: its status must be
 * one the operation lists, its media type one the status lists, and a JSON body (problem+json too)
 * must match the schema, with no field the schema does not name. A body the service accepted (2xx)
 * must match the documented request schema. So the document cannot drift from the code unnoticed.
 */

const DOCUMENT_ID = 'openapi.json';
const METHODS = ['get', 'put', 'post', 'patch', 'delete'] as const;
type Method = (typeof METHODS)[number];

interface Operation {
  readonly template: string;
  readonly pattern: RegExp;
  /** Literal segments win over parameters when both match (`/audit/verify` over `/audit/{x}`). */
  readonly literals: number;
  readonly method: Method;
  readonly pointer: string;
  readonly operation: OperationObject;
}

/** A JSON pointer segment, as it goes into a URI fragment. */
const escapePointer = (segment: string): string =>
  encodeURIComponent(segment.replaceAll('~', '~0').replaceAll('/', '~1')).replaceAll('%7E', '~');
const isJson = (mediaType: string): boolean => mediaType === 'application/json' || mediaType.endsWith('+json');

/** Every object the document describes field by field is held to those fields: a field it does not name fails. */
function closed(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(closed);
  if (typeof node !== 'object' || node === null) return node;
  const copy = Object.fromEntries(Object.entries(node).map(([key, value]) => [key, closed(value)]));
  if ('properties' in copy && !('additionalProperties' in copy)) copy.additionalProperties = false;
  return copy;
}

export class OpenApiContract {
  private readonly ajv: Ajv2020;
  private readonly operations: Operation[];
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(private readonly document: OpenAPIObject) {
    // The document's own keywords (discriminator, example) are not JSON Schema's: strict mode would refuse them.
    this.ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
    addFormats(this.ajv);
    this.ajv.addSchema({ $id: DOCUMENT_ID, ...(closed(document) as object) });
    this.operations = Object.entries(document.paths).flatMap(([template, item]) =>
      METHODS.filter((method) => item[method] !== undefined).map((method) => ({
        template,
        pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+').replaceAll('.', '\\.')}$`),
        literals: template.split('/').filter((segment) => !segment.startsWith('{')).length,
        method,
        pointer: `#/paths/${escapePointer(template)}/${method}`,
        operation: item[method]!,
      })),
    );
  }

  /** Adds the check to a supertest request, before any assertion the spec makes itself. */
  watch(test: Test, method: string, url: string): Test {
    return test.expect((response: Response) => this.check(method, url, response, (test as unknown as { _data?: unknown })._data));
  }

  check(method: string, url: string, response: Response, sentBody?: unknown): void {
    // A CORS preflight is answered by the CORS layer for every route alike: it is no operation of the API.
    if (method === 'options') return;
    const path = new URL(url, 'http://copydesk').pathname;
    const asMethod = (method === 'head' ? 'get' : method) as Method;
    const found = this.find(asMethod, path);
    const what = `${method.toUpperCase()} ${path} answered ${response.status}`;
    if (found === undefined) {
      // No route has this address or method: Nest's 404 (or a 405) must still be a documented problem.
      if (response.status !== 404 && response.status !== 405) {
        throw new Error(`${what}, but the OpenAPI document has no operation for it`);
      }
      this.validate(`${what}`, '#/components/schemas/ProblemDetails', response.body);
      return;
    }
    const label = `${what} (${found.method.toUpperCase()} ${found.template})`;
    const statuses = Object.keys(found.operation.responses);
    if (!statuses.includes(String(response.status))) {
      throw new Error(`${label}: the OpenAPI document lists only ${statuses.join(', ')}\n${response.text?.slice(0, 500) ?? ''}`);
    }
    const { responsePointer, described } = this.response(found, response.status);
    const mediaType = (response.headers['content-type'] ?? '').split(';')[0].trim();
    const content = described.content ?? {};
    const hasBody = method !== 'head' && response.status !== 304 && (response.text ?? '').length > 0;
    if (!hasBody && mediaType === '') return;
    if (!(mediaType in content)) {
      throw new Error(
        `${label} with ${mediaType || 'no Content-Type'}: the document lists ${Object.keys(content).join(', ') || 'no body'}`,
      );
    }
    if (hasBody && isJson(mediaType) && content[mediaType].schema !== undefined) {
      this.validate(label, `${responsePointer}/content/${escapePointer(mediaType)}/schema`, JSON.parse(response.text));
    }
    const requestContent = (found.operation.requestBody as { content?: Record<string, { schema?: unknown }> } | undefined)
      ?.content;
    if (
      response.status < 300 &&
      requestContent?.['application/json']?.schema &&
      typeof sentBody === 'object' &&
      sentBody !== null
    ) {
      this.validate(
        `${label}: the service accepted a body the document refuses;`,
        `${found.pointer}/requestBody/content/application~1json/schema`,
        sentBody,
      );
    }
  }

  private find(method: Method, path: string): Operation | undefined {
    return this.operations
      .filter((operation) => operation.method === method && operation.pattern.test(path))
      .sort((a, b) => b.literals - a.literals)[0];
  }

  /** The response object, following a reference to the document's shared responses. */
  private response(found: Operation, status: number): { responsePointer: string; described: ResponseObject } {
    const described = found.operation.responses[status] as ResponseObject | ReferenceObject;
    if ('$ref' in described) {
      const name = described.$ref.split('/').pop()!;
      return { responsePointer: described.$ref, described: this.document.components!.responses![name] as ResponseObject };
    }
    return { responsePointer: `${found.pointer}/responses/${status}`, described };
  }

  /** Fails with `label` and what is wrong unless `value` matches the schema at `pointer` (`#/components/schemas/…`). */
  validate(label: string, pointer: string, value: unknown): void {
    let validate = this.compiled.get(pointer);
    if (validate === undefined) {
      validate = this.ajv.compile({ $ref: `${DOCUMENT_ID}${pointer}` });
      this.compiled.set(pointer, validate);
    }
    if (!validate(value)) {
      const errors = (validate.errors ?? []).map(
        (error) => `  ${error.instancePath || '(body)'} ${error.message} ${JSON.stringify(error.params)}`,
      );
      throw new Error(
        `${label} does not match the OpenAPI document (${pointer}):\n${errors.slice(0, 10).join('\n')}\n${JSON.stringify(value).slice(0, 800)}`,
      );
    }
  }
}

import type { ReferenceObject, SchemaObject } from '@nestjs/swagger';

/*
 * Small builders for the response schemas, typed against the interfaces the service really returns:
 * `object<ArticleView>({...})` does not compile unless it names every field of ArticleView, and marks
 * exactly the optional ones optional. The e2e contract check then holds the values to the schema.
 */

export type Schema = SchemaObject | ReferenceObject;

const OPTIONAL = Symbol('optional');
interface Optional {
  readonly [OPTIONAL]: Schema;
}

/** A field the service may leave out (an optional property of the interface). */
export const optional = (schema: Schema): Optional => ({ [OPTIONAL]: schema });

/** Each field of T: optional() where T may leave it out; anything where T says `unknown`. */
export type Fields<T> = {
  readonly [K in keyof T]-?: unknown extends T[K] ? Schema | Optional : undefined extends T[K] ? Optional : Schema;
};

const isOptional = (field: Schema | Optional): field is Optional => OPTIONAL in field;

export function object<T>(fields: Fields<T>, description?: string): SchemaObject {
  const entries = Object.entries<Schema | Optional>(fields);
  return {
    type: 'object',
    ...(description ? { description } : {}),
    required: entries.filter(([, field]) => !isOptional(field)).map(([name]) => name),
    properties: Object.fromEntries(entries.map(([name, field]) => [name, isOptional(field) ? field[OPTIONAL] : field])),
  };
}

export const string = (extra: SchemaObject = {}): SchemaObject => ({ type: 'string', ...extra });
export const integer = (extra: SchemaObject = {}): SchemaObject => ({ type: 'integer', ...extra });
/** A number of things: an integer from 0. */
export const count = (description?: string): SchemaObject => integer({ minimum: 0, ...(description ? { description } : {}) });
export const boolean = (description?: string): SchemaObject => ({ type: 'boolean', ...(description ? { description } : {}) });
export const dateTime = (description?: string): SchemaObject =>
  string({ format: 'date-time', ...(description ? { description } : {}) });
export const uuid = (): SchemaObject => string({ format: 'uuid' });
export const oneOfValues = (values: readonly string[]): SchemaObject => string({ enum: [...values] });
export const listOf = (items: Schema, description?: string): SchemaObject => ({
  type: 'array',
  items,
  ...(description ? { description } : {}),
});
/** Any JSON value: what an unreadable or foreign value holds. */
export const anyValue = (description: string): SchemaObject => ({ description });

/** The value, or null (OpenAPI 3.1 writes it as a type list or an anyOf). */
export function nullable(schema: Schema): Schema {
  if ('$ref' in schema || schema.type === undefined) return { anyOf: [schema, { type: 'null' }] };
  return { ...schema, type: [schema.type].flat().concat('null') };
}

/** Named schemas, gathered for the document's components; a schema is used by reference to its name. */
const components = new Map<string, SchemaObject>();

export function component(name: string, schema: SchemaObject): ReferenceObject {
  if (components.has(name) && components.get(name) !== schema) throw new Error(`two schemas are named ${name}`);
  components.set(name, schema);
  return { $ref: `#/components/schemas/${name}` };
}

export const namedSchemas = (): Record<string, SchemaObject> => Object.fromEntries(components);

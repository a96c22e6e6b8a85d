import type { Type } from '@nestjs/common';
import { ApiProperty, getSchemaPath, type ApiPropertyOptions } from '@nestjs/swagger';
import type { ReferenceObject, SchemaObject } from '@nestjs/swagger';
import { defaultMetadataStorage } from 'class-transformer/cjs/storage.js';
import { getMetadataStorage } from 'class-validator';
import { descriptionOf } from '../common/describe';

type ValidationMetadata = ReturnType<ReturnType<typeof getMetadataStorage>['getTargetValidationMetadatas']>[number];

/*
 * A DTO's OpenAPI schema, read from the class-validator (and class-transformer) decorators that
 * validate it: the document states the very rules requests are held to, not a second copy of them.
 * What validation cannot say (what a field means) comes from @Describe beside it.
 */

/** Where a DTO is read from: a query string holds no nulls, so IsOptional there means "may be absent" only. */
export type DtoPlace = 'body' | 'query';

type Keywords = (constraints: readonly unknown[]) => SchemaObject;

const typeOfValues = (values: readonly unknown[]): SchemaObject['type'] =>
  values.every((value) => typeof value === 'number') ? 'number' : 'string';

/** Schema keywords of each class-validator rule, on the value itself or (with `each`) on each item of a list. */
const VALUE_RULES: Record<string, Keywords> = {
  isString: () => ({ type: 'string' }),
  isNotEmpty: () => ({ minLength: 1 }),
  maxLength: ([max]) => ({ type: 'string', maxLength: max as number }),
  matches: ([pattern]) => ({ type: 'string', pattern: (pattern as RegExp).source }),
  isIn: ([values]) => ({ type: typeOfValues(values as unknown[]), enum: [...(values as unknown[])] }),
  isInt: () => ({ type: 'integer' }),
  min: ([min]) => ({ minimum: min as number }),
  max: ([max]) => ({ maximum: max as number }),
  isBoolean: () => ({ type: 'boolean' }),
  isUrl: () => ({ type: 'string', format: 'uri' }),
  isUUID: () => ({ type: 'string', format: 'uuid' }),
  isZonedTime: () => ({ type: 'string', format: 'date-time' }),
  isObject: () => ({ type: 'object' }),
};

/** Rules about a list as a whole. */
const LIST_RULES: Record<string, Keywords> = {
  isArray: () => ({ type: 'array' }),
  arrayMaxSize: ([max]) => ({ maxItems: max as number }),
  arrayMinSize: ([min]) => ({ minItems: min as number }),
  arrayNotEmpty: () => ({ minItems: 1 }),
  arrayUnique: () => ({ uniqueItems: true }),
};

/** The DTOs documented so far, and the classes @nestjs/swagger must be told of because it cannot reach them itself. */
export class DocumentedDtos {
  private readonly done = new Set<Type<unknown>>();
  /** The members of polymorphic lists: @nestjs/swagger does not follow a oneOf to them. */
  readonly extraModels = new Set<Type<unknown>>();

  /** Writes @nestjs/swagger property metadata on `dto`, and on every class nested in it, from its validation rules. */
  document(dto: Type<unknown>, place: DtoPlace): void {
    if (this.done.has(dto)) return;
    this.done.add(dto);
    const rules = getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false);
    for (const property of new Set(rules.map((rule) => rule.propertyName))) {
      const ofProperty = rules.filter((rule) => rule.propertyName === property);
      const description = descriptionOf(dto.prototype as object, property);
      const options = { ...this.propertyOptions(dto, property, ofProperty, place), ...(description ? { description } : {}) };
      ApiProperty(options as ApiPropertyOptions)(dto.prototype as object, property);
    }
  }

  private propertyOptions(dto: Type<unknown>, property: string, rules: readonly ValidationMetadata[], place: DtoPlace) {
    const optional = rules.find((rule) => rule.type === 'conditionalValidation');
    // IsOptional lets null through as well; MayBeAbsent (a bare ValidateIf) does not.
    const nullable = place === 'body' && optional?.name === 'isOptional';
    const value: SchemaObject = {};
    const items: SchemaObject = {};
    const list: SchemaObject = {};
    for (const rule of rules) {
      if (rule.type !== 'customValidation' || rule.name === undefined) continue;
      const listRule = LIST_RULES[rule.name];
      if (listRule) Object.assign(list, listRule(rule.constraints ?? []));
      const keywords = VALUE_RULES[rule.name]?.(rule.constraints ?? []);
      if (keywords) Object.assign(rule.each ? items : value, keywords);
    }
    const nested = rules.some((rule) => rule.type === 'nestedValidation') ? this.nestedSchema(dto, property) : null;
    const common = { required: optional === undefined, ...(nullable ? { nullable } : {}) };
    if (Object.keys(list).length > 0 || Object.keys(items).length > 0) {
      return { ...common, ...list, type: 'array', items: nested ?? items };
    }
    // A nullable reference is an anyOf: @nestjs/swagger would give it the `type: object` that null fails.
    if (nested !== null && nullable) return { required: common.required, anyOf: [nested, { type: 'null' }] };
    return { ...common, ...(nested ?? value) };
  }

  /** A nested DTO by reference, or the oneOf of a list whose items class-transformer tells apart by a discriminator. */
  private nestedSchema(dto: Type<unknown>, property: string): SchemaObject | ReferenceObject {
    const typed = defaultMetadataStorage.findTypeMetadata(dto, property);
    const discriminator = typed?.options?.discriminator;
    if (discriminator) {
      const members = discriminator.subTypes.map(({ name, value }) => {
        const member = value as Type<unknown>;
        this.document(member, 'body');
        this.extraModels.add(member);
        return [name, getSchemaPath(member)] as const;
      });
      return {
        oneOf: members.map(([, $ref]) => ({ $ref })),
        discriminator: { propertyName: discriminator.property, mapping: Object.fromEntries(members) },
      };
    }
    const nestedClass = typed?.typeFunction() as Type<unknown> | undefined;
    if (nestedClass === undefined) throw new Error(`${dto.name}.${property} is validated as nested but has no @Type`);
    this.document(nestedClass, 'body');
    this.extraModels.add(nestedClass);
    return { $ref: getSchemaPath(nestedClass) };
  }
}

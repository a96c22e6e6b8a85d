const DESCRIPTION = 'copydesk:description';

/**
 * What a DTO field means, for the API reference (its type and limits come from its validation rules,
 * see src/openapi/validation-schema.ts). One text serves the reader of the code and of /docs.
 */
export const Describe =
  (description: string): PropertyDecorator =>
  (target, property) =>
    Reflect.defineMetadata(DESCRIPTION, description, target, property);

export const descriptionOf = (target: object, property: string): string | undefined =>
  Reflect.getMetadata(DESCRIPTION, target, property);

import { ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import type { FieldError } from './problem-details';
import { ProblemException } from './problem.exception';

const VALIDATION_PROBLEM = 'https://copydesk.dev/problems/validation';

/**
 * Bodies and queries are checked against their DTOs before any handler runs: unknown fields are
 * refused, not silently dropped, and every failing field is named with its path and its first fault
 * as the DTO reads: a missing headline "must be a string", not "must be shorter than 300 characters".
 */
class ProblemValidationPipe extends ValidationPipe {
  constructor() {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      forbidUnknownValues: true,
      transform: true,
      validationError: { target: false, value: false },
      exceptionFactory: (errors) => {
        const fieldErrors = flatten(errors);
        return ProblemException.of(400, `the request is not valid: ${fieldErrors.map((error) => error.field).join(', ')}`, {
          type: VALIDATION_PROBLEM,
          errors: fieldErrors,
        });
      },
    });
  }

  /**
   * A DTO body must be a JSON object; an array, a string or null gets one clear answer. No body at
   * all reads as {}, so a command whose fields are all optional can be sent bare (curl -X POST).
   */
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && value === undefined) value = {};
    if (
      metadata.type === 'body' &&
      this.toValidate(metadata) &&
      (typeof value !== 'object' || value === null || Array.isArray(value))
    ) {
      throw ProblemException.of(400, 'the body must be a JSON object', {
        type: VALIDATION_PROBLEM,
        errors: [{ field: '(body)', messages: ['must be a JSON object'] }],
      });
    }
    return super.transform(value, metadata);
  }
}

export function validationPipe(): ValidationPipe {
  return new ProblemValidationPipe();
}

function flatten(errors: readonly ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = /^\d+$/.test(error.property)
      ? `${parent}[${error.property}]`
      : parent
        ? `${parent}.${error.property}`
        : error.property;
    // class-validator runs a field's decorators from the nearest one outwards, so the last failure
    // recorded is the leftmost decorator: the type check, as DTOs are written.
    const own: FieldError[] = error.constraints ? [{ field, messages: Object.values(error.constraints).slice(-1) }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

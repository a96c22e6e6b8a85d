import { ValidationPipe, type ValidationError } from '@nestjs/common';
import type { FieldError } from './problem-details';
import { ProblemException } from './problem.exception';

/**
 * Bodies and queries are checked against their DTOs before any handler runs: unknown fields are
 * refused, not silently dropped, and every failing field is named with its path.
 */
export function validationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const fieldErrors = flatten(errors);
      return ProblemException.of(400, `the request is not valid: ${fieldErrors.map((error) => error.field).join(', ')}`, {
        type: 'https://copydesk.dev/problems/validation',
        errors: fieldErrors,
      });
    },
  });
}

function flatten(errors: readonly ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = /^\d+$/.test(error.property) ? `${parent}[${error.property}]` : parent ? `${parent}.${error.property}` : error.property;
    const own: FieldError[] = error.constraints ? [{ field, messages: Object.values(error.constraints) }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

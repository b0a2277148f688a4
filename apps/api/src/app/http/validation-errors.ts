import type { ValidationError } from '@nestjs/common';
import type { ValidatorOptions } from 'class-validator';
import { FieldValidationException, type FieldProblem } from './error-response';

/** How a body is checked against its DTO: no unknown key, no object of an unknown class. */
export const BODY_VALIDATION: ValidatorOptions = { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true };

/** The ValidationPipe's errors as a 400 naming every field (nested ones dotted). */
export function validationExceptionFactory(errors: ValidationError[]): FieldValidationException {
  return new FieldValidationException(fieldProblemsOf(errors));
}

/** class-validator's errors as field problems, nested fields dotted. */
export function fieldProblemsOf(errors: ValidationError[]): FieldProblem[] {
  return flatten(errors);
}

function flatten(errors: ValidationError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    // No property: the value itself was refused (a missing or non-object body).
    const property = error.property || 'body';
    const field = prefix ? `${prefix}.${property}` : property;
    const own = error.constraints ? [{ field, messages: Object.values(error.constraints) }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

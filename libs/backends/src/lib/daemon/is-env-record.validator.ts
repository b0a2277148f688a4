import { registerDecorator, type ValidationOptions } from 'class-validator';

/** A portable environment variable name (POSIX: letters, digits, underscore; no leading digit). */
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** True for an object whose keys are environment variable names and whose values are strings. */
export function isEnvRecord(value: unknown): value is Record<string, string> {
  return (
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    Object.entries(value).every(([key, item]) => ENV_NAME.test(key) && typeof item === 'string')
  );
}

/**
 * Environment variables for a child process: names (letters, digits, _) mapped to
 * strings. The message names the field only, never a value (values may be secrets).
 */
export function IsEnvRecord(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyKey) => {
    registerDecorator({
      name: 'isEnvRecord',
      target: target.constructor,
      propertyName: propertyKey as string,
      options,
      validator: {
        validate: isEnvRecord,
        defaultMessage: (args) =>
          `${args?.property ?? 'value'} must map variable names (letters, digits, _) to strings`,
      },
    });
  };
}

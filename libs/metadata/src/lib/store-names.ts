import { InvalidNameError } from './metadata-errors';

/** Names of services and service types: also used as file names in the store. */
export const NAME_PATTERN = /^[a-z0-9][a-z0-9_-]{0,62}$/;

export const NAME_RULE =
  'must be 1-63 characters of lowercase letters, digits, "_" or "-", starting with a letter or digit';

/** Renders an untrusted value for an error message: quoted, escaped, truncated. */
export function describeValue(value: unknown): string {
  if (typeof value !== 'string') {
    return value === null ? 'null' : typeof value;
  }
  const shown = value.length > 40 ? `${value.slice(0, 40)}...` : value;
  return `${JSON.stringify(shown)} (${value.length} characters)`;
}

export function isValidName(value: unknown): value is string {
  return typeof value === 'string' && NAME_PATTERN.test(value);
}

/** Throws InvalidNameError unless `value` is a valid service or type name. */
export function assertValidName(value: unknown, kind = 'service name'): string {
  if (!isValidName(value)) {
    throw new InvalidNameError(`Invalid ${kind} ${describeValue(value)}: ${NAME_RULE}`, kind);
  }
  return value;
}

import { registerDecorator, type ValidationOptions } from 'class-validator';

/** Why a value is not an acceptable service URL, or undefined when it is. */
export function httpUrlProblem(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') return 'must be an http(s) URL';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be an http(s) URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'must use http or https';
  if (url.username || url.password) return 'must not carry credentials; use the credential fields instead';
  if (url.search || url.hash) return 'must not have a query string or fragment';
  return undefined;
}

/**
 * An absolute http(s) URL without user info, query or fragment: credentials go in
 * their own (secret) fields, so that a URL can be shown and logged as it is.
 */
export function IsHttpUrl(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyKey) => {
    registerDecorator({
      name: 'isHttpUrl',
      target: target.constructor,
      propertyName: propertyKey as string,
      options,
      validator: {
        validate: (value: unknown) => httpUrlProblem(value) === undefined,
        defaultMessage: (args) => `${args?.property ?? 'url'} ${httpUrlProblem(args?.value) ?? 'is invalid'}`,
      },
    });
  };
}

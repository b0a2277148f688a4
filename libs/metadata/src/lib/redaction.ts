import { hasOwn, type JsonObject, type JsonValue } from './plain-data';

export type SecretStatus = 'set' | 'not set';

export interface RedactedConfig {
  /** The config without any secret field. */
  config: JsonObject;
  /** For each declared secret field: whether a value is stored. */
  secrets: Record<string, SecretStatus>;
}

/** Shown in place of a secret value inside text. */
export const REDACTED = '***';

/**
 * Shortest secret value masked inside text: masking shorter values would
 * garble ordinary words, and such values are not secrets in any real sense.
 */
export const MIN_MASKED_SECRET_LENGTH = 4;

/**
 * The one way configs leave the store towards an API, a log or a file that
 * is not the service file: secret fields removed, their presence reported.
 */
export function redactConfig(
  config: Readonly<Record<string, unknown>>,
  secretFields: readonly string[],
): RedactedConfig {
  const secretSet = new Set(secretFields);
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(config)) {
    if (secretSet.has(key)) continue;
    Object.defineProperty(out, key, {
      value: value as JsonValue,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  const secrets: Record<string, SecretStatus> = {};
  for (const field of [...secretSet].sort()) {
    const value = hasOwn(config, field) ? config[field] : undefined;
    secrets[field] = value === undefined || value === null || value === '' ? 'not set' : 'set';
  }
  return { config: out, secrets };
}

/** Masks every occurrence of a known secret value inside `text`. */
export function redactText(text: string, secretValues: Iterable<string>): string {
  const values = [...new Set(secretValues)]
    .filter((value) => typeof value === 'string' && value.length >= MIN_MASKED_SECRET_LENGTH)
    .sort((a, b) => b.length - a.length);
  let out = text;
  for (const value of values) {
    if (out.includes(value)) out = out.split(value).join(REDACTED);
  }
  return out;
}

/** redactText applied to every string (values and keys) of a JSON value. */
export function redactDeep<T extends JsonValue>(value: T, secretValues: readonly string[]): T {
  if (secretValues.length === 0) return value;
  const walk = (item: JsonValue): JsonValue => {
    if (typeof item === 'string') return redactText(item, secretValues);
    if (Array.isArray(item)) return item.map(walk);
    if (item !== null && typeof item === 'object') {
      const out: JsonObject = {};
      for (const [key, child] of Object.entries(item)) {
        Object.defineProperty(out, redactText(key, secretValues), {
          value: walk(child),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return out;
    }
    return item;
  };
  return walk(value) as T;
}

/** The plain secret values of a decrypted config, for redactText. */
export function secretValuesOf(config: Readonly<Record<string, unknown>>, secretFields: readonly string[]): string[] {
  return secretFields
    .map((field) => (hasOwn(config, field) ? config[field] : undefined))
    .filter((value): value is string => typeof value === 'string' && value !== '');
}

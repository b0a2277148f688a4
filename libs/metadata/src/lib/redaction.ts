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
 * Shortest secret value masked wherever it appears inside text. A shorter value (a
 * 1 to 3 character password) is masked too, but only where it stands as a whole
 * token: not inside a longer run of letters and digits. So `PASS pw` becomes
 * `PASS ***` while `password` and `upward` stay readable.
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

const WORD_CHAR = /[\p{L}\p{N}]/u;

/**
 * Masks every occurrence of a known secret value inside `text`: values of
 * MIN_MASKED_SECRET_LENGTH characters or more everywhere, shorter ones as whole
 * tokens (see MIN_MASKED_SECRET_LENGTH). Longest values first. Never throws:
 * anything but a string comes back as its String() form, masked.
 */
export function redactText(text: string, secretValues: Iterable<string>): string {
  let out = typeof text === 'string' ? text : String(text);
  const values = [...new Set(secretValues)]
    .filter((value) => typeof value === 'string' && value.length > 0)
    .sort((a, b) => b.length - a.length);
  for (const value of values) {
    if (!out.includes(value)) continue;
    out = value.length >= MIN_MASKED_SECRET_LENGTH ? out.split(value).join(REDACTED) : maskWholeTokens(out, value);
  }
  return out;
}

/** Replaces `value` where the characters around it are no letters or digits. */
function maskWholeTokens(text: string, value: string): string {
  let out = '';
  let from = 0;
  for (let at = text.indexOf(value); at >= 0; at = text.indexOf(value, at + value.length)) {
    const before = at > 0 ? text[at - 1] : '';
    const after = text[at + value.length] ?? '';
    const edgeBefore = !WORD_CHAR.test(value[0]) || before === '' || !WORD_CHAR.test(before);
    const edgeAfter = !WORD_CHAR.test(value[value.length - 1]) || after === '' || !WORD_CHAR.test(after);
    if (!edgeBefore || !edgeAfter) continue;
    out += text.slice(from, at) + REDACTED;
    from = at + value.length;
  }
  return out + text.slice(from);
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

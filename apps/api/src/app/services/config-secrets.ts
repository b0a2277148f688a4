import type { JsonObject } from '@ipfs-kit/metadata';

/**
 * What GET /api/services/{name}/config shows in place of a stored secret. Sent
 * back in a PUT or PATCH, it means "keep the stored secret", so reading a config
 * and writing the same body back changes nothing.
 */
export const SECRET_PLACEHOLDER = '********';

/** The config as clients see it: each stored secret replaced by the placeholder, unset ones left out. */
export function withSecretPlaceholders(config: Readonly<Record<string, unknown>>, secretFields: readonly string[]): JsonObject {
  const secrets = new Set(secretFields);
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(config)) {
    if (secrets.has(key) && (value === undefined || value === null || value === '')) continue;
    Object.defineProperty(out, key, {
      value: secrets.has(key) ? SECRET_PLACEHOLDER : value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

/**
 * The one rule for secrets in an update: a secret field the body leaves out (PUT)
 * or sends as the placeholder (PUT and PATCH) keeps its stored value; `null`
 * removes it; any other value replaces it. A placeholder for a secret that is not
 * stored is dropped (there is nothing to keep).
 */
export function keepStoredSecrets(
  next: Record<string, unknown>,
  body: Readonly<Record<string, unknown>>,
  stored: Readonly<Record<string, unknown>>,
  secretFields: readonly string[],
  omittedMeansKeep: boolean,
): Record<string, unknown> {
  const out = { ...next };
  for (const field of secretFields) {
    const sent = Object.prototype.hasOwnProperty.call(body, field);
    const keep = sent ? body[field] === SECRET_PLACEHOLDER : omittedMeansKeep;
    if (!keep) continue;
    if (stored[field] !== undefined && stored[field] !== null) out[field] = stored[field];
    else delete out[field];
  }
  return out;
}

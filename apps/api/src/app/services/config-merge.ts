import { FORBIDDEN_BODY_KEYS } from '../http/request-body';

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * JSON Merge Patch (RFC 7396): objects merge recursively, `null` removes a key, any
 * other value replaces. Used by PATCH /api/services/{name}/config.
 */
export function mergePatch(target: Json, patch: Json): Json {
  const out: Json = {};
  for (const [key, value] of Object.entries(target)) define(out, key, value);
  for (const [key, value] of Object.entries(patch)) {
    if (FORBIDDEN_BODY_KEYS.has(key)) continue;
    if (value === null) {
      delete out[key];
    } else if (isObject(value)) {
      define(out, key, mergePatch(isObject(out[key]) ? (out[key] as Json) : {}, value));
    } else {
      define(out, key, value);
    }
  }
  return out;
}

function define(object: Json, key: string, value: unknown): void {
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
}

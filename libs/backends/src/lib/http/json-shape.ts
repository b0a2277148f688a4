import { BackendError } from '../contract/backend-error';

/**
 * Small readers for JSON answers: each checks one field's type and throws a
 * `protocol` BackendError naming the request and the field when the answer does not
 * have the documented shape.
 */
export type JsonObject = Record<string, unknown>;

export function parseJson(text: string, request: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new BackendError('protocol', `${request} answered with a body that is not JSON: ${preview(text)}`);
  }
}

export function asObject(value: unknown, request: string, what = 'the answer'): JsonObject {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw shapeError(request, what, 'an object', value);
  }
  return value as JsonObject;
}

export function asArray(value: unknown, request: string, what = 'the answer'): unknown[] {
  if (!Array.isArray(value)) throw shapeError(request, what, 'an array', value);
  return value;
}

export function asString(value: unknown, request: string, what: string): string {
  if (typeof value !== 'string') throw shapeError(request, what, 'a string', value);
  return value;
}

/** Throws unless the field is present (any type). */
export function requireField(object: JsonObject, key: string, request: string, what = 'the object'): unknown {
  const value = field(object, key);
  if (value === undefined || value === null) throw shapeError(request, `field "${key}" of ${what}`, 'present', value);
  return value;
}

export function field(object: JsonObject, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(object, key) ? object[key] : undefined;
}

export function stringField(object: JsonObject, key: string, request: string): string {
  const value = field(object, key);
  if (typeof value !== 'string') throw shapeError(request, `field "${key}"`, 'a string', value);
  return value;
}

export function optionalStringField(object: JsonObject, key: string, request: string): string | undefined {
  const value = field(object, key);
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw shapeError(request, `field "${key}"`, 'a string', value);
  return value;
}

export function numberField(object: JsonObject, key: string, request: string): number {
  const value = field(object, key);
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw shapeError(request, `field "${key}"`, 'a number', value);
  return value;
}

export function optionalNumberField(object: JsonObject, key: string, request: string): number | undefined {
  const value = field(object, key);
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw shapeError(request, `field "${key}"`, 'a number', value);
  return value;
}

export function arrayField(object: JsonObject, key: string, request: string): unknown[] {
  const value = field(object, key);
  if (!Array.isArray(value)) throw shapeError(request, `field "${key}"`, 'an array', value);
  return value;
}

/** `null` is read as an empty list (Go encodes a nil slice as `null`). */
export function listField(object: JsonObject, key: string, request: string): unknown[] {
  const value = field(object, key);
  if (value === null || value === undefined) return [];
  if (!Array.isArray(value)) throw shapeError(request, `field "${key}"`, 'an array', value);
  return value;
}

export function objectField(object: JsonObject, key: string, request: string): JsonObject {
  return asObject(field(object, key), request, `field "${key}"`);
}

function shapeError(request: string, what: string, expected: string, got: unknown): BackendError {
  return new BackendError(
    'protocol',
    `${request} answered an unexpected shape: ${what} should be ${expected}, got ${kind(got)}`,
  );
}

function kind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value === undefined) return 'nothing';
  return `a ${typeof value}`;
}

function preview(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  if (oneLine === '') return '(empty)';
  return JSON.stringify(oneLine.length > 80 ? `${oneLine.slice(0, 79)}…` : oneLine);
}

import { InvalidConfigError, ValueTooLargeError } from './metadata-errors';

/** Keys refused at any depth: they could rewrite an object's prototype. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export interface PlainDataLimits {
  /** Deepest nesting allowed (the root object is depth 0). */
  maxDepth?: number;
  /** Most values (objects, arrays, scalars) allowed in total. */
  maxNodes?: number;
}

const DEFAULT_MAX_DEPTH = 32;
const DEFAULT_MAX_NODES = 100_000;

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return false;
  }
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

export function hasOwn(object: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(object, key);
}

/**
 * Validates that `value` is a plain object of JSON-compatible data (strings,
 * finite numbers, booleans, null, arrays, plain objects) without
 * prototype-pollution keys, and returns a deep copy with `undefined`
 * properties dropped. Throws InvalidConfigError naming the offending location.
 */
export function clonePlainObject(value: unknown, what = 'config', limits: PlainDataLimits = {}): JsonObject {
  if (!isPlainObject(value)) {
    throw new InvalidConfigError(`Invalid ${what}: expected a plain object, got ${kindOf(value)}`, what);
  }
  return cloneJsonValue(value, what, limits) as JsonObject;
}

/** Like clonePlainObject, for any JSON-compatible value (arrays, scalars too). */
export function cloneJsonValue(value: unknown, what = 'value', limits: PlainDataLimits = {}): JsonValue {
  if (value === undefined) {
    throw new InvalidConfigError(`Invalid ${what}: undefined is not JSON-compatible data`, what);
  }
  const maxDepth = limits.maxDepth ?? DEFAULT_MAX_DEPTH;
  const maxNodes = limits.maxNodes ?? DEFAULT_MAX_NODES;
  try {
    return copyValue(value, 0, { nodes: 0, maxDepth, maxNodes });
  } catch {
    // Something is refused (or odd): the checked copy says what and where.
  }
  return cloneValue(value, what, 0, { nodes: 0, maxDepth, maxNodes }, what);
}

/** Thrown by copyValue for anything the checked copy must explain. */
const REFUSED = new Error('refused');

/**
 * The copy of data that passes every rule, without building the location of each value
 * (the checked copy, cloneValue, builds them for its errors): throws at the first value
 * a rule refuses. A key that Object.prototype has (toString, or anything added to it)
 * is defined, never assigned, so no setter runs.
 */
function copyValue(value: unknown, depth: number, state: CloneState): JsonValue {
  if (++state.nodes > state.maxNodes) throw REFUSED;
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return value;
    throw REFUSED;
  }
  if (depth >= state.maxDepth) throw REFUSED;
  if (Array.isArray(value)) {
    if (Object.getPrototypeOf(value) !== Array.prototype) throw REFUSED;
    const out: JsonValue[] = new Array<JsonValue>(value.length);
    for (let index = 0; index < value.length; index++) {
      const item: unknown = value[index];
      if (item === undefined) throw REFUSED;
      out[index] = copyValue(item, depth + 1, state);
    }
    return out;
  }
  if (!isPlainObject(value)) throw REFUSED;
  const out: JsonObject = {};
  for (const key of Object.keys(value)) {
    if (FORBIDDEN_KEYS.has(key)) throw REFUSED;
    const item = value[key];
    if (item === undefined) continue;
    const copy = copyValue(item, depth + 1, state);
    if (key in Object.prototype) Object.defineProperty(out, key, { value: copy, enumerable: true, writable: true, configurable: true });
    else out[key] = copy;
  }
  return out;
}

interface CloneState {
  nodes: number;
  maxDepth: number;
  maxNodes: number;
}

function cloneValue(value: unknown, location: string, depth: number, state: CloneState, what: string): JsonValue {
  state.nodes += 1;
  if (state.nodes > state.maxNodes) {
    throw new ValueTooLargeError(`Invalid ${what}: more than ${state.maxNodes} values`, state.maxNodes);
  }
  if (value === null || typeof value === 'string' || typeof value === 'boolean') {
    return value;
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) {
      throw new InvalidConfigError(`Invalid ${what}: ${location} is not a finite number`, location);
    }
    return value;
  }
  if (depth >= state.maxDepth) {
    throw new InvalidConfigError(
      `Invalid ${what}: nested deeper than ${state.maxDepth} levels at ${location}`,
      location,
    );
  }
  if (Array.isArray(value)) {
    return value.map((item, index) => {
      if (item === undefined) {
        throw new InvalidConfigError(`Invalid ${what}: ${location}[${index}] is undefined`, `${location}[${index}]`);
      }
      return cloneValue(item, `${location}[${index}]`, depth + 1, state, what);
    });
  }
  if (isPlainObject(value)) {
    const out: JsonObject = {};
    for (const key of Object.keys(value)) {
      const keyLocation = `${location}.${key}`;
      if (FORBIDDEN_KEYS.has(key)) {
        throw new InvalidConfigError(`Invalid ${what}: key '${key}' is not allowed (at ${keyLocation})`, keyLocation);
      }
      const item = value[key];
      if (item === undefined) {
        continue;
      }
      // defineProperty: never invokes a setter, whatever the key.
      Object.defineProperty(out, key, {
        value: cloneValue(item, keyLocation, depth + 1, state, what),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  }
  throw new InvalidConfigError(`Invalid ${what}: ${location} is ${kindOf(value)}, not JSON-compatible data`, location);
}

export function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value instanceof Date) return 'a Date';
  if (typeof value === 'object') {
    const ctor = (value as { constructor?: { name?: unknown } }).constructor;
    return typeof ctor?.name === 'string' && ctor.name !== 'Object'
      ? `an instance of ${ctor.name}`
      : 'an object with a custom prototype';
  }
  return `a ${typeof value}`;
}

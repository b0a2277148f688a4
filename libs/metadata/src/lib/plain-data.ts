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
  const state: CloneState = { what, nodes: 0, maxDepth: limits.maxDepth ?? DEFAULT_MAX_DEPTH, maxNodes: limits.maxNodes ?? DEFAULT_MAX_NODES };
  return cloneValue(value, 0, state, []);
}

interface CloneState {
  /** What the value is, for errors (`config`, `state`...): the root's location. */
  what: string;
  nodes: number;
  maxDepth: number;
  maxNodes: number;
}

/**
 * The keys and indexes from the root to the value being copied. Its location (`config.a[2].b`)
 * is built only for an error: building one string per value cost more than the copy.
 */
type Path = Array<string | number>;

function locationOf(what: string, path: Path): string {
  let location = what;
  for (const step of path) location += typeof step === 'number' ? `[${step}]` : `.${step}`;
  return location;
}

function cloneValue(value: unknown, depth: number, state: CloneState, path: Path): JsonValue {
  const { what } = state;
  state.nodes += 1;
  if (state.nodes > state.maxNodes) {
    throw new ValueTooLargeError(`Invalid ${what}: more than ${state.maxNodes} values`, state.maxNodes);
  }
  if (value === null || typeof value === 'string' || typeof value === 'boolean') {
    return value;
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) {
      const location = locationOf(what, path);
      throw new InvalidConfigError(`Invalid ${what}: ${location} is not a finite number`, location);
    }
    return value;
  }
  if (depth >= state.maxDepth) {
    const location = locationOf(what, path);
    throw new InvalidConfigError(`Invalid ${what}: nested deeper than ${state.maxDepth} levels at ${location}`, location);
  }
  if (Array.isArray(value)) {
    // A hole stays a hole (as Array.prototype.map leaves it).
    const out: JsonValue[] = new Array<JsonValue>(value.length);
    for (let index = 0; index < value.length; index++) {
      if (!(index in value)) continue;
      const item: unknown = value[index];
      path.push(index);
      if (item === undefined) {
        const location = locationOf(what, path);
        throw new InvalidConfigError(`Invalid ${what}: ${location} is undefined`, location);
      }
      out[index] = cloneValue(item, depth + 1, state, path);
      path.pop();
    }
    return out;
  }
  if (isPlainObject(value)) {
    const out: JsonObject = {};
    for (const key of Object.keys(value)) {
      path.push(key);
      if (FORBIDDEN_KEYS.has(key)) {
        const location = locationOf(what, path);
        throw new InvalidConfigError(`Invalid ${what}: key '${key}' is not allowed (at ${location})`, location);
      }
      const item = value[key];
      if (item !== undefined) {
        const copy = cloneValue(item, depth + 1, state, path);
        // A key Object.prototype has (toString, or anything added to it) is defined, never
        // assigned, so no setter runs; any other key is assigned (the faster of the two).
        if (key in Object.prototype) Object.defineProperty(out, key, { value: copy, enumerable: true, writable: true, configurable: true });
        else out[key] = copy;
      }
      path.pop();
    }
    return out;
  }
  const location = locationOf(what, path);
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

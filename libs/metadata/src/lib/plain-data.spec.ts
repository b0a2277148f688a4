import { InvalidConfigError, ValueTooLargeError } from './metadata-errors';
import { clonePlainObject, cloneJsonValue } from './plain-data';

describe('plain data', () => {
  it('deep-copies JSON-compatible data and drops undefined properties', () => {
    const input = { a: 1, b: 'x', c: [true, null, { d: 2 }], e: undefined, f: { g: {} } };
    const copy = clonePlainObject(input);
    expect(copy).toEqual({ a: 1, b: 'x', c: [true, null, { d: 2 }], f: { g: {} } });
    expect(copy['c']).not.toBe(input.c);
  });

  it.each([
    ['null', null],
    ['an array', [1, 2]],
    ['a string', 'config'],
    ['a number', 5],
    ['a Date', new Date()],
    ['a Map', new Map()],
    ['a class instance', new (class Foo {})()],
  ])('refuses %s as a config', (_label, value) => {
    expect(() => clonePlainObject(value)).toThrow(InvalidConfigError);
  });

  it.each(['__proto__', 'constructor', 'prototype'])('refuses the key %s at any depth', (key) => {
    const nested = JSON.parse(`{"a": {"b": [{"${key}": {"polluted": true}}]}}`);
    expect(() => clonePlainObject(nested)).toThrow(new RegExp(`key '${key}' is not allowed`));
    expect(() => clonePlainObject(JSON.parse(`{"${key}": 1}`))).toThrow(InvalidConfigError);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('refuses functions, symbols, bigints, NaN and undefined array items', () => {
    expect(() => clonePlainObject({ f: () => 1 })).toThrow(/config.f is a function/);
    expect(() => clonePlainObject({ s: Symbol('x') })).toThrow(InvalidConfigError);
    expect(() => clonePlainObject({ n: BigInt(1) })).toThrow(InvalidConfigError);
    expect(() => clonePlainObject({ n: Number.NaN })).toThrow(/not a finite number/);
    expect(() => clonePlainObject({ a: [undefined] })).toThrow(/undefined/);
  });

  it('refuses cycles and excessive depth or size', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    expect(() => clonePlainObject(cyclic)).toThrow(/nested deeper/);
    expect(() => clonePlainObject({ a: new Array(20).fill(1) }, 'config', { maxNodes: 10 })).toThrow(
      ValueTooLargeError,
    );
  });

  it('names the location of a refused value deep inside (the copy checks first, then says where)', () => {
    expect(() => clonePlainObject({ a: { b: [1, { f: () => 1 }] } }, 'state')).toThrow(/^Invalid state: state\.a\.b\[1\]\.f is a function/);
    expect(() => clonePlainObject({ a: [{ n: Number.POSITIVE_INFINITY }] }, 'monitoring data')).toThrow('monitoring data.a[0].n is not a finite number');
  });

  it('copies keys that Object.prototype also has as own data, and never runs a setter added to it', () => {
    const copy = clonePlainObject(JSON.parse('{"toString": "x", "hasOwnProperty": 1, "valueOf": {"a": 1}}'));
    expect(Object.keys(copy)).toEqual(['toString', 'hasOwnProperty', 'valueOf']);
    expect(copy['valueOf']).toEqual({ a: 1 });
    const calls: unknown[] = [];
    Object.defineProperty(Object.prototype, 'trap', { set: (value: unknown) => calls.push(value), configurable: true });
    try {
      const trapped = clonePlainObject({ nested: { trap: 'value' } });
      expect(Object.getOwnPropertyDescriptor(trapped['nested'], 'trap')?.value).toBe('value');
      expect(calls).toEqual([]);
    } finally {
      delete (Object.prototype as Record<string, unknown>)['trap'];
    }
  });

  it('clones any JSON value', () => {
    expect(cloneJsonValue([1, { a: 'b' }])).toEqual([1, { a: 'b' }]);
    expect(cloneJsonValue('x')).toBe('x');
    expect(() => cloneJsonValue(undefined)).toThrow(InvalidConfigError);
  });
});

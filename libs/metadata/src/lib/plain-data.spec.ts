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

  it('clones any JSON value', () => {
    expect(cloneJsonValue([1, { a: 'b' }])).toEqual([1, { a: 'b' }]);
    expect(cloneJsonValue('x')).toBe('x');
    expect(() => cloneJsonValue(undefined)).toThrow(InvalidConfigError);
  });
});

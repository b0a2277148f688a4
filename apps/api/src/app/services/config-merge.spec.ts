import { mergePatch } from './config-merge';

describe('mergePatch (RFC 7396)', () => {
  it('replaces values, merges objects and removes keys set to null', () => {
    expect(mergePatch({ a: 1, b: { c: 2, d: 3 }, e: [1] }, { a: 2, b: { d: null, f: 4 }, e: [2], g: 'x' })).toEqual({
      a: 2,
      b: { c: 2, f: 4 },
      e: [2],
      g: 'x',
    });
  });

  it('never copies prototype keys', () => {
    const patch = JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}');
    const merged = mergePatch({ a: 1 }, patch);
    expect(merged).toEqual({ a: 1 });
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('leaves the target unchanged', () => {
    const target = { a: { b: 1 } };
    mergePatch(target, { a: { b: 2 } });
    expect(target).toEqual({ a: { b: 1 } });
  });
});

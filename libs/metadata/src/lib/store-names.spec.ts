import { InvalidNameError } from './metadata-errors';
import { assertValidName, isValidName } from './store-names';

describe('store names', () => {
  it.each(['ipfs', 's3', 'ipfs_cluster', 'my-bucket-2', '0abc', 'a'.repeat(63)])('accepts %s', (name) => {
    expect(assertValidName(name)).toBe(name);
  });

  it.each([
    ['a slash', 'a/b'],
    ['dot-dot', '..'],
    ['a path', '../etc/passwd'],
    ['NUL', 'ipfs\0'],
    ['64 characters', 'a'.repeat(64)],
    ['upper case', 'IPFS'],
    ['a leading dash', '-x'],
    ['a leading underscore', '_x'],
    ['empty', ''],
    ['a dot', 'a.b'],
    ['a space', 'a b'],
  ])('refuses %s', (_label, name) => {
    expect(() => assertValidName(name)).toThrow(InvalidNameError);
    expect(isValidName(name)).toBe(false);
  });

  it('refuses non-strings and names the kind', () => {
    expect(() => assertValidName(42, 'service type')).toThrow(/Invalid service type number/);
    expect(() => assertValidName(null)).toThrow(/Invalid service name null/);
  });

  it('quotes NUL safely and truncates long names in the message', () => {
    const error = (() => {
      try {
        assertValidName(`x\0${'y'.repeat(100)}`);
      } catch (e) {
        return e as InvalidNameError;
      }
      return null;
    })();
    expect(error?.message).toContain('\\u0000');
    expect(error?.message).toContain('(102 characters)');
    expect(error?.message).not.toContain('y'.repeat(60));
  });
});

import { DocumentFormatError } from './metadata-errors';
import { parseJson, formatJson } from './safe-json';
import { dumpYaml, parseYaml } from './safe-yaml';
import { BILLION_LAUGHS } from '../test-support/yaml-bombs.fixture';

describe('safe YAML', () => {
  it('parses ordinary documents with the core schema plus PyYAML booleans', () => {
    expect(parseYaml('a: 1\nb: yes\nc: "yes"\nd: 2025-01-01\ne: ~\nf: Off\ny: n\n')).toEqual({
      a: 1,
      b: true,
      c: 'yes',
      d: '2025-01-01',
      e: null,
      f: false,
      y: 'n',
    });
  });

  it('accepts a few aliases and merge keys', () => {
    expect(parseYaml('base: &b {x: 1}\nother:\n  <<: *b\n  y: 2\n')).toEqual({
      base: { x: 1 },
      other: { x: 1, y: 2 },
    });
  });

  it('refuses a billion-laughs document before expanding it', () => {
    expect(() => parseYaml(BILLION_LAUGHS)).toThrow(DocumentFormatError);
    expect(() => parseYaml(BILLION_LAUGHS)).toThrow(/aliases|expands/);
  });

  it('refuses an expansion bomb that stays under the alias limit', () => {
    // 6 levels x 10 aliases = 60 aliases, expanding to 10^6 nodes.
    const lines = ['l0: &l0 [0,0,0,0,0,0,0,0,0,0]'];
    for (let level = 1; level <= 6; level += 1) {
      lines.push(`l${level}: &l${level} [${new Array(10).fill(`*l${level - 1}`).join(',')}]`);
    }
    expect(() => parseYaml(lines.join('\n'))).toThrow(/expands to more than/);
  });

  it('refuses documents over the size limit', () => {
    expect(() => parseYaml(`a: ${'x'.repeat(2000)}`, { maxBytes: 1000 })).toThrow(/larger than the 1000 byte limit/);
  });

  it('refuses empty and multi-document sources', () => {
    expect(() => parseYaml('')).toThrow(DocumentFormatError);
    expect(() => parseYaml('a: 1\n---\nb: 2\n')).toThrow(DocumentFormatError);
  });

  it('reports syntax errors by position without quoting the source', () => {
    try {
      parseYaml('a: [1\npassword: hunter2-secret\n');
      throw new Error('no error');
    } catch (error) {
      expect(error).toBeInstanceOf(DocumentFormatError);
      expect((error as Error).message).toMatch(/line \d+, column \d+/);
      expect((error as Error).message).not.toContain('hunter2');
    }
  });

  it('dumps block YAML without anchors, quoting ambiguous strings', () => {
    const shared = { x: 1 };
    const text = dumpYaml({ a: shared, b: shared, v: '1.0', w: 'yes' });
    expect(text).not.toContain('&');
    expect(text).toContain("v: '1.0'");
    expect(text).toContain("w: 'yes'");
    expect(parseYaml(text)).toEqual({ a: { x: 1 }, b: { x: 1 }, v: '1.0', w: 'yes' });
  });
});

describe('safe JSON', () => {
  it('parses and formats', () => {
    expect(parseJson(formatJson({ a: [1] }))).toEqual({ a: [1] });
  });

  it('reports errors without quoting the input', () => {
    try {
      parseJson('{"password": hunter2-secret}');
      throw new Error('no error');
    } catch (error) {
      expect(error).toBeInstanceOf(DocumentFormatError);
      expect((error as Error).message).toMatch(/^invalid JSON/);
      expect((error as Error).message).not.toContain('hunter2');
    }
    expect(() => parseJson('{"a":')).toThrow(/unexpected end of input/);
    expect(() => parseJson('[1]', 2)).toThrow(/larger than/);
  });
});

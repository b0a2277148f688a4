import { parseCommandLine } from './command-line';

class UsageError extends Error {}

const OPTIONS = { port: { type: 'string' }, check: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } as const;

describe(parseCommandLine.name, () => {
  it('reads flags, values in both forms and positionals', () => {
    const sut = parseCommandLine(['--port', '80', '-h', 'a', '--check'], OPTIONS, UsageError, true);
    expect(sut.values).toEqual({ port: '80', help: true, check: true });
    expect(sut.positionals).toEqual(['a']);
    expect(parseCommandLine(['--port=81'], OPTIONS, UsageError).values.port).toBe('81');
  });

  it.each([
    [['--bogus'], 'unknown option "--bogus" (see --help)'],
    [['stray'], 'unknown option "stray" (see --help)'],
    [['--port'], '--port needs a value'],
    [['--check=yes'], '--check takes no value'],
  ])('turns %j into the usage error "%s"', (argv, message) => {
    expect(() => parseCommandLine(argv, OPTIONS, UsageError)).toThrow(new UsageError(message));
  });
});

import { DEFAULT_DEMO_DIR, DEMO_HELP, DEMO_SERVICES, DemoUsageError, parseDemoArgs } from './demo-options';

describe(parseDemoArgs.name, () => {
  it('defaults: interactive, build first, tmp/demo, port chosen later, nothing skipped', () => {
    expect(parseDemoArgs([])).toEqual({
      help: false,
      check: false,
      build: true,
      dir: DEFAULT_DEMO_DIR,
      port: null,
      skip: new Set(),
    });
    expect(DEFAULT_DEMO_DIR).toMatch(/[/\\]tmp[/\\]demo$/);
  });

  it('reads every option, in both --flag value and --flag=value forms', () => {
    const sut = parseDemoArgs(
      ['--check', '--no-build', '--dir', 'x/y', '--port=9123', '--skip', 'ftp, sshfs', '--skip=ipfs'],
      '/work',
    );
    expect(sut).toEqual({
      help: false,
      check: true,
      build: false,
      dir: '/work/x/y',
      port: 9123,
      skip: new Set(['ftp', 'sshfs', 'ipfs']),
    });
    expect(parseDemoArgs(['--dir=/abs/dir']).dir).toBe('/abs/dir');
    expect(parseDemoArgs(['-h']).help).toBe(true);
  });

  it.each([
    [['--bogus'], 'unknown option "--bogus"'],
    [['--port'], '--port needs a value'],
    [['--port', 'http'], '--port must be a number'],
    [['--port', '70000'], 'between 1 and 65535'],
    [['--skip', 'ipfs,nfs'], 'unknown server "nfs"'],
    [['--dir='], '--dir needs a value'],
  ])('refuses %j with a clear message', (argv, message) => {
    expect(() => parseDemoArgs(argv)).toThrow(DemoUsageError);
    expect(() => parseDemoArgs(argv)).toThrow(message);
  });

  it('documents every option and server in --help', () => {
    for (const option of ['--check', '--no-build', '--dir', '--port', '--skip', '--help'])
      expect(DEMO_HELP).toContain(option);
    expect(DEMO_HELP).toContain(DEMO_SERVICES.join(','));
    expect(DEMO_HELP).toContain('~/.ipfs_kit');
  });
});

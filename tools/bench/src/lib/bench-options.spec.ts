import { BENCH_HELP, BENCH_SECTIONS, BenchUsageError, DEFAULT_BUDGET_S, DEFAULT_OUT_DIR, parseBenchArgs } from './bench-options';

describe(parseBenchArgs.name, () => {
  it('defaults: every section, build first, tmp/bench, 20 services, 300 requests, 540 s', () => {
    expect(parseBenchArgs([])).toEqual({
      help: false,
      quick: false,
      build: true,
      outDir: DEFAULT_OUT_DIR,
      sections: new Set(BENCH_SECTIONS),
      services: 20,
      requests: 300,
      budgetS: DEFAULT_BUDGET_S,
    });
    expect(DEFAULT_BUDGET_S).toBe(540);
    expect(DEFAULT_OUT_DIR).toMatch(/[/\\]tmp[/\\]bench$/);
  });

  it('reads every option', () => {
    const sut = parseBenchArgs(
      [
        '--quick',
        '--no-build',
        '--only',
        'store,api,probes',
        '--skip=probes',
        '--services',
        '5',
        '--requests=50',
        '--budget',
        '60',
        '--out',
        'out',
      ],
      '/w',
    );
    expect(sut).toEqual({
      help: false,
      quick: true,
      build: false,
      outDir: '/w/out',
      sections: new Set(['store', 'api']),
      services: 5,
      requests: 50,
      budgetS: 60,
    });
    expect(parseBenchArgs(['--help']).help).toBe(true);
    expect(parseBenchArgs(['-h']).help).toBe(true);
    expect(parseBenchArgs(['--only', 'scale']).sections).toEqual(new Set(['scale']));
  });

  it.each([
    [['--fast'], 'unknown option "--fast"'],
    [['--only', 'disk'], 'unknown section "disk"'],
    [['--skip', 'store,concurrent,probes,api,mcp,scale,fleet'], 'no section left'],
    [['stray'], 'unknown option "stray"'],
    [['--out='], '--out needs a value'],
    [['--services', '0'], 'between 1 and 500'],
    [['--requests', 'many'], 'whole number'],
    [['--budget'], '--budget needs a value'],
  ])('refuses %j', (argv, message) => {
    expect(() => parseBenchArgs(argv)).toThrow(BenchUsageError);
    expect(() => parseBenchArgs(argv)).toThrow(message);
  });

  it('documents every option and section in --help', () => {
    for (const word of [
      '--quick',
      '--only',
      '--skip',
      '--services',
      '--requests',
      '--budget',
      '--no-build',
      '--out',
      '--help',
      'p50/p95/p99',
      'results-<timestamp>.json',
    ]) {
      expect(BENCH_HELP).toContain(word);
    }
    for (const section of BENCH_SECTIONS) expect(BENCH_HELP).toMatch(new RegExp(`^  ${section}\\s`, 'm'));
  });
});

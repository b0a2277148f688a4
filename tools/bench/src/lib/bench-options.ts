import { isAbsolute, join, resolve } from 'node:path';
import { REPO_ROOT } from '@ipfs-kit/testbed';
import { PLANNED_BUDGET_S } from './bench-context';

export const BENCH_SECTIONS = ['store', 'concurrent', 'probes', 'api', 'mcp'] as const;
export type BenchSectionName = (typeof BENCH_SECTIONS)[number];

export interface BenchOptions {
  help: boolean;
  /** Fewer runs and shorter loops: a smoke run of every measurement (~1 minute). */
  quick: boolean;
  /** Build the API with Nx first (from the cache when nothing changed); the API section needs dist/apps/api/main.js. */
  build: boolean;
  /** Where results-<timestamp>.json is written. */
  outDir: string;
  sections: ReadonlySet<BenchSectionName>;
  /** Services added to the API before its requests are timed. */
  services: number;
  /** Most timed requests per API measurement. */
  requests: number;
  /** Measuring budget in seconds (the build before it not counted); loops shrink and late sections are skipped (with the reason) to fit. */
  budgetS: number;
}

export class BenchUsageError extends Error {}

export const DEFAULT_OUT_DIR = join(REPO_ROOT, 'tmp', 'bench');

export const BENCH_HELP = `Usage: npm run bench -- [options]

Measures (never asserts) on this machine, loopback only, bounded in count and time:
  store       metadata store: service config writes (atomic write + file lock) and reads
              per second, without and with secrets (encrypted), list, state updates
  concurrent  two OS processes writing one store at once, against one process alone
  probes      probe latency of each local backend against its real server: parquet and
              arrow folders, s3rver, js-ipfs; vsftpd and sshd when run as root
  api         the built API: POST /api/services/add, GET /api/system/health and
              GET /api/services/list with N services (one client, then 8 at once)
  mcp         the built API: tools/call get_service_status over Streamable HTTP (both
              protocol eras) beside GET /api/services/{name}/status; the ratio (goal 0.5x)
plus memory (RSS and heap of this process before and after, RSS of the API process).
Prints a table (p50/p95/p99 in ms, operations per second) and writes the JSON results
to tmp/bench/results-<timestamp>.json. Load average and CPU count are recorded with them:
compare runs from similar conditions only.

Options:
  --quick          Fewer runs and shorter loops (a smoke run).
  --only LIST      Sections to run, comma-separated: ${BENCH_SECTIONS.join(',')}.
  --skip LIST      Sections to leave out.
  --services N     Services in the API before its requests are timed (default 20).
  --requests N     Most timed requests per API measurement (default 300).
  --budget S       Measuring budget in seconds (default ${PLANNED_BUDGET_S}; the Nx build before it is not
                   counted); loops shrink and late sections are skipped to fit.
  --no-build       Do not run \`nx build api\` first; use dist/apps/api/main.js as it is.
  --out DIR        Results folder (default tmp/bench).
  -h, --help       This text.
`;

export function parseBenchArgs(argv: readonly string[], cwd: string = process.cwd()): BenchOptions {
  const options: BenchOptions = {
    help: false,
    quick: false,
    build: true,
    outDir: DEFAULT_OUT_DIR,
    sections: new Set(BENCH_SECTIONS),
    services: 20,
    requests: 300,
    budgetS: PLANNED_BUDGET_S,
  };
  let only: Set<BenchSectionName> | null = null;
  const skip = new Set<BenchSectionName>();
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const inline = eq > 0 ? arg.slice(eq + 1) : undefined;
    const value = (): string => {
      const next = inline ?? argv[++i];
      if (next === undefined || next === '') throw new BenchUsageError(`${flag} needs a value`);
      return next;
    };
    switch (flag) {
      case '-h':
      case '--help':
        options.help = true;
        break;
      case '--quick':
        options.quick = true;
        break;
      case '--no-build':
        options.build = false;
        break;
      case '--only':
        only = new Set(sectionList(flag, value()));
        break;
      case '--skip':
        for (const section of sectionList(flag, value())) skip.add(section);
        break;
      case '--services':
        options.services = wholeNumber(flag, value(), 1, 500);
        break;
      case '--requests':
        options.requests = wholeNumber(flag, value(), 10, 100_000);
        break;
      case '--budget':
        options.budgetS = wholeNumber(flag, value(), 30, 3_600);
        break;
      case '--out': {
        const dir = value();
        options.outDir = isAbsolute(dir) ? dir : resolve(cwd, dir);
        break;
      }
      default:
        throw new BenchUsageError(`unknown option "${arg}" (see --help)`);
    }
  }
  const sections = new Set([...(only ?? BENCH_SECTIONS)].filter((section) => !skip.has(section)));
  if (sections.size === 0) throw new BenchUsageError('no section left to run');
  return { ...options, sections };
}

function sectionList(flag: string, raw: string): BenchSectionName[] {
  return raw
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean)
    .map((item) => {
      if (!(BENCH_SECTIONS as readonly string[]).includes(item)) {
        throw new BenchUsageError(`${flag}: unknown section "${item}" (known: ${BENCH_SECTIONS.join(', ')})`);
      }
      return item as BenchSectionName;
    });
}

function wholeNumber(flag: string, raw: string, min: number, max: number): number {
  if (!/^\d+$/.test(raw)) throw new BenchUsageError(`${flag} must be a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new BenchUsageError(`${flag} must be between ${min} and ${max}, got ${value}`);
  return value;
}

import { isAbsolute, join, resolve } from 'node:path';
import { parseCommandLine, REPO_ROOT } from '@ipfs-kit/testbed';

export const BENCH_SECTIONS = ['store', 'concurrent', 'probes', 'api', 'mcp', 'scale', 'fleet'] as const;
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
/** The default measuring budget: every section fits, scale and fleet (about 3 minutes each) included. */
export const DEFAULT_BUDGET_S = 540;

export const BENCH_HELP = `Usage: npm run bench -- [options]

Measures (never asserts) on this machine, loopback only, bounded in count and time:
  store       metadata store: service config writes (atomic write + file lock) and reads
              per second, without and with secrets (encrypted), list, state updates
  concurrent  two OS processes writing one store at once, against one process alone
  probes      probe latency of each local backend against its real server: parquet and
              arrow folders, s3rver, js-ipfs; vsftpd and sshd when run as root
  api         the built API: POST /api/services/add, GET /api/system/health,
              GET /api/services/list and GET /api/services/status with N services
              (autocannon: one connection, then 8 at once)
  mcp         the built API: tools/call get_service_status over Streamable HTTP (both
              protocol eras) beside GET /api/services/{name}/status; the ratio (goal 0.5x)
  scale       the built API with 1,000 parquet services and 3 s3 services on a server
              that never answers: autocannon at 50 connections on one status, all
              statuses, the list and health, each beside a bare node:http server; checks
              within the interval, CPU per probe, RSS per service, time to ready, history
              bytes per service per day; ratios and figures with their goals (about 3 min)
  fleet       a 3-server NATS JetStream cluster and 3 built APIs with 1,000 services each
              (100 with --quick): the delay from a status change on one node to its
              visibility through another node's API (p50, p99) beside a bare NATS
              publish/subscribe and a KV put/watch through the same cluster (about 3 min)
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
  --budget S       Measuring budget in seconds (default ${DEFAULT_BUDGET_S}; the Nx build before it is not
                   counted); loops shrink and late sections are skipped to fit.
  --no-build       Do not run \`nx build api\` first; use dist/apps/api/main.js as it is.
  --out DIR        Results folder (default tmp/bench).
  -h, --help       This text.
`;

/** The options, read by node:util parseArgs (through the test bed's parseCommandLine). */
const PARSE_OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  quick: { type: 'boolean' },
  'no-build': { type: 'boolean' },
  only: { type: 'string' },
  skip: { type: 'string' },
  services: { type: 'string' },
  requests: { type: 'string' },
  budget: { type: 'string' },
  out: { type: 'string' },
} as const;

export function parseBenchArgs(argv: readonly string[], cwd: string = process.cwd()): BenchOptions {
  const { values } = parseCommandLine(argv, PARSE_OPTIONS, BenchUsageError);
  const given = (flag: string, value: string | undefined): string | undefined => {
    if (value === '') throw new BenchUsageError(`${flag} needs a value`);
    return value;
  };
  const only = given('--only', values.only);
  const skipList = given('--skip', values.skip);
  const services = given('--services', values.services);
  const requests = given('--requests', values.requests);
  const budget = given('--budget', values.budget);
  const out = given('--out', values.out);
  const skip = new Set(skipList === undefined ? [] : sectionList('--skip', skipList));
  const sections = new Set((only === undefined ? [...BENCH_SECTIONS] : sectionList('--only', only)).filter((section) => !skip.has(section)));
  if (sections.size === 0) throw new BenchUsageError('no section left to run');
  return {
    help: values.help ?? false,
    quick: values.quick ?? false,
    build: !(values['no-build'] ?? false),
    outDir: out === undefined ? DEFAULT_OUT_DIR : isAbsolute(out) ? out : resolve(cwd, out),
    sections,
    services: services === undefined ? 20 : wholeNumber('--services', services, 1, 500),
    requests: requests === undefined ? 300 : wholeNumber('--requests', requests, 10, 100_000),
    budgetS: budget === undefined ? DEFAULT_BUDGET_S : wholeNumber('--budget', budget, 30, 3_600),
  };
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

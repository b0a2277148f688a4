import { join, resolve } from 'node:path';
import { parseCommandLine, REPO_ROOT } from '@ipfs-kit/testbed';

/** The local servers the demo can start, by the service name it gives each. */
export const DEMO_SERVICES = ['ipfs', 's3', 'ftp', 'sshfs', 'parquet', 'arrow'] as const;
export type DemoServiceName = (typeof DEMO_SERVICES)[number];

export const DEFAULT_DEMO_PORT = 8004;
export const DEFAULT_DEMO_DIR = join(REPO_ROOT, 'tmp', 'demo');

export interface DemoOptions {
  help: boolean;
  /** Start, verify through the API, print a summary, stop everything and exit. */
  check: boolean;
  /** Run the Nx build of the API and the dashboard first (cached when nothing changed). */
  build: boolean;
  /** The demo's own folder: the store (home/), server logs (logs/) and the datasets (data/). */
  dir: string;
  /** null: 8004 when it is free, else a free port (always a free port with --check). */
  port: number | null;
  skip: ReadonlySet<DemoServiceName>;
}

export class DemoUsageError extends Error {}

export const DEMO_HELP = `Usage: npm run demo -- [options]

Starts real local servers from the test bed (js-ipfs, s3rver with a bucket and objects,
vsftpd and OpenSSH sshd when run as root, a folder of Parquet and one of Arrow files),
builds the API and the dashboard when needed, starts the API with a fresh demo store,
adds one service per server through the API, starts them, and prints the dashboard URL
with its token. Ctrl-C stops the API and every server (by PID).

The demo never touches your own store (~/.ipfs_kit or IPFS_KIT_HOME): it uses
<dir>/home, emptied at every start.

Options:
  --check          Start everything, check through the API that every service is
                   running and healthy, print a summary, stop everything and exit
                   (exit code 0 when all is well, 1 otherwise).
  --no-build       Skip the Nx build; use dist/apps/api/main.js as it is.
  --dir DIR        The demo's folder (default tmp/demo): home/ (the store), logs/,
                   data/ (the datasets). Emptied at start; refused when it holds
                   something that the demo did not make.
  --port N         API port (default ${DEFAULT_DEMO_PORT}, or a free one when ${DEFAULT_DEMO_PORT} is taken;
                   --check always takes a free one).
  --skip LIST      Servers to leave out, comma-separated: ${DEMO_SERVICES.join(',')}.
  -h, --help       This text.

vsftpd (ftp) and sshd (sshfs) need root: they create local test users and run as root.
Without root they are skipped with a message.
`;

export function parseDemoArgs(argv: readonly string[], cwd: string = process.cwd()): DemoOptions {
  const { values } = parseCommandLine(
    argv,
    {
      help: { type: 'boolean', short: 'h' },
      check: { type: 'boolean' },
      'no-build': { type: 'boolean' },
      dir: { type: 'string' },
      port: { type: 'string' },
      skip: { type: 'string', multiple: true },
    },
    DemoUsageError,
  );
  const skip = new Set<DemoServiceName>();
  for (const list of values.skip ?? []) {
    for (const name of list
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean)) {
      if (!isDemoService(name)) throw new DemoUsageError(`--skip: unknown server "${name}" (known: ${DEMO_SERVICES.join(', ')})`);
      skip.add(name);
    }
  }
  const dir = values.dir === undefined ? DEFAULT_DEMO_DIR : resolve(cwd, given('--dir', values.dir));
  return {
    help: values.help ?? false,
    check: values.check ?? false,
    build: !(values['no-build'] ?? false),
    dir,
    port: values.port === undefined ? null : parsePort(given('--port', values.port)),
    skip,
  };
}

/** `--dir=` gives an empty value: as missing as no value. */
function given(flag: string, value: string): string {
  if (value === '') throw new DemoUsageError(`${flag} needs a value`);
  return value;
}

function parsePort(raw: string): number {
  if (!/^\d+$/.test(raw)) throw new DemoUsageError(`--port must be a number, got "${raw}"`);
  const port = Number(raw);
  if (port < 1 || port > 65_535) throw new DemoUsageError(`--port must be between 1 and 65535, got ${port}`);
  return port;
}

function isDemoService(name: string): name is DemoServiceName {
  return (DEMO_SERVICES as readonly string[]).includes(name);
}

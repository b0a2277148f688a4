import { isAbsolute, join, resolve } from 'node:path';
import { REPO_ROOT } from '@ipfs-kit/testbed';

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
  const options: DemoOptions = {
    help: false,
    check: false,
    build: true,
    dir: DEFAULT_DEMO_DIR,
    port: null,
    skip: new Set(),
  };
  const skip = new Set<DemoServiceName>();
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    const [flag, inline] =
      arg.startsWith('--') && arg.includes('=')
        ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
        : [arg, undefined];
    const value = (): string => {
      const next = inline ?? argv[++i];
      if (next === undefined || next === '') throw new DemoUsageError(`${flag} needs a value`);
      return next;
    };
    switch (flag) {
      case '-h':
      case '--help':
        options.help = true;
        break;
      case '--check':
        options.check = true;
        break;
      case '--no-build':
        options.build = false;
        break;
      case '--dir': {
        const dir = value();
        options.dir = isAbsolute(dir) ? dir : resolve(cwd, dir);
        break;
      }
      case '--port':
        options.port = parsePort(value());
        break;
      case '--skip':
        for (const name of value()
          .split(',')
          .map((item) => item.trim())
          .filter(Boolean)) {
          if (!isDemoService(name))
            throw new DemoUsageError(`--skip: unknown server "${name}" (known: ${DEMO_SERVICES.join(', ')})`);
          skip.add(name);
        }
        break;
      default:
        throw new DemoUsageError(`unknown option "${arg}" (see --help)`);
    }
  }
  return { ...options, skip };
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

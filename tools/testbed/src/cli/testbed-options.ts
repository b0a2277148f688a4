import { parseCommandLine } from '../lib/command-line';
import { TESTBED_SERVER_NAMES, type TestbedServerName } from '../servers/testbed-server';

export interface TestbedOptions {
  help: boolean;
  /** The servers to start, in the test bed's order. */
  servers: TestbedServerName[];
  /** True when the servers were named (then a server that cannot run is an error, not a skip). */
  named: boolean;
}

export class TestbedUsageError extends Error {}

/** Names on the command line: the service types, plus the names people use for them. */
const ALIASES: Readonly<Record<string, readonly TestbedServerName[]>> = {
  ...Object.fromEntries(TESTBED_SERVER_NAMES.map((name) => [name, [name]])),
  sftp: ['sshfs'],
  ssh: ['sshfs'],
  datasets: ['parquet', 'arrow'],
  all: TESTBED_SERVER_NAMES,
};

export const TESTBED_HELP = `Usage: npm run testbed -- [server ...]

Starts real local servers on 127.0.0.1, each in its own temp folder, prints for each
its address, its test credentials and a ready-to-paste ipfs-kit service (the body of
POST /api/services/add), and keeps them running until Ctrl-C or SIGTERM; then stops
every server by PID and removes the temp folders.

Servers (default: all that can run here):
  ipfs       js-ipfs daemon, Kubo RPC API, offline, a few files pinned
  s3         s3rver with a bucket and a few objects
  ftp        Debian's vsftpd with a local test user (needs root)
  sftp       OpenSSH sshd with a local test user and a key pair (needs root; type sshfs)
  datasets   a folder of Parquet files and one of Arrow files (or: parquet, arrow)

vsftpd and sshd need root: they create a local test user and run as root. Without
root they are left out of the default set, and naming them is an error.

Options:
  -h, --help   This text.

Example:
  npm run testbed -- s3 datasets
`;

export function parseTestbedArgs(argv: readonly string[]): TestbedOptions {
  const { values, positionals } = parseCommandLine(argv, { help: { type: 'boolean', short: 'h' } }, TestbedUsageError, true);
  const wanted = new Set<TestbedServerName>();
  for (const arg of positionals) {
    const names = ALIASES[arg.toLowerCase()];
    if (!names) {
      throw new TestbedUsageError(`unknown server "${arg}" (known: ${Object.keys(ALIASES).join(', ')})`);
    }
    for (const name of names) wanted.add(name);
  }
  const named = wanted.size > 0;
  const servers = TESTBED_SERVER_NAMES.filter((name) => !named || wanted.has(name));
  return { help: values.help ?? false, servers, named };
}

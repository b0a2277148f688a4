import { arrowTestbedServer, parquetTestbedServer } from './dataset.testbed-servers';
import { ftpTestbedServer } from './ftp.testbed-server';
import { ipfsTestbedServer } from './ipfs.testbed-server';
import { s3TestbedServer } from './s3.testbed-server';
import { sshfsTestbedServer } from './sshfs.testbed-server';
import type { TestbedServerEntry } from './testbed-server';

/** Every local server the test bed can start (for the demo and `npm run testbed`), in start order. */
export const TESTBED_SERVER_ENTRIES: readonly TestbedServerEntry[] = [
  ipfsTestbedServer,
  s3TestbedServer,
  ftpTestbedServer,
  sshfsTestbedServer,
  parquetTestbedServer,
  arrowTestbedServer,
];

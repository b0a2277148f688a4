import { arrowDemoServer, parquetDemoServer } from './dataset.demo-servers';
import type { DemoServerEntry } from './demo-server';
import { ftpDemoServer } from './ftp.demo-server';
import { ipfsDemoServer } from './ipfs.demo-server';
import { s3DemoServer } from './s3.demo-server';
import { sshfsDemoServer } from './sshfs.demo-server';

/** Every local server the demo can start, in the order their services are added. */
export const DEMO_SERVER_ENTRIES: readonly DemoServerEntry[] = [
  ipfsDemoServer,
  s3DemoServer,
  ftpDemoServer,
  sshfsDemoServer,
  parquetDemoServer,
  arrowDemoServer,
];

import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { loadEsm } from '@ipfs-kit/backends';
import { startJsIpfs } from '@ipfs-kit/testbed';
import { DEMO_CHECK_INTERVAL_S, seedOrStop, type DemoServerEntry } from './demo-server';

const SEED_FILES = [
  { path: 'hello.txt', content: Buffer.from('Hello from the ipfs-kit demo.\n') },
  { path: 'numbers.csv', content: Buffer.from(Array.from({ length: 500 }, (_, i) => `${i},${i * i}`).join('\n')) },
  { path: 'random.bin', content: randomBytes(300_000) },
];
const CALL_TIMEOUT_MS = 30_000;

/** A js-ipfs daemon (Kubo RPC API, offline) with a few files added and pinned. */
export const ipfsDemoServer: DemoServerEntry = {
  name: 'ipfs',
  label: 'js-ipfs',
  needsRoot: false,
  start: async ({ logsDir }) => {
    const daemon = await startJsIpfs({ logFile: join(logsDir, 'js-ipfs.log'), readyTimeoutMs: 150_000 });
    const cids = await seedOrStop(daemon.stop, async () => {
      const { create } = await loadEsm<typeof import('kubo-rpc-client')>('kubo-rpc-client');
      const client = create({ url: daemon.apiUrl });
      const added: string[] = [];
      for (const file of SEED_FILES) {
        const result = await client.add(file, {
          pin: true,
          timeout: CALL_TIMEOUT_MS,
          signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
        });
        added.push(result.cid.toString());
      }
      return added;
    });
    return {
      name: 'ipfs',
      type: 'ipfs',
      config: { api_url: daemon.apiUrl, check_interval_s: DEMO_CHECK_INTERVAL_S, timeout_ms: 15_000 },
      description: `js-ipfs on ${daemon.apiUrl} (pid ${daemon.pid}), ${cids.length} files added and pinned (${cids[0]} ...)`,
      pid: daemon.pid,
      stop: daemon.stop,
    };
  },
};

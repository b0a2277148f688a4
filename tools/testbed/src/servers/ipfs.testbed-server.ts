import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { startJsIpfs } from '../lib/js-ipfs';
import { importEsm } from '../lib/native-import';
import { seedOrStop, type TestbedServerEntry } from './testbed-server';

const SEED_FILES = [
  { path: 'hello.txt', content: Buffer.from('Hello from the ipfs-kit test bed.\n') },
  { path: 'numbers.csv', content: Buffer.from(Array.from({ length: 500 }, (_, i) => `${i},${i * i}`).join('\n')) },
  { path: 'random.bin', content: randomBytes(300_000) },
];
const CALL_TIMEOUT_MS = 30_000;

/** A js-ipfs daemon (Kubo RPC API, offline) with a few files added and pinned. */
export const ipfsTestbedServer: TestbedServerEntry = {
  name: 'ipfs',
  label: 'js-ipfs',
  needsRoot: false,
  start: async ({ logsDir }) => {
    const daemon = await startJsIpfs({ logFile: join(logsDir, 'js-ipfs.log'), readyTimeoutMs: 150_000 });
    const cids = await seedOrStop(daemon.stop, async () => {
      const { create } = await importEsm<typeof import('kubo-rpc-client')>('kubo-rpc-client');
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
      // js-ipfs answers some calls slowly: a longer timeout than the default.
      config: { api_url: daemon.apiUrl, timeout_ms: 15_000 },
      description: `js-ipfs on ${daemon.apiUrl} (Kubo RPC API /api/v0, pid ${daemon.pid}), ${cids.length} files added and pinned (${cids[0]} ...)`,
      address: daemon.apiUrl,
      credentials: 'none (the RPC API listens on 127.0.0.1 only)',
      pid: daemon.pid,
      stop: daemon.stop,
    };
  },
};

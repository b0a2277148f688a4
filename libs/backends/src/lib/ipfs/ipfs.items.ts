import type { KuboRPCClient } from 'kubo-rpc-client';
import type { CallOptions } from '../contract/backend-call';
import { pageOf, type ItemsPage, type ItemsQuery, type ServiceItem } from '../contract/service-items';
import { toSafeNumber } from '../contract/storage-info';

/** Runs one RPC under the call's deadline (the connection's rpc()). */
export type IpfsRpc = <T>(call: CallOptions, command: string, work: (client: KuboRPCClient, options: { signal: AbortSignal; timeout: number }) => Promise<T>) => Promise<T>;

/**
 * An IPFS node's items: without path, its pins (recursive and direct; at most `maxPins`
 * are read, then the listing says it is truncated), with the repo and bandwidth stats
 * as the summary; with path (a CID or /ipfs/ path), the entries of that directory.
 */
export async function listIpfsItems(rpc: IpfsRpc, maxPins: number, query: ItemsQuery, call: CallOptions): Promise<ItemsPage> {
  const target = (query.path ?? '').trim();
  if (target !== '') {
    const entries = await rpc(call, 'ls', async (client, options) => {
      const out: ServiceItem[] = [];
      for await (const entry of client.ls(target, options)) {
        out.push({ name: entry.name, path: entry.path, kind: entry.type === 'dir' ? 'folder' : 'file', size: entry.size ?? null, modified: null, details: { cid: entry.cid.toString() } });
        if (out.length >= maxPins) break;
      }
      return out;
    });
    return { ...pageOf(entries, query), ...(entries.length >= maxPins ? { truncated: `listing stopped after ${maxPins} entries` } : {}) };
  }
  const [pins, repo, bw] = await Promise.all([
    rpc(call, 'pin/ls', async (client, options) => {
      const out: ServiceItem[] = [];
      for await (const pin of client.pin.ls(options)) {
        if (pin.type === 'indirect') continue;
        const cid = pin.cid.toString();
        out.push({ name: cid, path: cid, kind: 'pin', size: null, modified: null, details: { pin_type: pin.type } });
        if (out.length >= maxPins) break;
      }
      return out;
    }),
    rpc(call, 'repo/stat', (client, options) => client.repo.stat(options)),
    rpc(call, 'stats/bw', async (client, options) => {
      for await (const sample of client.stats.bw(options)) return sample;
      return null;
    }),
  ]);
  return {
    ...pageOf(pins, query),
    ...(pins.length >= maxPins ? { truncated: `pin listing stopped after ${maxPins} pins (max_pins_counted)` } : {}),
    summary: {
      pins_listed: pins.length,
      repo: { size_bytes: toSafeNumber(repo.repoSize), objects: toSafeNumber(repo.numObjects), storage_max_bytes: toSafeNumber(repo.storageMax), path: repo.repoPath, version: repo.version },
      bandwidth: bw
        ? { total_in_bytes: toSafeNumber(bw.totalIn), total_out_bytes: toSafeNumber(bw.totalOut), rate_in_bytes_per_s: bw.rateIn, rate_out_bytes_per_s: bw.rateOut }
        : null,
    },
  };
}

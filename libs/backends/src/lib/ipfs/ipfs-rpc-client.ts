import type { KuboRPCClient } from 'kubo-rpc-client';
import { describeUrl } from '../http/describe-url';
import { loadEsm } from '../esm/load-esm';
import { IPFS_DEFAULT_HOST, IPFS_DEFAULT_PORT, type IpfsConfig } from './ipfs.config';

/**
 * The RPC endpoint a config names: `api_url` when set ("/api/v0" added when it has no
 * path), else http://host:port/api/v0. No trailing slash.
 */
export function ipfsRpcEndpoint(config: Pick<IpfsConfig, 'api_url' | 'host' | 'port'>): string {
  const url = new URL(config.api_url ?? `http://${config.host ?? IPFS_DEFAULT_HOST}:${config.port ?? IPFS_DEFAULT_PORT}`);
  if (url.pathname === '/' || url.pathname === '') url.pathname = '/api/v0';
  return describeUrl(url).replace(/\/+$/, '');
}

/** kubo-rpc-client (ESM-only, loaded at run time) bound to the endpoint. */
export async function createIpfsRpcClient(endpoint: string): Promise<KuboRPCClient> {
  const { create } = await loadEsm<typeof import('kubo-rpc-client')>('kubo-rpc-client');
  return create({ url: endpoint });
}

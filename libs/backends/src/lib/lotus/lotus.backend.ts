import { Injectable } from '@nestjs/common';
import type { BackendCapabilities, BackendTemplate } from '../contract/backend-results';
import type { BackendConnection, BackendContext, StorageBackendDriver } from '../contract/storage-backend.driver';
import { bearerAuthorization } from '../http/auth-headers';
import { StorageBackend } from '../contract/storage-backend.decorator';
import { LotusApi } from './lotus-api';
import { LOTUS_DEFAULT_API_URL, LotusConfig } from './lotus.config';
import { LotusConnection } from './lotus.connection';

/** Lotus: a Filecoin full node, reached over its JSON-RPC API. */
@StorageBackend()
@Injectable()
export class LotusBackendDriver implements StorageBackendDriver<LotusConfig> {
  readonly type = 'lotus' as const;
  readonly displayName = 'Lotus (Filecoin)';
  readonly description =
    'A Lotus Filecoin full node over JSON-RPC 2.0 (default http://127.0.0.1:1234/rpc/v1): version, chain height and ' +
    'sync lag, peers, bandwidth and the balances of the configured wallets (exact FIL, computed from attoFIL). ' +
    'Lotus has no storage quota API: quota and storage stay unknown unless quota_bytes is declared.';
  readonly configClass = LotusConfig;
  // quota: only a declared quota_bytes; storage: nothing to measure (storage() still answers, with reasons).
  readonly capabilities: BackendCapabilities = { stats: true, quota: true, storage: false, lifecycle: 'daemon' };
  readonly templates: readonly BackendTemplate[] = [
    {
      id: 'local-node',
      title: 'Local Lotus node',
      description:
        'lotus daemon on this machine, API on 127.0.0.1:1234; add a read token (lotus auth create-token --perm read).',
      config: { api_url: LOTUS_DEFAULT_API_URL },
    },
    {
      id: 'wallet-watch',
      title: 'Node with watched wallets',
      description: 'A node and the wallet addresses whose balances stats() reports.',
      config: { api_url: LOTUS_DEFAULT_API_URL, wallet_addresses: [], check_interval_s: 120 },
    },
  ];

  connect(config: LotusConfig, context: BackendContext): BackendConnection {
    const api = LotusApi.create({
      apiUrl: config.api_url ?? LOTUS_DEFAULT_API_URL,
      headers: config.token ? bearerAuthorization(config.token) : {},
      secrets: config.token ? [config.token] : [],
    });
    return new LotusConnection(config, context, api);
  }
}

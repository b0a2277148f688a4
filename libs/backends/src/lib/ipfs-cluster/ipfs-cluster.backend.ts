import { Injectable } from '@nestjs/common';
import type { BackendCapabilities, BackendTemplate } from '../contract/backend-results';
import type { BackendConnection, BackendContext, StorageBackendDriver } from '../contract/storage-backend.driver';
import { basicAuthorization, bearerAuthorization } from '../http/auth-headers';
import { StorageBackend } from '../contract/storage-backend.decorator';
import { IpfsClusterApi } from './ipfs-cluster-api';
import { IPFS_CLUSTER_DEFAULT_API_URL, IpfsClusterConfig } from './ipfs-cluster.config';
import { IpfsClusterConnection } from './ipfs-cluster.connection';

/** IPFS Cluster: pinset orchestration over several IPFS daemons, through a peer's REST API. */
@StorageBackend()
@Injectable()
export class IpfsClusterBackendDriver implements StorageBackendDriver<IpfsClusterConfig> {
  readonly type = 'ipfs_cluster' as const;
  readonly displayName = 'IPFS Cluster';
  readonly description =
    'An IPFS Cluster peer (ipfs-cluster-service) reached over its REST API (default port 9094): peers, pinset size, ' +
    'alerts and per-peer free space. A cluster peer drives its own IPFS daemon, so this service depends on an "ipfs" ' +
    'service: list it in depends_on and the API starts it first and shows this service degraded while it is down ' +
    '(the peer reports its IPFS connection in GET /id). Basic auth or a bearer token (JWT from POST /token).';
  readonly configClass = IpfsClusterConfig;
  readonly capabilities: BackendCapabilities = { stats: true, quota: true, storage: true, lifecycle: 'daemon' };
  readonly templates: readonly BackendTemplate[] = [
    {
      id: 'local-peer',
      title: 'Local cluster peer',
      description: 'ipfs-cluster-service on this machine, REST API on 127.0.0.1:9094, next to the "ipfs" service.',
      config: { api_url: IPFS_CLUSTER_DEFAULT_API_URL, depends_on: ['ipfs'] },
    },
    {
      id: 'remote-peer',
      title: 'Remote cluster peer over HTTPS',
      description:
        'A peer elsewhere behind TLS; add username and password (basic_auth_credentials) or a token from POST /token.',
      config: { api_url: 'https://cluster.example.org:9094', check_interval_s: 60, timeout_ms: 15_000 },
    },
  ];

  connect(config: IpfsClusterConfig, context: BackendContext): BackendConnection {
    const headers = config.token
      ? bearerAuthorization(config.token)
      : config.username !== undefined && config.password !== undefined
        ? basicAuthorization(config.username, config.password)
        : {};
    const api = IpfsClusterApi.create({
      apiUrl: config.api_url ?? IPFS_CLUSTER_DEFAULT_API_URL,
      headers,
      secrets: [config.password, config.token].filter((secret): secret is string => typeof secret === 'string'),
    });
    return new IpfsClusterConnection(config, context, api);
  }
}

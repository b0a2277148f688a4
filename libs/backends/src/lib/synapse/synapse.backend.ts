import { Injectable } from '@nestjs/common';
import type { BackendCapabilities, BackendTemplate } from '../contract/backend-results';
import type { BackendConnection, BackendContext, StorageBackendDriver } from '../contract/storage-backend.driver';
import { bearerAuthorization } from '../http/auth-headers';
import { StorageBackend } from '../contract/storage-backend.decorator';
import { SynapseApi } from './synapse-api';
import { SynapseConfig } from './synapse.config';
import { SynapseConnection } from './synapse.connection';

/** Synapse: a Matrix homeserver and its media store. */
@StorageBackend()
@Injectable()
export class SynapseBackendDriver implements StorageBackendDriver<SynapseConfig> {
  readonly type = 'synapse' as const;
  readonly displayName = 'Synapse (Matrix)';
  readonly description =
    "A Synapse Matrix homeserver: liveness from /health and the client API versions; with a server admin's access " +
    'token, local media use (bytes and count, admin API statistics/users/media) and the largest rooms in the database. ' +
    'No storage quota API: declare quota_bytes to set one.';
  readonly configClass = SynapseConfig;
  readonly capabilities: BackendCapabilities = { stats: true, quota: true, storage: true, lifecycle: 'daemon' };
  readonly templates: readonly BackendTemplate[] = [
    {
      id: 'local-homeserver',
      title: 'Local homeserver',
      description:
        'Synapse on this machine (default listener 127.0.0.1:8008); add an admin access token for media statistics.',
      config: { homeserver_url: 'http://127.0.0.1:8008' },
    },
    {
      id: 'public-homeserver',
      title: 'Homeserver behind TLS',
      description:
        'A homeserver reached over HTTPS, e.g. through its reverse proxy; admin endpoints must be reachable for media statistics.',
      config: { homeserver_url: 'https://matrix.example.org', check_interval_s: 120 },
    },
  ];

  connect(config: SynapseConfig, context: BackendContext): BackendConnection {
    const api = SynapseApi.create({
      homeserverUrl: config.homeserver_url,
      headers: config.access_token ? bearerAuthorization(config.access_token) : {},
      secrets: config.access_token ? [config.access_token] : [],
    });
    return new SynapseConnection(config, context, api);
  }
}

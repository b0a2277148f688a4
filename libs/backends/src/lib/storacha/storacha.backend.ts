import { Injectable } from '@nestjs/common';
import type { BackendCapabilities, BackendTemplate } from '../contract/backend-results';
import type { BackendConnection, BackendContext, StorageBackendDriver } from '../contract/storage-backend.driver';
import { StorageBackend } from '../contract/storage-backend.decorator';
import { StorachaConfig } from './storacha.config';
import { StorachaConnection } from './storacha.connection';

/** A Storacha (w3up) space, through @storacha/client and UCAN delegations. */
@StorageBackend()
@Injectable()
export class StorachaBackendDriver implements StorageBackendDriver<StorachaConfig> {
  readonly type = 'storacha' as const;
  readonly displayName = 'Storacha';
  readonly description =
    'A Storacha (web3.storage w3up) space through @storacha/client: UCAN key and delegation checked locally, space usage (usage/report), plan limit (plan/get).';
  readonly configClass = StorachaConfig;
  readonly capabilities: BackendCapabilities = { stats: true, quota: true, storage: true, lifecycle: 'activation' };
  readonly templates: readonly BackendTemplate[] = [
    {
      id: 'storacha-space',
      title: 'Storacha space',
      description:
        'A space on up.storacha.network: paste the agent key (storacha key create) and a delegation to it (storacha delegation create <agent DID> --can space/info --can usage/report --base64).',
      config: { endpoint: 'https://up.storacha.network', service_did: 'did:web:up.storacha.network' },
    },
  ];

  connect(config: StorachaConfig, context: BackendContext): BackendConnection {
    return new StorachaConnection(config, context);
  }
}
